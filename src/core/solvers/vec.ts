// Small float32 vector helpers shared by the solvers (accumulations in float64).

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}

/** Σ_k c_k · v_k, all vectors of equal length. */
export function combine(terms: readonly (readonly [number, Float32Array])[]): Float32Array {
  const out = new Float32Array(terms[0][1].length);
  for (const [c, v] of terms) {
    if (c === 0) continue;
    for (let i = 0; i < out.length; i++) out[i] += c * v[i];
  }
  return out;
}

export function subtract(a: Float32Array, b: Float32Array): Float32Array {
  return combine([
    [1, a],
    [-1, b],
  ]);
}

export function mean(vectors: readonly Float32Array[]): Float32Array {
  return combine(vectors.map((v) => [1 / vectors.length, v] as const));
}

export function clip(a: Float32Array, lo: number, hi: number): Float32Array {
  return a.map((v) => Math.min(hi, Math.max(lo, v)));
}
