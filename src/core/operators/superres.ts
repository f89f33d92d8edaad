// Super-resolution by average pooling: y = mean of each f×f block, per channel.
// SVD: V = per-block orthonormal 2D DCT-II (its first vector is the constant 1/f), s = 1/f on that vector, 0 else;
// coefficient (i, j) of the block at (by, bx) sits at pixel (by·f + i, bx·f + j), so U maps y to the (0, 0) slots.
import { assertShape, type Shape } from '../tensor';
import { createOperator, type LinearOperator } from './linear';

// Orthonormal DCT-II matrix C[k][n] = α_k cos(π (2n + 1) k / 2f).
function dctMatrix(f: number): Float64Array {
  const c = new Float64Array(f * f);
  for (let k = 0; k < f; k++) {
    for (let n = 0; n < f; n++)
      c[k * f + n] = Math.sqrt((k === 0 ? 1 : 2) / f) * Math.cos((Math.PI * (2 * n + 1) * k) / (2 * f));
  }
  return c;
}

export function averagePoolOperator(shape: Shape, factor: number): LinearOperator {
  assertShape(shape);
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`SR factor must be a positive integer, got ${factor}`);
  if (shape.h % factor !== 0 || shape.w % factor !== 0) {
    throw new Error(`SR factor ${factor} does not divide the image size ${shape.h}×${shape.w}`);
  }
  const f = factor;
  const { c, h, w } = shape;
  const outShape = { c, h: h / f, w: w / f };
  const dct = dctMatrix(f);
  // Visits every block: index(i, j) is the flat position of block pixel (i, j); out is the block's output index.
  const forEachBlock = (visit: (index: (i: number, j: number) => number, out: number) => void) => {
    for (let ch = 0; ch < c; ch++) {
      for (let by = 0; by < outShape.h; by++) {
        for (let bx = 0; bx < outShape.w; bx++) {
          visit((i, j) => (ch * h + by * f + i) * w + bx * f + j, (ch * outShape.h + by) * outShape.w + bx);
        }
      }
    }
  };
  // Block-wise C X Cᵀ (forward) or Cᵀ X C (inverse).
  const blockDct = (x: Float32Array, inverse: boolean) => {
    const out = new Float32Array(x.length);
    const at = (k: number, n: number) => (inverse ? dct[n * f + k] : dct[k * f + n]);
    forEachBlock((index) => {
      for (let k = 0; k < f; k++) {
        for (let l = 0; l < f; l++) {
          let sum = 0;
          for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) sum += at(k, i) * at(l, j) * x[index(i, j)];
          out[index(k, l)] = sum;
        }
      }
    });
    return out;
  };
  const singular = new Float32Array(c * h * w);
  const inSlots = new Int32Array(c * outShape.h * outShape.w);
  forEachBlock((index, out) => {
    singular[index(0, 0)] = 1 / f;
    inSlots[out] = index(0, 0);
  });
  return createOperator({
    name: `SR ×${f} (average pooling)`,
    inShape: shape,
    outShape,
    forward: (x) => {
      const y = new Float32Array(inSlots.length);
      forEachBlock((index, out) => {
        let sum = 0;
        for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) sum += x[index(i, j)];
        y[out] = sum / (f * f);
      });
      return y;
    },
    adjoint: (y) => {
      const x = new Float32Array(c * h * w);
      forEachBlock((index, out) => {
        for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) x[index(i, j)] = y[out] / (f * f);
      });
      return x;
    },
    svd: {
      singular,
      vT: (x) => blockDct(x, false),
      v: (coeffs) => blockDct(coeffs, true),
      uT: (y) => {
        const coeffs = new Float32Array(c * h * w);
        inSlots.forEach((slot, out) => {
          coeffs[slot] = y[out];
        });
        return coeffs;
      },
      u: (coeffs) => Float32Array.from(inSlots, (slot) => coeffs[slot]),
    },
  });
}
