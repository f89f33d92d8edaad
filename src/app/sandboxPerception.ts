// The Gaussian sandbox's distortion–perception plane, in [0,1] image units: RMSE (or PSNR) against W2 to the prior.
// Theory (Freirich et al. 2021) gives the optimal frontier; a single output's W2 is estimated from its spectrum.
import { isFourierDiagonal, type LinearOperator } from '../core/operators';
import { type DpFrontier, dpFrontier, type GaussianPrior } from '../core/sandbox';

/** Coefficients pooled per frequency band: the per-image spectral estimate averages over this many. */
export const BAND_SIZE = 64;

/**
 * W2 per pixel between the prior and a stationary Gaussian fitted to one image: the coefficients (about the prior
 * mean) are sorted by prior variance λ (i.e. by frequency) and cut into bands of BAND_SIZE; each band's gain
 * r = mean(c²/λ) scales the prior spectrum there, giving W2² = Σ_k λ_k(1 − √r_band)²/n. An exact prior sample
 * scores about 0.09·(pixel std) rather than 0 (the estimate's noise floor); a smooth MMSE output scores high.
 */
export function spectralW2(prior: GaussianPrior, image: Float32Array): number {
  const lambda = prior.variance;
  const coefficients = prior.basis.svd.vT(image.map((v) => v - prior.params.mean));
  const order = Array.from(lambda.keys()).sort((a, b) => lambda[b] - lambda[a]);
  let sum = 0;
  for (let start = 0; start < order.length; start += BAND_SIZE) {
    const band = order.slice(start, start + BAND_SIZE);
    const gain = band.reduce((s, k) => s + coefficients[k] ** 2 / lambda[k], 0) / band.length;
    for (const k of band) sum += lambda[k] * (1 - Math.sqrt(gain)) ** 2;
  }
  return Math.sqrt(sum / order.length) / 2; // [-1,1] → [0,1] units
}

export interface FrontierPoint {
  /** W2 per pixel, [0,1] units. */
  w2: number;
  rmse: number;
  psnr: number;
}

/** The optimal D-P frontier (Freirich et al.) from P = 0 to past W2(p_X, p_X*), in [0,1] units. */
export function frontierCurve(frontier: DpFrontier, points = 40): FrontierPoint[] {
  return Array.from({ length: points }, (_, i) => {
    const perception = (1.25 * frontier.w2 * i) / (points - 1);
    const mse = frontier.distortion(perception) / 4; // per-pixel MSE in [-1,1] units → [0,1] units
    return { w2: perception / 2, rmse: Math.sqrt(mse), psnr: -10 * Math.log10(mse) };
  });
}

/** The frontier for this operator, or undefined where the sandbox has no closed form (masks, SR). */
export function sandboxFrontier(
  prior: GaussianPrior,
  operator: LinearOperator,
  sigmaY: number,
): FrontierPoint[] | undefined {
  return isFourierDiagonal(operator) ? frontierCurve(dpFrontier(prior, operator, sigmaY)) : undefined;
}
