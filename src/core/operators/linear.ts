// deepinv-style linear operators on one image, with an SVD A = U diag(s) Vᵀ from which every closed form
// (pseudo-inverse, data proximal step, Gaussian-conditional sampling) is derived once, generically.
import type { Rng } from '../rng';
import { assertLength, assertShape, formatShape, type Shape, shapeSize } from '../tensor';

export interface Svd {
  // A = U diag(s) Vᵀ with real orthonormal U, V
  singular: Float32Array; // length inSize: s_i >= 0, 0 where no data
  vT(x: Float32Array): Float32Array; // image -> coefficients (length inSize)
  v(coeffs: Float32Array): Float32Array; // coefficients -> image
  uT(y: Float32Array): Float32Array; // measurement -> coefficients aligned with `singular` (0 where s=0)
  u(coeffs: Float32Array): Float32Array; // coefficients (slots with s>0) -> measurement
}
export interface LinearOperator {
  name: string;
  inShape: Shape;
  outShape: Shape;
  forward(x: Float32Array): Float32Array; // A x
  adjoint(y: Float32Array): Float32Array; // Aᵀ y
  gram(x: Float32Array): Float32Array; // AᵀA x (one pass where the operator has a closed form, e.g. |K̂|² for a blur)
  pseudoInverse(y: Float32Array): Float32Array; // A† y (singular values below a threshold treated as 0)
  svd: Svd;
}
// A measurement binds an operator to y and σ_y; closed forms come generically from the SVD.
export interface Measurement {
  operator: LinearOperator;
  y: Float32Array;
  sigmaY: number;
  proxData(x: Float32Array, rho: number): Float32Array; // argmin_z ||y-Az||²/(2σ_y²) + ||z-x||²/(2ρ²); σ_y=0 ⇒ exact projection onto {Az=y}
  sampleData(x: Float32Array, rho: number, rng: Rng): Float32Array; // sample of the Gaussian ∝ exp(-that objective)
}

/**
 * Singular values at or below this fraction of the largest one are set to 0 in `svd.singular`: the SVD, the
 * pseudo-inverse and the data steps then describe A_eff = U diag(s_eff) Vᵀ, which differs from A (`forward`) by at
 * most this fraction of ‖A‖ (only blur kernels have such near-zero frequencies; masks and pooling have exact zeros).
 */
export const SINGULAR_THRESHOLD = 1e-3;

/** What an operator module provides; `createOperator` adds checks, thresholding and the pseudo-inverse. */
export interface OperatorSpec {
  name: string;
  inShape: Shape;
  outShape: Shape;
  forward(x: Float32Array): Float32Array;
  adjoint(y: Float32Array): Float32Array;
  gram?(x: Float32Array): Float32Array; // AᵀA x; adjoint(forward(x)) when not given
  svd: Svd; // with the exact singular values
}

function lengthChecked(f: (a: Float32Array) => Float32Array, length: number, what: string) {
  return (a: Float32Array): Float32Array => {
    assertLength(a, length, what);
    return f(a);
  };
}

export function createOperator(spec: OperatorSpec): LinearOperator {
  const { name, inShape, outShape } = spec;
  assertShape(inShape, `${name} input`);
  assertShape(outShape, `${name} output`);
  const inSize = shapeSize(inShape);
  const outSize = shapeSize(outShape);
  assertLength(spec.svd.singular, inSize, `${name} singular values`);
  const largest = spec.svd.singular.reduce((m, s) => Math.max(m, s), 0);
  const singular = spec.svd.singular.map((s) => (s > SINGULAR_THRESHOLD * largest ? s : 0));
  const keepData = (coeffs: Float32Array) => coeffs.map((c, i) => (singular[i] > 0 ? c : 0));
  const svd: Svd = {
    singular,
    vT: lengthChecked(spec.svd.vT, inSize, `${name} Vᵀ input`),
    v: lengthChecked(spec.svd.v, inSize, `${name} V coefficients`),
    uT: lengthChecked((y) => keepData(spec.svd.uT(y)), outSize, `${name} Uᵀ input`),
    u: lengthChecked((c) => spec.svd.u(keepData(c)), inSize, `${name} U coefficients`),
  };
  return {
    name,
    inShape,
    outShape,
    forward: lengthChecked(spec.forward, inSize, `${name} input (${formatShape(inShape)})`),
    adjoint: lengthChecked(spec.adjoint, outSize, `${name} measurement (${formatShape(outShape)})`),
    gram: lengthChecked(
      spec.gram ?? ((x) => spec.adjoint(spec.forward(x))),
      inSize,
      `${name} input (${formatShape(inShape)})`,
    ),
    pseudoInverse: (y) => svd.v(svd.uT(y).map((c, i) => (singular[i] > 0 ? c / singular[i] : 0))),
    svd,
  };
}

/**
 * Per-coefficient Gaussian conditional in an SVD basis: prior z_i ~ N(m_i, p_i), observation ỹ_i = s_i z_i + σ n_i.
 * Posterior mean (σ² m + s p ỹ)/(σ² + s² p), variance p σ²/(σ² + s² p); s = 0 keeps the prior; σ = 0 gives ỹ/s, 0.
 */
export function gaussianConditional(
  singular: Float32Array,
  yCoeffs: ArrayLike<number>,
  sigmaY: number,
  priorMean: ArrayLike<number>,
  priorVariance: ArrayLike<number> | number,
): { mean: Float64Array; variance: Float64Array } {
  const n = singular.length;
  const mean = new Float64Array(n);
  const variance = new Float64Array(n);
  const noiseVariance = sigmaY * sigmaY;
  for (let i = 0; i < n; i++) {
    const s = singular[i];
    const p = typeof priorVariance === 'number' ? priorVariance : priorVariance[i];
    if (s === 0) {
      mean[i] = priorMean[i];
      variance[i] = p;
    } else {
      const denominator = noiseVariance + s * s * p;
      mean[i] = (noiseVariance * priorMean[i] + s * p * yCoeffs[i]) / denominator;
      variance[i] = (p * noiseVariance) / denominator;
    }
  }
  return { mean, variance };
}

function assertSigmaY(sigmaY: number): void {
  if (!Number.isFinite(sigmaY) || sigmaY < 0)
    throw new Error(`measurement noise σ_y must be finite and ≥ 0, got ${sigmaY}`);
}

export function bindMeasurement(op: LinearOperator, y: Float32Array, sigmaY: number): Measurement {
  assertSigmaY(sigmaY);
  assertLength(y, shapeSize(op.outShape), `${op.name} measurement y`);
  if (!y.every(Number.isFinite)) throw new Error(`${op.name} measurement y contains NaN or infinite values`);
  const { singular } = op.svd;
  const yCoeffs = op.svd.uT(y); // computed once per measurement
  const conditional = (x: Float32Array, rho: number) => {
    if (!(rho > 0) || !Number.isFinite(rho)) throw new Error(`ρ must be finite and > 0, got ${rho}`);
    return gaussianConditional(singular, yCoeffs, sigmaY, op.svd.vT(x), rho * rho);
  };
  return {
    operator: op,
    y,
    sigmaY,
    proxData: (x, rho) => op.svd.v(Float32Array.from(conditional(x, rho).mean)),
    sampleData: (x, rho, rng) => {
      const { mean, variance } = conditional(x, rho);
      const noise = rng.fillNormal(new Float32Array(mean.length));
      return op.svd.v(noise.map((n, i) => mean[i] + Math.sqrt(variance[i]) * n));
    },
  };
}

/** Simulates y = A x + σ_y n with n ~ N(0, I) drawn from rng. */
export function measure(op: LinearOperator, x: Float32Array, sigmaY: number, rng: Rng): Measurement {
  assertSigmaY(sigmaY);
  const clean = op.forward(x);
  const noise = rng.fillNormal(new Float32Array(clean.length));
  return bindMeasurement(
    op,
    clean.map((v, i) => v + sigmaY * noise[i]),
    sigmaY,
  );
}
