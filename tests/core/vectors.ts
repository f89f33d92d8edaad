// Small vector helpers shared by the core tests (float64 accumulation over typed arrays).
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

export function sub(a: Float32Array, b: ArrayLike<number>): Float32Array {
  return a.map((v, i) => v - b[i]);
}
