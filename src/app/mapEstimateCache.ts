// x_MAP per (inputs, solver seed), kept between runs (by the worker) so that new or recomputed knob values for the
// same inputs never rerun MAP-RPS stage 1. x_MAP depends on the prior, the measurement (operator from the
// degradation settings and the brush, y, σ_y) and the stage-1 settings (task and preset), not on the method:
// MAP-RPS and MMSE↔sample interpolation share it.
import type { MapEstimateStore } from './experiment';
import { LruCache } from './lruCache';
import type { DegradationSettings, PresetId } from './settings';

export interface MapInputs {
  /** The prior's identity (model name and SHA-256, or 'sandbox'). */
  prior: string;
  shape: { c: number; h: number; w: number };
  degradation: DegradationSettings;
  brush?: Uint8Array;
  y: Float32Array;
  preset: PresetId;
}

interface Entry {
  y: Float32Array;
  brush?: Uint8Array;
  estimate: Float32Array;
}

function sameValues(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class MapEstimateCache {
  private readonly entries: LruCache<string, Entry>;

  /** Holds at most `capacity` estimates (one per inputs and seed), least recently used dropped first. */
  constructor(capacity: number) {
    this.entries = new LruCache(capacity);
  }

  /** The store for one set of inputs; y and the brush are compared by value, the other inputs through the key. */
  store(inputs: MapInputs): MapEstimateStore {
    const { prior, shape, degradation, preset, y, brush } = inputs;
    const key = (seed: number) => JSON.stringify([prior, shape, degradation, preset, seed]);
    return {
      get: (seed) => {
        const entry = this.entries.get(key(seed));
        return entry && sameValues(entry.y, y) && sameValues(entry.brush, brush) ? entry.estimate.slice() : undefined;
      },
      set: (seed, estimate) =>
        this.entries.set(key(seed), { y: y.slice(), brush: brush?.slice(), estimate: estimate.slice() }),
    };
  }
}
