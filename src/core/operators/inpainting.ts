// Inpainting: A = diag(m) with a per-pixel 0/1 mask shared by all channels; y keeps the image shape (0 where missing).
// SVD: V = U = I, singular = mask.
import { type Rng, randomPermutation } from '../rng';
import { assertShape, type Shape } from '../tensor';
import { createOperator, type LinearOperator } from './linear';

export interface Mask {
  h: number;
  w: number;
  observed: Uint8Array; // row-major h*w: 1 = pixel observed, 0 = missing
}

function assertMaskSize(h: number, w: number): void {
  assertShape({ c: 1, h, w }, 'mask');
}

/** Everything observed except a centred boxH×boxW hole. */
export function boxMask(h: number, w: number, boxH: number, boxW = boxH): Mask {
  assertMaskSize(h, w);
  if (!Number.isInteger(boxH) || !Number.isInteger(boxW) || boxH < 0 || boxW < 0 || boxH > h || boxW > w) {
    throw new Error(`box ${boxH}×${boxW} does not fit in a ${h}×${w} image`);
  }
  const top = Math.floor((h - boxH) / 2);
  const left = Math.floor((w - boxW) / 2);
  const observed = new Uint8Array(h * w).fill(1);
  for (let y = top; y < top + boxH; y++) observed.fill(0, y * w + left, y * w + left + boxW);
  return { h, w, observed };
}

/** round(missingFraction·h·w) pixels missing, chosen uniformly at random. */
export function randomMask(h: number, w: number, missingFraction: number, rng: Rng): Mask {
  assertMaskSize(h, w);
  if (!(missingFraction >= 0 && missingFraction <= 1)) {
    throw new Error(`missing fraction must be in [0, 1], got ${missingFraction}`);
  }
  const observed = new Uint8Array(h * w).fill(1);
  const order = randomPermutation(rng, h * w);
  for (let i = 0; i < Math.round(missingFraction * h * w); i++) observed[order[i]] = 0;
  return { h, w, observed };
}

export type Side = 'left' | 'right' | 'top' | 'bottom';

/** The given half of the image is missing (the smaller half for odd sizes). */
export function halfMask(h: number, w: number, missing: Side): Mask {
  assertMaskSize(h, w);
  const observed = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const hidden = {
        left: x < Math.floor(w / 2),
        right: x >= w - Math.floor(w / 2),
        top: y < Math.floor(h / 2),
        bottom: y >= h - Math.floor(h / 2),
      }[missing];
      observed[y * w + x] = hidden ? 0 : 1;
    }
  }
  return { h, w, observed };
}

/** A user-drawn bitmap: one value per pixel, 1 = observed, 0 = missing. */
export function bitmapMask(h: number, w: number, bitmap: ArrayLike<number>): Mask {
  assertMaskSize(h, w);
  if (bitmap.length !== h * w)
    throw new Error(`mask bitmap has ${bitmap.length} values, expected ${h}×${w} = ${h * w}`);
  const observed = Uint8Array.from(bitmap);
  for (let i = 0; i < bitmap.length; i++) {
    if (bitmap[i] !== 0 && bitmap[i] !== 1)
      throw new Error(`mask bitmap values must be 0 or 1, got ${bitmap[i]} at ${i}`);
  }
  return { h, w, observed };
}

export function observedFraction(mask: Mask): number {
  return mask.observed.reduce((a, b) => a + b, 0) / mask.observed.length;
}

/** A message for the degenerate masks (nothing or everything observed), which are valid but worth telling the user. */
export function maskWarning(mask: Mask): string | null {
  const fraction = observedFraction(mask);
  if (fraction === 0)
    return 'The mask hides every pixel: y carries no information, so any result is a guess from the prior.';
  if (fraction === 1) return 'The mask hides no pixel: inpainting leaves the image unchanged apart from noise.';
  return null;
}

export function inpaintingOperator(shape: Shape, mask: Mask): LinearOperator {
  assertShape(shape);
  if (mask.h !== shape.h || mask.w !== shape.w) {
    throw new Error(`mask is ${mask.h}×${mask.w} but the image is ${shape.h}×${shape.w}`);
  }
  const n = shape.h * shape.w;
  const singular = new Float32Array(shape.c * n);
  for (let ch = 0; ch < shape.c; ch++) singular.set(mask.observed, ch * n);
  const apply = (x: Float32Array) => x.map((v, i) => v * singular[i]);
  const copy = (x: Float32Array) => x.slice();
  const missingPercent = Math.round(100 * (1 - observedFraction(mask)));
  return createOperator({
    name: `inpainting (${missingPercent}% missing)`,
    inShape: shape,
    outShape: shape,
    forward: apply,
    adjoint: apply,
    svd: { singular, vT: copy, v: copy, uT: apply, u: apply },
  });
}
