// Shared fixtures of the solver tests: the Gaussian sandbox (exact denoiser and posteriors) on small images.
import type { Denoiser } from '../../src/core/denoiser';
import {
  blurOperator,
  gaussianKernel,
  identityOperator,
  type LinearOperator,
  type Measurement,
  measure,
} from '../../src/core/operators';
import { createRng } from '../../src/core/rng';
import {
  fourierPosterior,
  type GaussianPosterior,
  type GaussianPrior,
  gaussianDenoiser,
  gaussianPrior,
  samplePrior,
} from '../../src/core/sandbox';
import type { Shape } from '../../src/core/tensor';

export type SandboxTask = 'denoise' | 'deblur';

export const SHAPE: Shape = { c: 1, h: 16, w: 16 };
/** σ_y per task ([-1,1] range): strong noise for denoising, mild for a 1-pixel Gaussian blur. */
export const SIGMA_Y: Record<SandboxTask, number> = { denoise: 0.2, deblur: 0.05 };

export interface Sandbox {
  prior: GaussianPrior;
  denoiser: Denoiser;
  operator: LinearOperator;
  sigmaY: number;
}

export function sandbox(task: SandboxTask, shape: Shape = SHAPE): Sandbox {
  const prior = gaussianPrior(shape);
  const operator = task === 'denoise' ? identityOperator(shape) : blurOperator(shape, gaussianKernel(7, 1));
  return { prior, denoiser: gaussianDenoiser(prior), operator, sigmaY: SIGMA_Y[task] };
}

export interface Problem {
  truth: Float32Array;
  measurement: Measurement;
  posterior: GaussianPosterior;
}

/** Ground truth from the prior and its measurement, both drawn from `seed` (independent of the solver's seed). */
export function problem(box: Sandbox, seed: number, sigmaY = box.sigmaY): Problem {
  const rng = createRng(seed);
  const truth = samplePrior(box.prior, rng.fork(1));
  const measurement = measure(box.operator, truth, sigmaY, rng.fork(2));
  return { truth, measurement, posterior: fourierPosterior(box.prior, measurement) };
}

export function squaredDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return sum;
}

/** Wraps a denoiser to count its calls and images, and to run a hook before each call. */
export function instrumented(denoiser: Denoiser, beforeCall?: (call: number) => void) {
  const stats = { calls: 0, images: 0 };
  const wrapped: Denoiser = async (x, sigma, signal) => {
    beforeCall?.(stats.calls);
    stats.calls += 1;
    stats.images += x.n;
    return denoiser(x, sigma, signal);
  };
  return { denoiser: wrapped, stats };
}
