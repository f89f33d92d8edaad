// Jacobian-vector products of a black-box denoiser by central differences, and a test of Jacobian symmetry.
// For an MMSE denoiser J = ∂D/∂x = Cov[x0 | x]/σ² is symmetric (Tweedie), so Jᵀv = Jv: this is what lets DPS run
// without autograd (two extra forward evaluations per step instead of a backward pass).
import type { Denoiser } from '../denoiser';
import type { Rng } from '../rng';
import type { Image } from '../tensor';
import { DenoiserCalls } from './calls';
import { combine, dot, norm } from './vec';

/** Default probe size: the perturbation h·v has RMS `relativeStep`·σ per pixel. */
export const FD_RELATIVE_STEP = 1e-2;

/**
 * J(x_i) v_i ≈ (D(x_i + h v_i) − D(x_i − h v_i)) / 2h for every item, with both probes of every item in one batched
 * call. h scales each v_i to an RMS perturbation of relativeStep·σ_i (the finite difference stays in the regime
 * the denoiser was trained for).
 */
export async function jacobianVectorProducts(
  calls: DenoiserCalls,
  xs: readonly Float32Array[],
  sigmas: readonly number[],
  directions: readonly Float32Array[],
  relativeStep = FD_RELATIVE_STEP,
): Promise<Float32Array[]> {
  const steps = directions.map((v, i) => {
    const size = norm(v);
    return size > 0 ? (relativeStep * Math.max(sigmas[i], 1e-3) * Math.sqrt(v.length)) / size : 0;
  });
  const probes = xs.flatMap((x, i) => [
    combine([
      [1, x],
      [steps[i], directions[i]],
    ]),
    combine([
      [1, x],
      [-steps[i], directions[i]],
    ]),
  ]);
  const out = await calls.denoise(
    probes,
    sigmas.flatMap((s) => [s, s]),
  );
  return xs.map((x, i) =>
    steps[i] > 0
      ? combine([
          [1 / (2 * steps[i]), out[2 * i]],
          [-1 / (2 * steps[i]), out[2 * i + 1]],
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
 * All JVPs (directions + probes) go in one batched call of 2·(directions + probes) images.
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
  const products = await jacobianVectorProducts(
    calls,
    Array.from({ length: directions + probes }, () => x.data),
    Array.from({ length: directions + probes }, () => sigma),
    [...vs, ...us],
    relativeStep,
  );
  const values = vs.map((v, j) => {
    const jv = products[j];
    const meanSquare = us.reduce((sum, u, k) => sum + (dot(products[directions + k], v) - dot(u, jv)) ** 2, 0) / probes;
    return Math.sqrt(meanSquare) / norm(jv);
  });
  return { values, mean: values.reduce((a, b) => a + b, 0) / directions };
}
