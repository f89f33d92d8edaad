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
import type { Spacing } from '../../src/core/schedule';
import type { MapConfig, ReverseConfig, TraversalConfig } from '../../src/core/solvers';
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

/** Stage 1 with w = 'auto' (the MAP of the σ_s-smoothed posterior) and the official s, learning rates and decay. */
export function autoMap(iterations: number): MapConfig {
  return { iterations, weight: 'auto', timestep: 11, lrMax: 0.5, lrMin: 1e-5, weightDecay: 0.01 };
}

/** The sampler that is exact for the sandbox prior (up to discretisation), without clamping x̂0. */
export function clampRelease(steps: number | 'full', spacing: Spacing = 'quad'): ReverseConfig {
  return { sampler: { kind: 'clamp-release', eta: 1 }, steps, spacing, clipX0: false };
}

/** Traversal settings over the exact sampler: MAP-RPS stage 1 ('auto' w), stage 2 and runs from T by clamp-and-release. */
export function sandboxTraversal(
  mapIterations: number,
  stage2Steps: number,
  samplerSteps: number,
  t0Max: number,
  samples: number,
): TraversalConfig {
  return {
    mapRps: { map: autoMap(mapIterations), stage2: clampRelease(stage2Steps) },
    t0Max,
    sampler: clampRelease(samplerSteps),
    samples,
    mmse: 'map',
  };
}
