// Analytic Gaussian sandbox: a stationary Gaussian random field on the torus with an exact MMSE denoiser, exact
// posteriors for Fourier-diagonal operators (circular blur, identity) and the optimal distortion–perception frontier.
//
// Prior: X = μ + G per channel (channels independent), G stationary with power spectrum S(f) ∝ (|f|² + k0²)^(−α),
// f in cycles per pixel. In the real orthonormal Fourier basis (the V of the blur SVD) its covariance is diagonal:
// coefficient k has variance λ_k = N·std²·S(f_k)/Σ_j S(f_j) (N = h·w), so that every pixel has standard deviation std.
//
// Normalisation: distortion is MSE per pixel value, D = E‖X − X̂‖²/n with n = c·h·w; perception is the W2 distance
// per pixel value, P = W2(p_X, p_X̂)/√n. Freirich et al. (2021, Thm. 4) D(P) = D* + (W2(p_X, p_X*) − P)₊² keeps its
// form under this scaling (both sides divided by n).
import type { Denoiser } from '../denoiser';
import { assertDenoiserInput } from '../denoiser';
import { signedFrequency } from '../fft';
import { type FourierDiagonalOperator, identityOperator, isFourierDiagonal } from '../operators/fourier';
import { bindMeasurement, gaussianConditional, type LinearOperator, type Measurement } from '../operators/linear';
import type { Rng } from '../rng';
import { assertLength, assertSameShape, assertShape, type Shape, shapeSize } from '../tensor';

export interface GaussianFieldParams {
  alpha: number; // spectral decay exponent α > 0
  k0: number; // low-frequency cut-off in cycles per pixel, > 0
  mean: number; // μ, the same for every pixel and channel ([-1,1] image range)
  pixelStd: number; // standard deviation of every pixel
}
export const DEFAULT_FIELD: GaussianFieldParams = { alpha: 1, k0: 0.05, mean: 0, pixelStd: 0.5 };

export interface GaussianPrior {
  shape: Shape;
  params: GaussianFieldParams;
  variance: Float64Array; // λ per real-Fourier coefficient (layout of a Fourier operator's singular values), length c*h*w
  meanCoefficients: Float32Array; // Vᵀμ: the constant mean lives in the DC coefficients
  basis: FourierDiagonalOperator; // identity operator: its SVD is the real Fourier basis the variances refer to
}

export function gaussianPrior(shape: Shape, params: Partial<GaussianFieldParams> = {}): GaussianPrior {
  assertShape(shape);
  const full = { ...DEFAULT_FIELD, ...params };
  const { alpha, k0, mean, pixelStd } = full;
  if (!(alpha > 0) || !(k0 > 0) || !(pixelStd > 0) || !Number.isFinite(mean)) {
    throw new Error(`Gaussian field needs α > 0, k0 > 0, pixel std > 0 and a finite mean; got ${JSON.stringify(full)}`);
  }
  const { h, w } = shape;
  const spectrum = new Float64Array(h * w);
  for (let ky = 0; ky < h; ky++) {
    for (let kx = 0; kx < w; kx++) {
      spectrum[ky * w + kx] = (signedFrequency(ky, h) ** 2 + signedFrequency(kx, w) ** 2 + k0 * k0) ** -alpha;
    }
  }
  const scale = (h * w * pixelStd * pixelStd) / spectrum.reduce((a, b) => a + b, 0);
  const variance = new Float64Array(shapeSize(shape));
  for (let ch = 0; ch < shape.c; ch++)
    variance.set(
      spectrum.map((s) => s * scale),
      ch * h * w,
    );
  const basis = identityOperator(shape);
  const meanCoefficients = basis.svd.vT(new Float32Array(shapeSize(shape)).fill(mean));
  return { shape, params: full, variance, meanCoefficients, basis };
}

/** A draw from the prior: μ + V(√λ ⊙ n). */
export function samplePrior(prior: GaussianPrior, rng: Rng): Float32Array {
  const coeffs = rng
    .fillNormal(new Float32Array(prior.variance.length))
    .map((n, i) => n * Math.sqrt(prior.variance[i]));
  return prior.basis.svd.v(coeffs).map((v) => v + prior.params.mean);
}

export interface GaussianPosterior {
  mean: Float32Array;
  variance: Float64Array; // per real-Fourier coefficient (0 where the data pin it down exactly)
  sample(rng: Rng): Float32Array;
}

/**
 * Exact posterior p(x | y) for a Fourier-diagonal operator (blur, identity): per coefficient a scalar Gaussian
 * conditional with prior N(μ̃_k, λ_k) and data ỹ_k = s_k x̃_k + σ_y n_k (exact for the SVD's A_eff, see SINGULAR_THRESHOLD).
 */
export function fourierPosterior(prior: GaussianPrior, measurement: Measurement): GaussianPosterior {
  const op = measurement.operator;
  if (!isFourierDiagonal(op)) {
    throw new Error(`${op.name} is not diagonal in the Fourier basis: use posteriorMeanCg for masks and SR`);
  }
  assertSameShape(op.inShape, prior.shape, 'operator input and prior');
  const { mean, variance } = gaussianConditional(
    op.svd.singular,
    op.svd.uT(measurement.y),
    measurement.sigmaY,
    prior.meanCoefficients, // every Fourier-diagonal operator shares the basis V
    prior.variance,
  );
  const meanImageData = op.svd.v(Float32Array.from(mean));
  return {
    mean: meanImageData,
    variance,
    sample: (rng) => {
      const noise = rng.fillNormal(new Float32Array(variance.length));
      return op.svd.v(noise.map((n, i) => Math.sqrt(variance[i]) * n)).map((v, i) => v + meanImageData[i]);
    },
  };
}

/** Exact MMSE denoiser D(x, σ) = μ + V(λ/(λ + σ²) ⊙ Vᵀ(x − μ)): the Wiener filter, the posterior mean for A = I. */
export function mmseDenoise(prior: GaussianPrior, x: Float32Array, sigma: number): Float32Array {
  return fourierPosterior(prior, bindMeasurement(prior.basis, x, sigma)).mean;
}

/** The exact MMSE denoiser as a batched `Denoiser` (images of the prior's shape, [-1,1] range). */
export function gaussianDenoiser(prior: GaussianPrior): Denoiser {
  const size = shapeSize(prior.shape);
  return async (x, sigma, signal) => {
    assertDenoiserInput(x, sigma);
    assertSameShape(x, prior.shape, 'sandbox denoiser input and prior');
    const out = new Float32Array(x.data.length);
    for (let i = 0; i < x.n; i++) {
      signal?.throwIfAborted();
      out.set(mmseDenoise(prior, x.data.subarray(i * size, (i + 1) * size), sigma[i]), i * size);
    }
    return out;
  };
}

export interface DpFrontier {
  dStar: number; // MSE per pixel of the posterior mean X* (the MMSE)
  w2: number; // W2(p_X, p_X*) per pixel: the perception index of the MMSE estimator
  distortion(perception: number): number; // optimal MSE for perception index ≤ P: D* + (W2 − P)₊²
}

/**
 * Optimal D-P frontier for MSE distortion and W2 perception (Freirich, Michaeli & Meir 2021):
 * D(P) = D* + (W2(p_X, p_X*) − P)₊². Here X* has per-coefficient variance λ − p (p: posterior variance), so
 * D* = Σ p / n and W2² = Σ (√λ − √(λ − p))² / n (commuting Gaussians, equal means).
 */
export function dpFrontier(prior: GaussianPrior, op: LinearOperator, sigmaY: number): DpFrontier {
  const n = prior.variance.length;
  const { variance } = fourierPosterior(prior, bindMeasurement(op, new Float32Array(shapeSize(op.outShape)), sigmaY));
  const dStar = variance.reduce((a, b) => a + b, 0) / n;
  const w2 = w2ToPrior(
    prior,
    prior.variance.map((lambda, i) => lambda - variance[i]),
  );
  return { dStar, w2, distortion: (perception) => dStar + Math.max(0, w2 - perception) ** 2 };
}

/**
 * W2 per pixel between the prior and a stationary Gaussian with the prior's mean and the given variance per
 * real-Fourier coefficient: √(Σ_k (√λ_k − √v_k)² / n).
 */
export function w2ToPrior(prior: GaussianPrior, variance: ArrayLike<number>): number {
  assertLength(variance, prior.variance.length, 'per-coefficient variances');
  let sum = 0;
  for (let i = 0; i < variance.length; i++) {
    if (!(variance[i] >= 0)) throw new Error(`variance ${i} is negative or NaN: ${variance[i]}`);
    sum += (Math.sqrt(prior.variance[i]) - Math.sqrt(variance[i])) ** 2;
  }
  return Math.sqrt(sum / variance.length);
}

/**
 * Per-coefficient second moment of images about the prior mean, E[(Vᵀ(x − μ))_k²], averaged over the given images:
 * the per-frequency variance of an estimator's outputs (drawn over many (x, y) pairs and seeds) for `w2ToPrior`.
 */
export function spectralVariance(prior: GaussianPrior, images: readonly Float32Array[]): Float64Array {
  if (images.length === 0) throw new Error('spectral variance needs at least one image');
  const out = new Float64Array(prior.variance.length);
  for (const image of images) {
    const coeffs = prior.basis.svd.vT(image.map((v) => v - prior.params.mean));
    for (let i = 0; i < out.length; i++) out[i] += coeffs[i] ** 2 / images.length;
  }
  return out;
}
