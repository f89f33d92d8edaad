// Exact posterior for any linear operator (masks, SR, ...) under the Gaussian sandbox prior, by conjugate gradients.
// Dual (Kalman-gain) form, valid for σ_y ≥ 0: E[x | y] = μ + ΣAᵀw with (AΣAᵀ + σ_y² I) w = y − Aμ, Σ applied in the
// Fourier basis where it is diagonal. Posterior samples by Matheron's rule (perturb, then solve the same system).
import type { Measurement } from '../operators/linear';
import type { Rng } from '../rng';
import { assertSameShape } from '../tensor';
import { type GaussianPrior, samplePrior } from './gaussian';

export interface CgOptions {
  tolerance?: number; // stop when ‖residual‖ ≤ tolerance·‖right-hand side‖
  maxIterations?: number;
}

export interface CgSolution {
  image: Float32Array;
  iterations: number;
  relativeResidual: number;
}

function applyPriorCovariance(prior: GaussianPrior, x: Float32Array): Float32Array {
  const { svd } = prior.basis;
  return svd.v(svd.vT(x).map((c, i) => c * prior.variance[i]));
}

// Conjugate gradients for the symmetric positive (semi-)definite system M w = b, in float64.
function conjugateGradients(
  apply: (v: Float64Array) => Float64Array,
  b: Float64Array,
  { tolerance = 1e-5, maxIterations = 2000 }: CgOptions,
): { solution: Float64Array; iterations: number; relativeResidual: number } {
  const dot = (a: Float64Array, c: Float64Array) => a.reduce((s, v, i) => s + v * c[i], 0);
  const bNorm = Math.sqrt(dot(b, b));
  const solution = new Float64Array(b.length);
  if (bNorm === 0) return { solution, iterations: 0, relativeResidual: 0 };
  const residual = b.slice();
  const direction = b.slice();
  let residualSq = dot(residual, residual);
  let iterations = 0;
  while (Math.sqrt(residualSq) > tolerance * bNorm && iterations < maxIterations) {
    const md = apply(direction);
    const step = residualSq / dot(direction, md);
    for (let i = 0; i < b.length; i++) {
      solution[i] += step * direction[i];
      residual[i] -= step * md[i];
    }
    const nextSq = dot(residual, residual);
    for (let i = 0; i < b.length; i++) direction[i] = residual[i] + (nextSq / residualSq) * direction[i];
    residualSq = nextSq;
    iterations++;
  }
  const relativeResidual = Math.sqrt(residualSq) / bNorm;
  if (relativeResidual > tolerance) {
    throw new Error(
      `CG did not converge: residual ${relativeResidual.toExponential(2)} after ${iterations} iterations`,
    );
  }
  return { solution, iterations, relativeResidual };
}

// x0 + ΣAᵀ(AΣAᵀ + σ²I)⁻¹(target − A x0).
function condition(
  prior: GaussianPrior,
  measurement: Measurement,
  x0: Float32Array,
  target: Float32Array,
  options: CgOptions,
): CgSolution {
  const op = measurement.operator;
  assertSameShape(op.inShape, prior.shape, 'operator input and prior');
  const noiseVariance = measurement.sigmaY ** 2;
  const apply = (w: Float64Array) => {
    const out = Float64Array.from(op.forward(applyPriorCovariance(prior, op.adjoint(Float32Array.from(w)))));
    for (let i = 0; i < out.length; i++) out[i] += noiseVariance * w[i];
    return out;
  };
  const predicted = op.forward(x0);
  const { solution, iterations, relativeResidual } = conjugateGradients(
    apply,
    Float64Array.from(target, (v, i) => v - predicted[i]),
    options,
  );
  const update = applyPriorCovariance(prior, op.adjoint(Float32Array.from(solution)));
  return { image: x0.map((v, i) => v + update[i]), iterations, relativeResidual };
}

/** Exact posterior mean for any operator, by CG on (AΣAᵀ + σ_y² I) w = y − Aμ. */
export function posteriorMeanCg(prior: GaussianPrior, measurement: Measurement, options: CgOptions = {}): CgSolution {
  const mean = new Float32Array(prior.variance.length).fill(prior.params.mean);
  return condition(prior, measurement, mean, measurement.y, options);
}

/** Exact posterior sample (Matheron's rule): x' ~ p(x), y' = y − σ_y n, then x' + ΣAᵀ(AΣAᵀ + σ_y² I)⁻¹(y' − A x'). */
export function posteriorSampleCg(
  prior: GaussianPrior,
  measurement: Measurement,
  rng: Rng,
  options: CgOptions = {},
): CgSolution {
  const draw = samplePrior(prior, rng);
  const noise = rng.fillNormal(new Float32Array(measurement.y.length));
  const perturbed = measurement.y.map((v, i) => v - measurement.sigmaY * noise[i]);
  return condition(prior, measurement, draw, perturbed, options);
}
