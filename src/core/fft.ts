// 2D discrete Fourier transforms of any size, in float64.
// Power-of-two lengths use fft.js (radix-4); every other length uses Bluestein's chirp-z algorithm around it.
// Convention: unitary (orthonormal), X[k] = (HW)^(-1/2) Σ_n x[n] e^{-2πi⟨k, n/(H,W)⟩}, so Parseval holds exactly.
import FFT from 'fft.js';

export interface Spectrum {
  h: number;
  w: number;
  re: Float64Array; // row-major h*w, frequency (ky, kx) at ky*w + kx
  im: Float64Array;
}

// In-place unnormalised forward DFT of one length-n complex sequence.
type Transform1d = (re: Float64Array, im: Float64Array) => void;

function powerOfTwoTransform(n: number): Transform1d {
  const fft = new FFT(n);
  const input = new Float64Array(2 * n);
  const output = new Float64Array(2 * n);
  return (re, im) => {
    for (let i = 0; i < n; i++) {
      input[2 * i] = re[i];
      input[2 * i + 1] = im[i];
    }
    fft.transform(output, input);
    for (let i = 0; i < n; i++) {
      re[i] = output[2 * i];
      im[i] = output[2 * i + 1];
    }
  };
}

// Bluestein: jk = (j² + k² − (k−j)²)/2 turns the DFT into a circular convolution of length m ≥ 2n−1 (a power of 2):
// X_k = w_k Σ_j (x_j w_j) conj(w_{k−j}), w_j = e^{−iπ j²/n}.
function bluesteinTransform(n: number): Transform1d {
  let m = 2;
  while (m < 2 * n - 1) m *= 2;
  const fft = new FFT(m);
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const angle = (-Math.PI * ((j * j) % (2 * n))) / n; // j² mod 2n keeps the angle accurate for large j
    chirpRe[j] = Math.cos(angle);
    chirpIm[j] = Math.sin(angle);
  }
  const filter = new Float64Array(2 * m);
  for (let j = 0; j < n; j++) {
    for (const at of j === 0 ? [0] : [j, m - j]) {
      filter[2 * at] = chirpRe[j];
      filter[2 * at + 1] = -chirpIm[j];
    }
  }
  const filterSpectrum = new Float64Array(2 * m);
  fft.transform(filterSpectrum, filter);
  const a = new Float64Array(2 * m);
  const spectrum = new Float64Array(2 * m);
  return (re, im) => {
    a.fill(0);
    for (let j = 0; j < n; j++) {
      a[2 * j] = re[j] * chirpRe[j] - im[j] * chirpIm[j];
      a[2 * j + 1] = re[j] * chirpIm[j] + im[j] * chirpRe[j];
    }
    fft.transform(spectrum, a);
    for (let k = 0; k < m; k++) {
      const sr = spectrum[2 * k];
      const si = spectrum[2 * k + 1];
      spectrum[2 * k] = sr * filterSpectrum[2 * k] - si * filterSpectrum[2 * k + 1];
      spectrum[2 * k + 1] = sr * filterSpectrum[2 * k + 1] + si * filterSpectrum[2 * k];
    }
    fft.inverseTransform(a, spectrum); // fft.js normalises its inverse by 1/m
    for (let k = 0; k < n; k++) {
      re[k] = a[2 * k] * chirpRe[k] - a[2 * k + 1] * chirpIm[k];
      im[k] = a[2 * k] * chirpIm[k] + a[2 * k + 1] * chirpRe[k];
    }
  };
}

const transforms = new Map<number, Transform1d>();

function transform1d(n: number): Transform1d {
  let transform = transforms.get(n);
  if (!transform) {
    if (n === 1) transform = () => {};
    else transform = (n & (n - 1)) === 0 ? powerOfTwoTransform(n) : bluesteinTransform(n);
    transforms.set(n, transform);
  }
  return transform;
}

function assertSpectrum(s: Spectrum): void {
  if (!Number.isInteger(s.h) || !Number.isInteger(s.w) || s.h < 1 || s.w < 1) {
    throw new Error(`FFT size must be positive integers, got ${s.h}×${s.w}`);
  }
  if (s.re.length !== s.h * s.w || s.im.length !== s.h * s.w) {
    throw new Error(`spectrum ${s.h}×${s.w} needs arrays of length ${s.h * s.w}`);
  }
}

// Unitary 2D DFT; the inverse uses conj(F(conj x)).
function transform2d(input: Spectrum, inverse: boolean): Spectrum {
  assertSpectrum(input);
  const { h, w } = input;
  const re = input.re.slice();
  const im = input.im.slice();
  const sign = inverse ? -1 : 1;
  if (inverse) for (let i = 0; i < im.length; i++) im[i] = -im[i];
  const rowTransform = transform1d(w);
  for (let y = 0; y < h; y++) rowTransform(re.subarray(y * w, (y + 1) * w), im.subarray(y * w, (y + 1) * w));
  const columnTransform = transform1d(h);
  const columnRe = new Float64Array(h);
  const columnIm = new Float64Array(h);
  const scale = 1 / Math.sqrt(h * w);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      columnRe[y] = re[y * w + x];
      columnIm[y] = im[y * w + x];
    }
    columnTransform(columnRe, columnIm);
    for (let y = 0; y < h; y++) {
      re[y * w + x] = columnRe[y] * scale;
      im[y * w + x] = sign * columnIm[y] * scale;
    }
  }
  return { h, w, re, im };
}

/** Unitary forward 2D DFT. */
export function fft2(input: Spectrum): Spectrum {
  return transform2d(input, false);
}

/** Unitary inverse 2D DFT. */
export function ifft2(input: Spectrum): Spectrum {
  return transform2d(input, true);
}

/** Unitary DFT of a real h×w plane. */
export function fft2Real(plane: ArrayLike<number>, h: number, w: number): Spectrum {
  if (plane.length !== h * w) throw new Error(`plane of length ${plane.length} is not ${h}×${w}`);
  return fft2({ h, w, re: Float64Array.from(plane), im: new Float64Array(h * w) });
}

/** Real part of the unitary inverse DFT (the imaginary part is zero for Hermitian spectra). */
export function ifft2Real(spectrum: Spectrum): Float64Array {
  return ifft2(spectrum).re;
}

/** Flat index of the frequency −k (mod size) for the frequency at flat index k. */
export function conjugateIndex(k: number, h: number, w: number): number {
  const ky = Math.floor(k / w);
  const kx = k - ky * w;
  return ((h - ky) % h) * w + ((w - kx) % w);
}

/** Signed frequency in cycles per pixel of DFT bin k of a length-n axis, in [−1/2, 1/2). */
export function signedFrequency(k: number, n: number): number {
  return (k < n - Math.floor(n / 2) ? k : k - n) / n;
}

// Real orthonormal Fourier basis (the V of the blur SVD): for each conjugate pair {k, −k} with k < −k (flat index),
// slot k holds √2·Re X_k and slot −k holds √2·Im X_k; a self-conjugate frequency (k = −k) holds Re X_k.
// With a unitary X of a real image this is an orthonormal change of basis, and slot k always belongs to frequency ±k.

/** Writes the h*w real Fourier coefficients of a Hermitian spectrum into out[offset ...]. */
export function toRealFourier(spectrum: Spectrum, out: Float64Array | Float32Array, offset = 0): void {
  const { h, w, re, im } = spectrum;
  for (let k = 0; k < h * w; k++) {
    const c = conjugateIndex(k, h, w);
    if (c === k) out[offset + k] = re[k];
    else if (k < c) {
      out[offset + k] = Math.SQRT2 * re[k];
      out[offset + c] = Math.SQRT2 * im[k];
    }
  }
}

/** The Hermitian spectrum whose real Fourier coefficients are coeffs[offset ... offset + h*w). */
export function fromRealFourier(coeffs: ArrayLike<number>, h: number, w: number, offset = 0): Spectrum {
  const re = new Float64Array(h * w);
  const im = new Float64Array(h * w);
  for (let k = 0; k < h * w; k++) {
    const c = conjugateIndex(k, h, w);
    if (c === k) re[k] = coeffs[offset + k];
    else if (k < c) {
      re[k] = re[c] = coeffs[offset + k] / Math.SQRT2;
      im[k] = coeffs[offset + c] / Math.SQRT2;
      im[c] = -im[k];
    }
  }
  return { h, w, re, im };
}
