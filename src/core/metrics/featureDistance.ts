// Set-level distances between two sets of feature vectors (one row per image), as FID and KID compare Inception
// features: the Fréchet distance of Gaussians fitted to each set (Heusel et al. 2017, eq. 6) and the kernel distance,
// an unbiased MMD² with the cubic polynomial kernel (Bińkowski et al. 2018, KID). Used with face descriptors.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export type FeatureSet = readonly (readonly number[] | Float32Array | Float64Array)[];

function checkSets(a: FeatureSet, b: FeatureSet, what: string, minimum: number): number {
  if (a.length < minimum || b.length < minimum) {
    throw new Error(`${what} needs at least ${minimum} feature vectors per set, got ${a.length} and ${b.length}`);
  }
  const dimension = a[0].length;
  for (const row of [...a, ...b]) {
    if (row.length !== dimension) throw new Error(`${what}: feature vectors of lengths ${dimension} and ${row.length}`);
    for (const v of row) if (!Number.isFinite(v)) throw new Error(`${what}: feature vectors must be finite`);
  }
  return dimension;
}

/** Mean vector and covariance (denominator n − 1, as numpy.cov) of a set of rows. */
function moments(rows: FeatureSet): { mean: number[]; covariance: Matrix } {
  const data = new Matrix(rows.map((row) => Array.from(row)));
  const mean = data.mean('column');
  const centred = data.subRowVector(mean);
  return {
    mean,
    covariance: centred
      .transpose()
      .mmul(centred)
      .div(rows.length - 1),
  };
}

/** The symmetric square root V diag(√λ) Vᵀ of a symmetric positive semi-definite matrix (negative λ from rounding → 0). */
function symmetricSqrt(m: Matrix): Matrix {
  const { eigenvectorMatrix: v, realEigenvalues: values } = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const roots = Matrix.diag(values.map((value) => Math.sqrt(Math.max(0, value))));
  return v.mmul(roots).mmul(v.transpose());
}

/**
 * Fréchet distance ‖μ_a − μ_b‖² + Tr(Σ_a + Σ_b − 2 (Σ_a Σ_b)^½). Tr((Σ_a Σ_b)^½) is computed as the sum of √λ of the
 * symmetric PSD matrix Σ_a^½ Σ_b Σ_a^½ (same eigenvalues as Σ_a Σ_b), so no non-symmetric square root is needed.
 * Biased upwards for small sets (like FID); compare values only between sets of the same size.
 */
export function frechetDistance(a: FeatureSet, b: FeatureSet): number {
  checkSets(a, b, 'the Fréchet distance', 2);
  const ma = moments(a);
  const mb = moments(b);
  const meanTerm = ma.mean.reduce((sum, v, i) => sum + (v - mb.mean[i]) ** 2, 0);
  const rootA = symmetricSqrt(ma.covariance);
  const product = rootA.mmul(mb.covariance).mmul(rootA);
  const { realEigenvalues } = new EigenvalueDecomposition(product.add(product.transpose()).div(2), {
    assumeSymmetric: true,
  });
  const crossTrace = realEigenvalues.reduce((sum, value) => sum + Math.sqrt(Math.max(0, value)), 0);
  const value = meanTerm + ma.covariance.trace() + mb.covariance.trace() - 2 * crossTrace;
  return Math.max(0, value);
}

/** KID's kernel k(x, y) = (xᵀy / d + 1)³. */
function cubicKernel(x: FeatureSet[number], y: FeatureSet[number]): number {
  let dot = 0;
  for (let i = 0; i < x.length; i++) dot += x[i] * y[i];
  return (dot / x.length + 1) ** 3;
}

/**
 * Kernel distance between two sets of the same size n: the unbiased MMD²_u of Gretton et al. (2012, eq. 3),
 * 1/(n(n−1)) Σ_{i≠j} [k(a_i, a_j) + k(b_i, b_j) − k(a_i, b_j) − k(a_j, b_i)], with KID's cubic kernel. Exactly 0 for
 * identical sets; can be slightly negative when the sets are alike.
 */
export function kernelDistance(a: FeatureSet, b: FeatureSet): number {
  checkSets(a, b, 'the kernel distance', 2);
  if (a.length !== b.length)
    throw new Error(`the kernel distance needs sets of one size, got ${a.length} and ${b.length}`);
  const n = a.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      sum += cubicKernel(a[i], a[j]) + cubicKernel(b[i], b[j]) - cubicKernel(a[i], b[j]) - cubicKernel(a[j], b[i]);
    }
  }
  return sum / (n * (n - 1));
}
