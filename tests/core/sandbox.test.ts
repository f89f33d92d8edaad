import { describe, expect, it } from 'vitest';
import {
  averagePoolOperator,
  blurOperator,
  boxMask,
  gaussianKernel,
  identityOperator,
  inpaintingOperator,
  type LinearOperator,
  measure,
  randomMask,
} from '../../src/core/operators';
import { createRng } from '../../src/core/rng';
import {
  dpFrontier,
  fourierPosterior,
  type GaussianPrior,
  gaussianDenoiser,
  gaussianPrior,
  mmseDenoise,
  posteriorMeanCg,
  posteriorSampleCg,
  samplePrior,
  spectralVariance,
  w2ToPrior,
} from '../../src/core/sandbox';
import { norm, sub } from './vectors';

// Σ⁻¹ x, applied in the prior's Fourier basis.
const inverseCovariance = (prior: GaussianPrior, x: Float32Array) =>
  prior.basis.svd.v(prior.basis.svd.vT(x).map((c, i) => c / prior.variance[i]));

// Residual of the posterior-mean normal equations Σ⁻¹(x̂ − μ) = Aᵀ(y − A x̂)/σ², relative to the size of the terms.
function normalEquationResidual(
  prior: GaussianPrior,
  op: LinearOperator,
  y: Float32Array,
  sigmaY: number,
  x: Float32Array,
) {
  const priorTerm = inverseCovariance(
    prior,
    x.map((v) => v - prior.params.mean),
  );
  const dataTerm = op.adjoint(sub(y, op.forward(x))).map((v) => v / sigmaY ** 2);
  return norm(sub(priorTerm, dataTerm)) / (norm(priorTerm) + norm(dataTerm));
}

// Per-coefficient variance ratio (empirical / expected) of samples around a known mean, in the prior's basis.
function varianceRatios(prior: GaussianPrior, samples: Float32Array[], mean: Float32Array, expected: Float64Array) {
  const sumSq = new Float64Array(expected.length);
  for (const sample of samples) {
    const c = prior.basis.svd.vT(sub(sample, mean));
    for (let i = 0; i < c.length; i++) sumSq[i] += c[i] ** 2 / samples.length;
  }
  const ratios = Array.from(sumSq, (v, i) => v / expected[i]);
  return {
    mean: ratios.reduce((a, b) => a + b, 0) / ratios.length,
    worst: Math.max(...ratios.map((r) => Math.abs(r - 1))),
  };
}

describe('Gaussian sandbox prior', () => {
  it('has the stated pixel std, its spectrum, and samples with that spectrum (300 draws)', () => {
    const prior = gaussianPrior({ c: 2, h: 12, w: 10 }, { mean: 0.1, pixelStd: 0.4, alpha: 1.5 });
    expect(prior.variance.reduce((a, b) => a + b, 0) / prior.variance.length).toBeCloseTo(0.16, 10);
    expect(prior.variance[0]).toBeGreaterThan(prior.variance[5]); // decays with frequency
    const rng = createRng(1);
    const samples = Array.from({ length: 300 }, () => samplePrior(prior, rng));
    const power = spectralVariance(prior, samples);
    const ratios = Array.from(power, (v, i) => v / prior.variance[i]);
    // mean of 240 ratios, each with standard error √(2/300): bound at 5 standard errors of the mean
    expect(Math.abs(ratios.reduce((a, b) => a + b, 0) / ratios.length - 1)).toBeLessThan(5 * Math.sqrt(2 / 300 / 240));
    const pixelMean = samples.reduce((s, x) => s + x.reduce((a, b) => a + b, 0), 0) / (300 * 240);
    expect(pixelMean).toBeCloseTo(0.1, 1);
  });

  it('rejects invalid parameters', () => {
    expect(() => gaussianPrior({ c: 1, h: 4, w: 4 }, { k0: 0 })).toThrow(/k0 > 0/);
    expect(() => gaussianPrior({ c: 1, h: 4, w: 4 }, { pixelStd: -1 })).toThrow(/pixel std > 0/);
  });
});

describe('Gaussian sandbox MMSE denoiser', () => {
  it('matches a Monte-Carlo posterior mean (self-normalised importance sampling, 20000 prior draws, 4 SE)', () => {
    const prior = gaussianPrior({ c: 1, h: 4, w: 4 }, { mean: 0.2 });
    const rng = createRng(2);
    const sigma = 0.6;
    const x0 = samplePrior(prior, rng);
    const noisy = x0.map((v) => v + sigma * rng.normal());
    const draws = Array.from({ length: 20000 }, () => samplePrior(prior, rng));
    const logWeights = draws.map((d) => -(norm(sub(noisy, d)) ** 2) / (2 * sigma * sigma));
    const top = Math.max(...logWeights);
    const weights = logWeights.map((l) => Math.exp(l - top));
    const total = weights.reduce((a, b) => a + b, 0);
    const denoised = mmseDenoise(prior, noisy, sigma);
    for (let p = 0; p < 16; p++) {
      const mcMean = draws.reduce((s, d, i) => s + weights[i] * d[p], 0) / total;
      const standardError = Math.sqrt(draws.reduce((s, d, i) => s + (weights[i] * (d[p] - mcMean)) ** 2, 0)) / total;
      expect(Math.abs(denoised[p] - mcMean)).toBeLessThan(4 * standardError);
    }
  });

  it('works as a batched Denoiser with a sigma per image, σ = 0 returns the input, and aborts', async () => {
    const shape = { c: 3, h: 8, w: 6 };
    const prior = gaussianPrior(shape);
    const rng = createRng(3);
    const a = samplePrior(prior, rng);
    const b = samplePrior(prior, rng);
    const denoiser = gaussianDenoiser(prior);
    const data = new Float32Array([...a, ...b]);
    const out = await denoiser({ n: 2, ...shape, data }, new Float32Array([0.3, 0]));
    expect(out.slice(0, a.length)).toEqual(mmseDenoise(prior, a, Math.fround(0.3)));
    expect(norm(sub(out.subarray(a.length), b))).toBeLessThan(1e-5 * norm(b));
    await expect(denoiser({ n: 2, ...shape, data }, new Float32Array([0.3]))).rejects.toThrow(/one sigma per image/);
    await expect(denoiser({ n: 1, c: 1, h: 8, w: 6, data: a.subarray(0, 48) }, new Float32Array([1]))).rejects.toThrow(
      /shapes differ/,
    );
    await expect(denoiser({ n: 2, ...shape, data }, new Float32Array([1, 1]), AbortSignal.abort())).rejects.toThrow();
  });
});

describe('Gaussian sandbox exact posterior (Fourier-diagonal operators)', () => {
  const prior = gaussianPrior({ c: 1, h: 16, w: 16 }, { mean: -0.1 });
  // a kernel whose |K̂| stays above SINGULAR_THRESHOLD, so the posterior is exact for A itself, not only for A_eff
  const op = blurOperator(prior.shape, gaussianKernel(3, 0.8));
  const sigmaY = 0.1;
  const truth = samplePrior(prior, createRng(4));
  const measurement = measure(op, truth, sigmaY, createRng(5));
  const posterior = fourierPosterior(prior, measurement);

  it('has a mean that solves the normal equations', () => {
    expect(normalEquationResidual(prior, op, measurement.y, sigmaY, posterior.mean)).toBeLessThan(1e-4);
  });

  it('draws samples with the posterior per-frequency variance (400 draws; mean ratio within 5 SE, every frequency within 30%)', () => {
    const rng = createRng(6);
    const samples = Array.from({ length: 400 }, () => posterior.sample(rng));
    const { mean, worst } = varianceRatios(prior, samples, posterior.mean, posterior.variance);
    expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(2 / 400 / 256));
    expect(worst).toBeLessThan(0.3); // ≈ 4.2 standard errors √(2/400) for a single frequency
  });

  it('gives the identity posterior variance λσ²/(λ + σ²)', () => {
    const identity = identityOperator(prior.shape);
    const { variance } = fourierPosterior(prior, measure(identity, truth, 0.5, createRng(7)));
    variance.forEach((v, i) => {
      expect(v).toBeCloseTo((prior.variance[i] * 0.25) / (prior.variance[i] + 0.25), 10);
    });
  });

  it('refuses operators that are not Fourier-diagonal', () => {
    const mask = inpaintingOperator(prior.shape, boxMask(16, 16, 4));
    expect(() => fourierPosterior(prior, measure(mask, truth, 0.1, createRng(1)))).toThrow(/posteriorMeanCg/);
  });
});

describe('optimal distortion–perception frontier', () => {
  const prior = gaussianPrior({ c: 1, h: 16, w: 16 });
  const op = blurOperator(prior.shape, gaussianKernel(7, 2));
  const sigmaY = 0.05;
  const frontier = dpFrontier(prior, op, sigmaY);

  it('equals D* + W2² at P = 0 and D* from P = W2 on, decreasing in between', () => {
    expect(frontier.dStar).toBeGreaterThan(0);
    expect(frontier.w2).toBeGreaterThan(0);
    expect(frontier.distortion(0)).toBeCloseTo(frontier.dStar + frontier.w2 ** 2, 12);
    expect(frontier.distortion(frontier.w2)).toBeCloseTo(frontier.dStar, 12);
    expect(frontier.distortion(2 * frontier.w2)).toBeCloseTo(frontier.dStar, 12);
    expect(frontier.distortion(0.5 * frontier.w2)).toBeLessThan(frontier.distortion(0.25 * frontier.w2));
    expect(frontier.distortion(0)).toBeLessThanOrEqual(2 * frontier.dStar); // posterior sampling (P = 0) costs 2D*
  });

  it('agrees with simulation: posterior-mean MSE ≈ D* and W2 ≈ w2, posterior-sample MSE ≈ 2D* and W2 ≈ 0 (200 pairs)', () => {
    const rng = createRng(8);
    const means: Float32Array[] = [];
    const samples: Float32Array[] = [];
    let meanError = 0;
    let sampleError = 0;
    const pairs = 200;
    for (let k = 0; k < pairs; k++) {
      const x = samplePrior(prior, rng);
      const posterior = fourierPosterior(prior, measure(op, x, sigmaY, rng));
      const sample = posterior.sample(rng);
      means.push(posterior.mean);
      samples.push(sample);
      meanError += norm(sub(posterior.mean, x)) ** 2 / x.length / pairs;
      sampleError += norm(sub(sample, x)) ** 2 / x.length / pairs;
    }
    expect(meanError / frontier.dStar).toBeCloseTo(1, 1);
    expect(sampleError / (2 * frontier.dStar)).toBeCloseTo(1, 1);
    expect(w2ToPrior(prior, spectralVariance(prior, means)) / frontier.w2).toBeCloseTo(1, 1);
    expect(w2ToPrior(prior, spectralVariance(prior, samples))).toBeLessThan(0.15 * frontier.w2);
  });
});

describe('conjugate-gradient posterior (any operator)', () => {
  const prior = gaussianPrior({ c: 1, h: 16, w: 16 }, { mean: 0.1 });
  const truth = samplePrior(prior, createRng(9));

  it.each<[string, LinearOperator]>([
    ['random mask', inpaintingOperator(prior.shape, randomMask(16, 16, 0.5, createRng(1)))],
    ['box mask', inpaintingOperator(prior.shape, boxMask(16, 16, 8))],
    ['SR ×2', averagePoolOperator(prior.shape, 2)],
  ])('posterior mean for %s satisfies the normal equations', (_, op) => {
    const m = measure(op, truth, 0.1, createRng(10));
    const { image, relativeResidual } = posteriorMeanCg(prior, m);
    expect(relativeResidual).toBeLessThan(1e-5);
    expect(normalEquationResidual(prior, op, m.y, 0.1, image)).toBeLessThan(1e-3);
  });

  it('keeps observed pixels exactly when σ_y = 0', () => {
    const op = inpaintingOperator(prior.shape, randomMask(16, 16, 0.7, createRng(2)));
    const m = measure(op, truth, 0, createRng(11));
    const { image } = posteriorMeanCg(prior, m);
    expect(norm(sub(op.forward(image), m.y)) / norm(m.y)).toBeLessThan(1e-4);
  });

  it('agrees with the closed form on a blur (mean, and per-frequency variance of 200 Matheron samples)', () => {
    const small = gaussianPrior({ c: 1, h: 8, w: 8 }, { mean: 0.1 });
    const op = blurOperator(small.shape, gaussianKernel(3, 0.8));
    const m = measure(op, samplePrior(small, createRng(14)), 0.1, createRng(12));
    const exact = fourierPosterior(small, m);
    const { image } = posteriorMeanCg(small, m);
    expect(norm(sub(image, exact.mean)) / norm(exact.mean)).toBeLessThan(1e-4);
    const rng = createRng(13);
    const samples = Array.from({ length: 200 }, () => posteriorSampleCg(small, m, rng).image);
    const { mean } = varianceRatios(small, samples, exact.mean, exact.variance);
    expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(2 / 200 / 64));
  });
});
