// Every user setting of the playground in one plain, serialisable object (the URL carries it). Runtime state
// (decoded images, results, progress) lives beside it in the store, never in here.
import type { Side } from '../core/operators';

export type PriorId = 'fashion32' | 'faces64' | 'sandbox';
export const PRIOR_IDS: readonly PriorId[] = ['fashion32', 'faces64', 'sandbox'];

export type DegradationKind =
  | 'blur-gaussian'
  | 'blur-motion'
  | 'blur-box'
  | 'inpaint-box'
  | 'inpaint-random'
  | 'inpaint-half'
  | 'inpaint-brush'
  | 'sr2'
  | 'sr4'
  | 'denoise';

export const DEGRADATION_KINDS: readonly DegradationKind[] = [
  'blur-gaussian',
  'blur-motion',
  'blur-box',
  'inpaint-box',
  'inpaint-random',
  'inpaint-half',
  'inpaint-brush',
  'sr2',
  'sr4',
  'denoise',
];

export interface DegradationSettings {
  kind: DegradationKind;
  /** Blur kernel side in pixels (odd). */
  kernelSize: number;
  /** Gaussian blur standard deviation in pixels. */
  blurStd: number;
  /** Motion blur intensity in [0, 1] (0: straight streak, 1: strongly curved shake). */
  motionIntensity: number;
  /** Box inpainting: the hole's side as a fraction of the image side. */
  boxFraction: number;
  /** Random inpainting: fraction of pixels missing. */
  missingFraction: number;
  halfSide: Side;
  /** Measurement noise σ_y in the [-1,1] image range. */
  sigmaY: number;
  /** Seed of the measurement noise, the random mask and the motion kernel (kept apart from the solver seed). */
  noiseSeed: number;
}

export type PresetId = 'paper' | 'fast' | 'quality';
export type ChartMetric = 'psnr' | 'ssim' | 'rmse';

export interface MethodSettings {
  method: string;
  preset: PresetId;
  /** N, the samples the posterior-mean reference averages (absent: POSTERIOR_MEAN_SAMPLES). */
  samples?: number;
}

/** Side-by-side comparison of methods/schedules over the same y and seed. */
export interface CompareSettings {
  /** The panels, 2 to 4 of them; empty when the comparison is off. */
  panels: MethodSettings[];
  /** Panel indices shown left and right of the wipe (split) view. */
  wipeLeft: number;
  wipeRight: number;
  /** Panel index whose computed t0 values the t0 strip shows. */
  strip: number;
}

export const MIN_PANELS = 2;
export const MAX_PANELS = 4;

export interface Settings {
  prior: PriorId;
  /** Gallery image id, or the name of the uploaded file (which the URL cannot carry). */
  image: { kind: 'gallery'; id: string } | { kind: 'upload'; name: string };
  degradation: DegradationSettings;
  method: MethodSettings;
  /** Solver seed: same seed ⇒ same pixels. */
  seed: number;
  /** Slider position: an index into the t0 grid. */
  slider: number;
  chartMetric: ChartMetric;
  compare: CompareSettings;
}

export const DEFAULT_SETTINGS: Settings = {
  prior: 'faces64',
  image: { kind: 'gallery', id: 'face-1' },
  // A blur strong enough that the D-P tradeoff shows on faces64: from x_MAP to t0 = 300 the fast MAP-RPS curve loses
  // about 1.4 dB PSNR and gains about 23 % in patch-SWD (docs/results.md).
  degradation: {
    kind: 'blur-gaussian',
    kernelSize: 9,
    blurStd: 2,
    motionIntensity: 0.5,
    boxFraction: 0.4,
    missingFraction: 0.5,
    halfSide: 'right',
    sigmaY: 0.05,
    noiseSeed: 0,
  },
  method: { method: 'map-rps', preset: 'fast', samples: 8 },
  seed: 1,
  slider: 0,
  chartMetric: 'psnr',
  compare: { panels: [], wipeLeft: 0, wipeRight: 1, strip: 0 },
};

export const MAX_SEED = 2 ** 31 - 1;

/** A fresh seed for the dice button (entropy from the browser; every draw inside a solve uses the seeded RNG). */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] % MAX_SEED;
}
