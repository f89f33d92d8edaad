// Denoiser calls of independent solves issued in the same turn of the event loop go out as one batched call.
import { describe, expect, it } from 'vitest';
import { coalescingDenoiser } from '../../src/core/coalesce';
import type { Denoiser } from '../../src/core/denoiser';
import type { Batch } from '../../src/core/tensor';

// A denoiser whose output tells which input and σ it saw: out = 10·x + σ, and a log of batch sizes.
function recordingDenoiser(): { denoiser: Denoiser; batches: number[] } {
  const batches: number[] = [];
  const denoiser: Denoiser = async (x, sigma) => {
    batches.push(x.n);
    const size = x.c * x.h * x.w;
    return x.data.map((v, i) => 10 * v + sigma[Math.floor(i / size)]);
  };
  return { denoiser, batches };
}

const batch = (n: number, h: number, fill: number): Batch => ({
  n,
  c: 1,
  h,
  w: 2,
  data: new Float32Array(n * h * 2).fill(fill),
});

describe('coalescingDenoiser', () => {
  it('merges concurrent calls of one shape into one call and hands each caller its own items', async () => {
    const { denoiser, batches } = recordingDenoiser();
    const coalesced = coalescingDenoiser(denoiser);
    const outs = await Promise.all([
      coalesced.denoise(batch(1, 2, 1), Float32Array.of(0.5)),
      coalesced.denoise(batch(2, 2, 2), Float32Array.of(0.25, 0.75)),
    ]);
    expect(batches).toEqual([3]);
    expect(coalesced.batchedCalls).toBe(1);
    expect(Array.from(outs[0])).toEqual([10.5, 10.5, 10.5, 10.5]);
    expect(Array.from(outs[1])).toEqual([20.25, 20.25, 20.25, 20.25, 20.75, 20.75, 20.75, 20.75]);
  });

  it('keeps different image shapes in separate calls and sequential calls separate', async () => {
    const { denoiser, batches } = recordingDenoiser();
    const coalesced = coalescingDenoiser(denoiser);
    await Promise.all([
      coalesced.denoise(batch(1, 2, 0), Float32Array.of(1)),
      coalesced.denoise(batch(1, 3, 0), Float32Array.of(1)),
    ]);
    await coalesced.denoise(batch(1, 2, 0), Float32Array.of(1));
    expect(batches).toEqual([1, 1, 1]);
  });

  it('passes a failure of the batched call to every caller in it, and rejects when already aborted', async () => {
    const coalesced = coalescingDenoiser(async () => {
      throw new Error('model failed');
    });
    const calls = [1, 2].map(() => coalesced.denoise(batch(1, 2, 0), Float32Array.of(1)));
    for (const call of calls) await expect(call).rejects.toThrow('model failed');
    const aborted = AbortSignal.abort(new Error('stop'));
    await expect(coalesced.denoise(batch(1, 2, 0), Float32Array.of(1), aborted)).rejects.toThrow('stop');
  });
});
