// The posterior-mean reference: N batched samples from T averaged, on the Gaussian sandbox where E[x | y] is exact.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import {
  POSTERIOR_MEAN_SAMPLES,
  posteriorMeanPreset,
  solvePosteriorMean,
  solvePosteriorSampler,
  TASKS,
} from '../../src/core/solvers';
import { clampRelease, instrumented, problem, sandbox, squaredDistance } from './sandbox';

describe('posterior mean of N samples', () => {
  const box = sandbox('deblur');
  const sampler = clampRelease(50);

  it("runs the N chains batched (NFE = the sampler's steps); sample 0 is the sampler's own output", async () => {
    const { measurement } = problem(box, 3);
    const { denoiser, stats } = instrumented(box.denoiser);
    const eight = await solvePosteriorMean(denoiser, measurement, { sampler, samples: 8 }, { rng: createRng(4) });
    expect(eight.nfe).toBe(50);
    expect(stats.calls).toBe(50);
    expect(stats.images).toBe(8 * 50);
    const one = await solvePosteriorMean(box.denoiser, measurement, { sampler, samples: 1 }, { rng: createRng(4) });
    const own = await solvePosteriorSampler(box.denoiser, measurement, sampler, { rng: createRng(4) });
    expect(one.image.data).toEqual(own.image.data);
    await expect(
      solvePosteriorMean(box.denoiser, measurement, { sampler, samples: 0 }, { rng: createRng(4) }),
    ).rejects.toThrow(/positive integer sample count/);
  });

  // With exact samples, E‖x̄_N − x‖² = (1 + 1/N)·MMSE, while one sample has 2·MMSE.
  it('has the error of the exact posterior mean plus 1/N of it; one sample has twice that error', async () => {
    let meanError = 0;
    let sampleError = 0;
    let mmseError = 0;
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const { truth, measurement, posterior } = problem(box, 200 + seed);
      const rng = createRng(seed);
      const mean = await solvePosteriorMean(box.denoiser, measurement, { sampler, samples: 16 }, { rng });
      const sample = await solvePosteriorSampler(box.denoiser, measurement, sampler, { rng });
      meanError += squaredDistance(mean.image.data, truth);
      sampleError += squaredDistance(sample.image.data, truth);
      mmseError += squaredDistance(posterior.mean, truth);
    }
    console.log(
      `mean of 16: ${(meanError / mmseError).toFixed(3)}× MMSE; one sample ${(sampleError / mmseError).toFixed(3)}×`,
    );
    expect(meanError / mmseError).toBeLessThan(1.15);
    expect(sampleError / mmseError).toBeGreaterThan(1.5);
  }, 30_000);

  it('defaults to 8 clamp-and-release samples of 100 steps (1000 in quality) for every task', () => {
    for (const task of TASKS) {
      const fast = posteriorMeanPreset(task, 'fast');
      expect([fast.samples, fast.sampler.sampler.kind, fast.sampler.steps]).toEqual([
        POSTERIOR_MEAN_SAMPLES,
        'clamp-release',
        100,
      ]);
      expect(posteriorMeanPreset(task, 'quality', 16)).toMatchObject({ samples: 16, sampler: { steps: 1000 } });
    }
  });
});
