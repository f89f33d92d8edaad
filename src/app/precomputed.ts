// The bundled first-screen run (public/precomputed/first-screen.json, written by
// scripts/precompute-first-screen.ts with the real solver in Node): shown, marked as precomputed, while the model
// loads and the live run of the same settings has not produced its points yet.
import type { Settings } from './settings';

export const PRECOMPUTED_FORMAT = 'dp-playground-precomputed-1';

/** The settings a run's pixels depend on (not the slider, chart or comparison). */
export type RunSettings = Pick<Settings, 'prior' | 'image' | 'degradation' | 'method' | 'seed'>;

export interface PrecomputedPoint {
  knob: number;
  label: string;
  metrics: { psnr: number; ssim: number; rmse: number; patchSwd: number };
  nfe: number;
  /** The output in 8-bit planar channels (base64), as [0,1] × 255. */
  pixels: string;
}

export interface PrecomputedRun {
  format: typeof PRECOMPUTED_FORMAT;
  settings: RunSettings;
  model: { name: string; sha256: string };
  solver: string;
  nfe: number;
  ms: number;
  points: PrecomputedPoint[];
}

export function precomputedSettings(settings: Settings): RunSettings {
  const { prior, image, degradation, method, seed } = settings;
  // N only matters to the posterior-mean reference.
  const { method: id, preset, samples } = method;
  return {
    prior,
    image,
    degradation,
    method: id === 'posterior-mean' ? { method: id, preset, samples } : { method: id, preset },
    seed,
  };
}

/** Same pixels would come out of a run of `settings` (key order does not matter). */
export function matchesPrecomputed(run: PrecomputedRun, settings: Settings): boolean {
  const canonical = (value: unknown): unknown =>
    value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;
  return JSON.stringify(canonical(run.settings)) === JSON.stringify(canonical(precomputedSettings(settings)));
}

/** A point's pixels in [-1,1] (model space). */
export function precomputedPixels(point: PrecomputedPoint): Float32Array {
  const bytes = Uint8Array.from(atob(point.pixels), (c) => c.charCodeAt(0));
  return Float32Array.from(bytes, (b) => (b / 255) * 2 - 1);
}

export function parsePrecomputed(value: unknown): PrecomputedRun | undefined {
  const run = value as PrecomputedRun;
  return run && run.format === PRECOMPUTED_FORMAT && Array.isArray(run.points) ? run : undefined;
}
