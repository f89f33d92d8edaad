// Batches the denoiser calls of independent solves that run side by side (e.g. several seeds of a sampler that
// runs one chain per solve): calls made in the same turn of the event loop go to the wrapped denoiser as one batch.
import type { Denoiser } from './denoiser';
import type { Batch } from './tensor';

interface Pending {
  x: Batch;
  sigma: Float32Array;
  resolve(out: Float32Array): void;
  reject(error: unknown): void;
}

export interface CoalescingDenoiser {
  denoise: Denoiser;
  /** Calls made to the wrapped denoiser (each may carry the items of several callers). */
  readonly batchedCalls: number;
}

/** Items of different image shapes are never merged; each shape goes in its own call. */
export function coalescingDenoiser(inner: Denoiser): CoalescingDenoiser {
  let pending: Pending[] = [];
  let batchedCalls = 0;

  async function run(group: Pending[]): Promise<void> {
    const { c, h, w } = group[0].x;
    const n = group.reduce((sum, p) => sum + p.x.n, 0);
    const data = new Float32Array(n * c * h * w);
    const sigma = new Float32Array(n);
    let offset = 0;
    for (const p of group) {
      data.set(p.x.data, offset * c * h * w);
      sigma.set(p.sigma, offset);
      offset += p.x.n;
    }
    batchedCalls++;
    try {
      const out = await inner({ n, c, h, w, data }, sigma);
      offset = 0;
      for (const p of group) {
        p.resolve(out.slice(offset * c * h * w, (offset + p.x.n) * c * h * w));
        offset += p.x.n;
      }
    } catch (error) {
      for (const p of group) p.reject(error);
    }
  }

  function flush(): void {
    const groups = new Map<string, Pending[]>();
    for (const p of pending) {
      const key = `${p.x.c}×${p.x.h}×${p.x.w}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    pending = [];
    for (const group of groups.values()) void run(group);
  }

  const denoise: Denoiser = async (x, sigma, signal) => {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      if (pending.length === 0) setTimeout(flush, 0);
      pending.push({ x, sigma, resolve, reject });
    });
  };
  return {
    denoise,
    get batchedCalls() {
      return batchedCalls;
    },
  };
}
