// Jacobian-vector products of a black-box denoiser by forward differences, and a test of Jacobian symmetry.
// For an MMSE denoiser J = ∂D/∂x = Cov[x0 | x]/σ² is symmetric (Tweedie), so Jᵀv = Jv: this is what lets DPS run
// without autograd (one extra forward evaluation per step, next to the D(x) the step has already made, instead of a
// backward pass).
import type { Denoiser } from '../denoiser';
import type { Rng } from '../rng';
import type { Image } from '../tensor';
import { DenoiserCalls } from './calls';
import { combine, dot, norm } from './vec';

/** Default probe size: the perturbation h·v has RMS `relativeStep`·σ per pixel. */
export const FD_RELATIVE_STEP = 1e-2;

/**
 * J(x_i) v_i ≈ (D(x_i + h v_i) − D(x_i)) / h for every item, given `denoised[i]` = D(x_i, σ_i), with the probes of
 * all items in one batched call. h scales each v_i to an RMS perturbation of relativeStep·σ_i (the difference stays
 * in the regime the denoiser was trained for). On faces64 it is within 1% of the central difference for σ 0.01–5,
 * which costs one more evaluation.
 */
export async function jacobianVectorProducts(
  calls: DenoiserCalls,
  xs: readonly Float32Array[],
  sigmas: readonly number[],
  directions: readonly Float32Array[],
  denoised: readonly Float32Array[],
  relativeStep = FD_RELATIVE_STEP,
): Promise<Float32Array[]> {
  const steps = directions.map((v, i) => {
    const size = norm(v);
    return size > 0 ? (relativeStep * Math.max(sigmas[i], 1e-3) * Math.sqrt(v.length)) / size : 0;
  });
  const probes = xs.map((x, i) =>
    combine([
      [1, x],
      [steps[i], directions[i]],
    ]),
  );
  const out = await calls.denoise(probes, sigmas);
  return xs.map((x, i) =>
    steps[i] > 0
      ? combine([
          [1 / steps[i], out[i]],
          [-1 / steps[i], denoised[i]],
        ])
      : new Float32Array(x.length),
  );
}

export interface AsymmetryReport {
  /** Estimate of ‖Jᵀv − Jv‖/‖Jv‖ for each random direction v. */
  values: number[];
  mean: number;
}

/**
 * How far the denoiser's Jacobian J at (x, σ) is from symmetric, from JVPs only (a black box gives no Jᵀv).
 * For u ~ N(0, I): ⟨Ju, v⟩ − ⟨u, Jv⟩ = ⟨u, (Jᵀ − J)v⟩ has mean square ‖Jᵀv − Jv‖², so
 * ‖Jᵀv − Jv‖/‖Jv‖ ≈ √(mean_k (⟨Ju_k, v⟩ − ⟨u_k, Jv⟩)²) / ‖Jv‖ over `probes` random u_k (relative standard error of
 * the squared estimate √(2/probes)). 0 for an MMSE denoiser; DPS via Jv ≈ Jᵀv is only as good as this is small.
 * D(x) takes one call, then all JVPs (directions + probes) one batched call of directions + probes images.
 */
export async function jacobianAsymmetry(
  denoiser: Denoiser,
  x: Image,
  sigma: number,
  rng: Rng,
  { directions = 2, probes = 16, relativeStep = FD_RELATIVE_STEP } = {},
): Promise<AsymmetryReport> {
  for (const [name, count] of [
    ['directions', directions],
    ['probes', probes],
  ] as const) {
    if (!Number.isInteger(count) || count < 1) throw new Error(`asymmetry needs at least one of ${name}, got ${count}`);
  }
  const calls = new DenoiserCalls(denoiser, x);
  const random = (count: number) =>
    Array.from({ length: count }, () => rng.fillNormal(new Float32Array(x.data.length)));
  const vs = random(directions);
  const us = random(probes);
  const [denoised] = await calls.denoise([x.data], [sigma]);
  const count = directions + probes;
  const products = await jacobianVectorProducts(
    calls,
    Array.from({ length: count }, () => x.data),
    Array.from({ length: count }, () => sigma),
    [...vs, ...us],
    Array.from({ length: count }, () => denoised),
    relativeStep,
  );
  const values = vs.map((v, j) => {
    const jv = products[j];
    const meanSquare = us.reduce((sum, u, k) => sum + (dot(products[directions + k], v) - dot(u, jv)) ** 2, 0) / probes;
    return Math.sqrt(meanSquare) / norm(jv);
  });
  return { values, mean: values.reduce((a, b) => a + b, 0) / directions };
}
