// Operators diagonal in the Fourier domain: circular blur (convolution with a kernel) and the identity.
// SVD (deepinv BlurFFT): V = real orthonormal Fourier basis, s = |K̂|, U = V with each pair rotated by the phase of K̂.
import { fft2, fft2Real, fromRealFourier, ifft2, ifft2Real, type Spectrum, toRealFourier } from '../fft';
import { assertShape, formatShape, type Image, type Shape, shapeSize } from '../tensor';
import { createOperator, type LinearOperator, type Svd } from './linear';

/** An operator whose SVD basis V is the real Fourier basis, with per-frequency transfer function K̂ (all channels). */
export interface FourierDiagonalOperator extends LinearOperator {
  transfer: Spectrum; // unnormalised DFT of the circular kernel: F(Ax) = K̂ ⊙ F(x) with the unitary F
}

export function isFourierDiagonal(op: LinearOperator): op is FourierDiagonalOperator {
  return 'transfer' in op;
}

function multiply(spectrum: Spectrum, factor: Spectrum, conjugate: boolean): Spectrum {
  const sign = conjugate ? -1 : 1;
  const re = spectrum.re.map((a, k) => a * factor.re[k] - spectrum.im[k] * sign * factor.im[k]);
  const im = spectrum.im.map((b, k) => spectrum.re[k] * sign * factor.im[k] + b * factor.re[k]);
  return { h: spectrum.h, w: spectrum.w, re, im };
}

// Applies f to each channel plane of a c×h×w array; f returns the new h×w plane.
function perChannel(
  data: Float32Array,
  shape: Shape,
  f: (plane: Float32Array, offset: number) => ArrayLike<number>,
): Float32Array {
  const n = shape.h * shape.w;
  const out = new Float32Array(data.length);
  for (let ch = 0; ch < shape.c; ch++) out.set(f(data.subarray(ch * n, (ch + 1) * n), ch * n), ch * n);
  return out;
}

function fourierSvd(shape: Shape, transfer: Spectrum): Svd {
  const { h, w } = shape;
  const magnitude = transfer.re.map((re, k) => Math.hypot(re, transfer.im[k]));
  const phase: Spectrum = {
    h,
    w,
    re: transfer.re.map((re, k) => (magnitude[k] > 0 ? re / magnitude[k] : 1)),
    im: transfer.im.map((im, k) => (magnitude[k] > 0 ? im / magnitude[k] : 0)),
  };
  const toCoefficients = (image: Float32Array, rotate: boolean) =>
    perChannel(image, shape, (plane) => {
      const spectrum = fft2Real(plane, h, w);
      const coeffs = new Float64Array(h * w);
      toRealFourier(rotate ? multiply(spectrum, phase, true) : spectrum, coeffs);
      return coeffs;
    });
  const fromCoefficients = (coeffs: Float32Array, rotate: boolean) =>
    perChannel(coeffs, shape, (_, offset) => {
      const spectrum = fromRealFourier(coeffs, h, w, offset);
      return ifft2Real(rotate ? multiply(spectrum, phase, false) : spectrum);
    });
  const singular = new Float32Array(shapeSize(shape));
  for (let ch = 0; ch < shape.c; ch++) singular.set(magnitude, ch * h * w);
  return {
    singular,
    vT: (x) => toCoefficients(x, false),
    v: (c) => fromCoefficients(c, false),
    uT: (y) => toCoefficients(y, true),
    u: (c) => fromCoefficients(c, true),
  };
}

/**
 * Every channel filtered by `factor` (F(out) = factor ⊙ F(x), or conj(factor) ⊙ F(x)). Two real channels share one
 * complex transform: for a real kernel k, k ⊛ (a + ib) = k ⊛ a + i·k ⊛ b.
 */
function filterChannels(data: Float32Array, shape: Shape, factor: Spectrum, conjugate: boolean): Float32Array {
  const { c, h, w } = shape;
  const n = h * w;
  const out = new Float32Array(data.length);
  for (let ch = 0; ch < c; ch += 2) {
    const paired = ch + 1 < c;
    const re = Float64Array.from(data.subarray(ch * n, (ch + 1) * n));
    const im = paired ? Float64Array.from(data.subarray((ch + 1) * n, (ch + 2) * n)) : new Float64Array(n);
    const filtered = ifft2(multiply(fft2({ h, w, re, im }), factor, conjugate));
    out.set(filtered.re, ch * n);
    if (paired) out.set(filtered.im, (ch + 1) * n);
  }
  return out;
}

function fourierOperator(
  name: string,
  shape: Shape,
  transfer: Spectrum,
  copy?: (x: Float32Array) => Float32Array,
): FourierDiagonalOperator {
  assertShape(shape);
  const squaredMagnitude: Spectrum = {
    h: shape.h,
    w: shape.w,
    re: transfer.re.map((re, k) => re * re + transfer.im[k] * transfer.im[k]),
    im: new Float64Array(transfer.re.length),
  };
  const op = createOperator({
    name,
    inShape: shape,
    outShape: shape,
    forward: copy ?? ((x) => filterChannels(x, shape, transfer, false)),
    adjoint: copy ?? ((y) => filterChannels(y, shape, transfer, true)),
    gram: copy ?? ((x) => filterChannels(x, shape, squaredMagnitude, false)),
    svd: fourierSvd(shape, transfer),
  });
  return { ...op, transfer };
}

/** Circular convolution of every channel with a 1-channel kernel (normalised here to sum 1), centred at pixel (⌊kh/2⌋, ⌊kw/2⌋). */
export function blurOperator(shape: Shape, kernel: Image, name = 'blur'): FourierDiagonalOperator {
  assertShape(shape);
  if (kernel.c !== 1) throw new Error(`blur kernel must have 1 channel, got ${kernel.c}`);
  if (kernel.h > shape.h || kernel.w > shape.w) {
    throw new Error(`blur kernel ${kernel.h}×${kernel.w} is larger than the ${shape.h}×${shape.w} image`);
  }
  const total = kernel.data.reduce((a, b) => a + b, 0);
  if (kernel.data.some((v) => !(v >= 0)) || !(total > 0)) {
    throw new Error('blur kernel must be non-negative with a positive sum');
  }
  const { h, w } = shape;
  const wrapped = new Float64Array(h * w);
  const cy = Math.floor(kernel.h / 2);
  const cx = Math.floor(kernel.w / 2);
  for (let y = 0; y < kernel.h; y++) {
    for (let x = 0; x < kernel.w; x++) {
      wrapped[((y - cy + h) % h) * w + ((x - cx + w) % w)] += kernel.data[y * kernel.w + x] / total;
    }
  }
  const unitary = fft2Real(wrapped, h, w);
  const scale = Math.sqrt(h * w); // convolution theorem with the unitary DFT: F(k ⊛ x) = √(hw) F(k) F(x)
  const transfer: Spectrum = { h, w, re: unitary.re.map((v) => v * scale), im: unitary.im.map((v) => v * scale) };
  return fourierOperator(`${name} ${kernel.h}×${kernel.w} on ${formatShape(shape)}`, shape, transfer);
}

/** Identity (denoising): forward and adjoint copy; the SVD uses the Fourier basis with s = 1, like a delta kernel. */
export function identityOperator(shape: Shape): FourierDiagonalOperator {
  assertShape(shape);
  const n = shape.h * shape.w;
  const transfer: Spectrum = { h: shape.h, w: shape.w, re: new Float64Array(n).fill(1), im: new Float64Array(n) };
  return fourierOperator('identity', shape, transfer, (x) => x.slice());
}
