import { describe, expect, it } from 'vitest';
import { fft2, fft2Real, fromRealFourier, ifft2, ifft2Real, type Spectrum, toRealFourier } from '../../src/core/fft';
import { createRng } from '../../src/core/rng';

function randomSpectrum(h: number, w: number, seed: number): Spectrum {
  const rng = createRng(seed);
  const draw = () => Float64Array.from({ length: h * w }, () => rng.normal());
  return { h, w, re: draw(), im: draw() };
}

// O(N²) unitary DFT straight from the definition.
function directDft(x: Spectrum): Spectrum {
  const { h, w } = x;
  const out: Spectrum = { h, w, re: new Float64Array(h * w), im: new Float64Array(h * w) };
  for (let ky = 0; ky < h; ky++) {
    for (let kx = 0; kx < w; kx++) {
      let re = 0;
      let im = 0;
      for (let y = 0; y < h; y++) {
        for (let xx = 0; xx < w; xx++) {
          const angle = -2 * Math.PI * ((ky * y) / h + (kx * xx) / w);
          const a = x.re[y * w + xx];
          const b = x.im[y * w + xx];
          re += a * Math.cos(angle) - b * Math.sin(angle);
          im += a * Math.sin(angle) + b * Math.cos(angle);
        }
      }
      out.re[ky * w + kx] = re / Math.sqrt(h * w);
      out.im[ky * w + kx] = im / Math.sqrt(h * w);
    }
  }
  return out;
}

const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const energy = (s: Spectrum) => s.re.reduce((e, v, i) => e + v * v + s.im[i] ** 2, 0);
const SIZES: [number, number][] = [
  [1, 1],
  [1, 6],
  [2, 2],
  [3, 5],
  [7, 7],
  [9, 4],
  [28, 28],
  [32, 32],
  [64, 64],
  [15, 17],
  [64, 28],
];

describe('fft', () => {
  it.each(SIZES)('round-trips %i×%i and preserves energy (Parseval)', (h, w) => {
    const x = randomSpectrum(h, w, h * 100 + w);
    const spectrum = fft2(x);
    expect(Math.abs(energy(spectrum) - energy(x)) / energy(x)).toBeLessThan(1e-12);
    const back = ifft2(spectrum);
    expect(maxDiff(back.re, x.re)).toBeLessThan(1e-12);
    expect(maxDiff(back.im, x.im)).toBeLessThan(1e-12);
  });

  it.each([
    [3, 5],
    [7, 7],
    [9, 4],
    [5, 11],
    [8, 8],
    [1, 13],
  ])('matches the direct DFT on %i×%i', (h, w) => {
    const x = randomSpectrum(h, w, 7);
    const fast = fft2(x);
    const slow = directDft(x);
    expect(maxDiff(fast.re, slow.re)).toBeLessThan(1e-11);
    expect(maxDiff(fast.im, slow.im)).toBeLessThan(1e-11);
  });

  it('puts a constant image entirely in the DC bin', () => {
    const s = fft2Real(new Float64Array(12).fill(2), 3, 4);
    expect(s.re[0]).toBeCloseTo(2 * Math.sqrt(12), 12);
    expect(maxDiff(s.re.subarray(1), new Float64Array(11))).toBeLessThan(1e-12);
  });

  it.each([
    [6, 6],
    [5, 7],
    [4, 9],
  ])('real Fourier coefficients of %i×%i form an orthonormal basis', (h, w) => {
    const rng = createRng(3);
    const image = Float64Array.from({ length: h * w }, () => rng.normal());
    const coeffs = new Float64Array(h * w);
    toRealFourier(fft2Real(image, h, w), coeffs);
    const norm = (a: Float64Array) => a.reduce((e, v) => e + v * v, 0);
    expect(Math.abs(norm(coeffs) - norm(image))).toBeLessThan(1e-10);
    expect(maxDiff(ifft2Real(fromRealFourier(coeffs, h, w)), image)).toBeLessThan(1e-12);
    // every basis vector v(e_k) is a real image of unit norm, orthogonal to the others
    const basis = Array.from({ length: h * w }, (_, k) => {
      const e = new Float64Array(h * w);
      e[k] = 1;
      const back = ifft2(fromRealFourier(e, h, w));
      expect(maxDiff(back.im, new Float64Array(h * w))).toBeLessThan(1e-12);
      return back.re;
    });
    let worst = 0;
    for (let i = 0; i < basis.length; i++) {
      for (let j = 0; j <= i; j++) {
        const dot = basis[i].reduce((s, v, n) => s + v * basis[j][n], 0);
        worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });
});
