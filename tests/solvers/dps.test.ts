import { describe, expect, it } from 'vitest';
import type { Denoiser } from '../../src/core/denoiser';
import { createRng } from '../../src/core/rng';
import { type GaussianPrior } from '../../src/core/sandbox';
import { DDPM_SCHEDULE, timestepAtOrBelowSigma } from '../../src/core/schedule';
import {
  DenoiserCalls,
  dpsDirection,
  dpsGradient,
  jacobianAsymmetry,
  jacobianVectorProducts,
} from '../../src/core/solvers';
import { problem, sandbox, SHAPE, squaredDistance } from './sandbox';

/** J v of the sandbox's Wiener filter D(x, σ) = μ + V(λ/(λ + σ²) ⊙ Vᵀ(x − μ)), in float64 coefficients. */
function exactJv(prior: GaussianPrior, v: Float32Array, sigma: number): Float32Array {
  const { svd } = prior.basis;
  return svd.v(svd.vT(v).map((c, i) => (c * prior.variance[i]) / (prior.variance[i] + sigma * sigma)));
}

describe('DPS without autograd', () => {
  it.each(['denoise', 'deblur'] as const)(
    '%s: the finite-difference gradient of ‖y − A x̂0‖ matches the exact one to 1e-3',
    async (task) => {
      const box = sandbox(task);
      const { measurement, truth } = problem(box, 21);
      const calls = new DenoiserCalls(box.denoiser, SHAPE);
      for (const sigma of [0.05, 0.5, 5]) {
        const t = timestepAtOrBelowSigma(DDPM_SCHEDULE, sigma);
        const scale = Math.sqrt(DDPM_SCHEDULE.alphaBar[t]);
        const s = DDPM_SCHEDULE.sigma[t];
        const noise = createRng(t).fillNormal(new Float32Array(truth.length));
        const x = truth.map((v, i) => v + s * noise[i]); // VE state at timestep t
        const [x0] = await calls.denoise([x], [s]);
        const direction = dpsDirection(measurement, x0);
        const [jv] = await jacobianVectorProducts(calls, [x], [s], [direction], [x0]);
        const estimated = dpsGradient(measurement, x0, jv, scale);
        const exact = dpsGradient(measurement, x0, exactJv(box.prior, direction, s), scale);
        const relative = Math.sqrt(
          squaredDistance(estimated, exact) / squaredDistance(exact, new Float32Array(exact.length)),
        );
        expect(relative).toBeLessThan(1e-3);
      }
    },
  );
});

describe('Jacobian asymmetry', () => {
  it('is ≈ 0 for the exact MMSE denoiser (a symmetric Jacobian)', async () => {
    const box = sandbox('denoise');
    const { truth } = problem(box, 2);
    const report = await jacobianAsymmetry(box.denoiser, { ...SHAPE, data: truth }, 0.3, createRng(1));
    expect(report.values.length).toBe(2);
    expect(report.mean).toBeLessThan(1e-3);
  });

  it('is ≈ √2 for a denoiser whose Jacobian is a one-pixel shift (Jᵀv = P⁻¹v vs Jv = Pv)', async () => {
    const shift: Denoiser = async (x) => {
      const out = new Float32Array(x.data.length);
      const size = x.h * x.w;
      for (let i = 0; i < x.data.length; i++) {
        const base = i - (i % size);
        out[i] = x.data[base + (((i % size) + 1) % size)];
      }
      return out;
    };
    const report = await jacobianAsymmetry(shift, { ...SHAPE, data: new Float32Array(256) }, 0.3, createRng(3), {
      directions: 4,
      probes: 64,
    });
    // Relative standard error of each squared estimate √(2/64) ≈ 18%, ≈ 9% on the root, averaged over 4 directions.
    expect(report.mean / Math.SQRT2).toBeGreaterThan(0.85);
    expect(report.mean / Math.SQRT2).toBeLessThan(1.15);
  });

  it('rejects empty probe sets', async () => {
    const box = sandbox('denoise');
    await expect(
      jacobianAsymmetry(box.denoiser, { ...SHAPE, data: new Float32Array(256) }, 0.3, createRng(1), { probes: 0 }),
    ).rejects.toThrow(/probes/);
  });
});
