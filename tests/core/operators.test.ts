import { describe, expect, it } from 'vitest';
import {
  averagePoolOperator,
  bindMeasurement,
  bitmapMask,
  blurOperator,
  boxKernel,
  boxMask,
  gaussianKernel,
  halfMask,
  identityOperator,
  inpaintingOperator,
  kernelDisplayImage,
  type LinearOperator,
  maskWarning,
  measure,
  motionKernel,
  randomMask,
  SINGULAR_THRESHOLD,
} from '../../src/core/operators';
import { createRng, type Rng } from '../../src/core/rng';
import { shapeSize } from '../../src/core/tensor';
import { dot, norm, sub } from './vectors';

const randn = (rng: Rng, n: number) => rng.fillNormal(new Float32Array(n));

const rgb16 = { c: 3, h: 16, w: 16 };
const OPERATORS: [string, () => LinearOperator][] = [
  ['Gaussian blur', () => blurOperator(rgb16, gaussianKernel(5, 1.2))],
  ['wide Gaussian blur (thresholded)', () => blurOperator({ c: 1, h: 16, w: 16 }, gaussianKernel(9, 3))],
  ['motion blur, odd image size', () => blurOperator({ c: 2, h: 15, w: 17 }, motionKernel(7, 0.5, createRng(3)))],
  ['box blur', () => blurOperator({ c: 1, h: 12, w: 10 }, boxKernel(3))],
  ['box mask', () => inpaintingOperator(rgb16, boxMask(16, 16, 6))],
  ['random mask', () => inpaintingOperator(rgb16, randomMask(16, 16, 0.7, createRng(1)))],
  ['half mask', () => inpaintingOperator({ c: 1, h: 9, w: 8 }, halfMask(9, 8, 'right'))],
  ['user bitmap mask', () => inpaintingOperator({ c: 1, h: 2, w: 3 }, bitmapMask(2, 3, [1, 0, 1, 1, 1, 0]))],
  ['identity', () => identityOperator(rgb16)],
  ['SR ×2', () => averagePoolOperator(rgb16, 2)],
  ['SR ×4', () => averagePoolOperator({ c: 1, h: 16, w: 12 }, 4)],
];

// The SVD (and everything derived from it) describes A up to the singular values it zeroes, all ≤ threshold·max(s).
const svdTolerance = (x: Float32Array, y: Float32Array) => SINGULAR_THRESHOLD * norm(x) + 1e-5 * norm(y);

describe.each(OPERATORS)('%s', (_, make) => {
  const op = make();
  const inSize = shapeSize(op.inShape);
  const outSize = shapeSize(op.outShape);
  const rng = createRng(11);
  const x = randn(rng, inSize);
  const y = randn(rng, outSize);

  it('is adjoint: ⟨Ax, y⟩ = ⟨x, Aᵀy⟩ (relative to ‖Ax‖‖y‖, float32 storage)', () => {
    const ax = op.forward(x);
    expect(Math.abs(dot(ax, y) - dot(x, op.adjoint(y))) / (norm(ax) * norm(y))).toBeLessThan(1e-5);
  });

  it('has gram(x) = Aᵀ(A x)', () => {
    const direct = op.adjoint(op.forward(x));
    expect(norm(sub(op.gram(x), direct)) / norm(direct)).toBeLessThan(1e-5);
  });

  it('has an orthonormal V and a U that is orthonormal on the data slots', () => {
    const coeffs = op.svd.vT(x);
    expect(Math.abs(norm(coeffs) - norm(x)) / norm(x)).toBeLessThan(1e-5);
    expect(norm(sub(op.svd.v(coeffs), x)) / norm(x)).toBeLessThan(1e-5);
    const c = randn(rng, inSize);
    expect(norm(sub(op.svd.vT(op.svd.v(c)), c)) / norm(c)).toBeLessThan(1e-5);
    const onData = c.map((v, i) => (op.svd.singular[i] > 0 ? v : 0));
    const image = op.svd.u(onData);
    expect(Math.abs(norm(image) - norm(onData)) / norm(onData)).toBeLessThan(1e-5);
    expect(norm(sub(op.svd.uT(image), onData)) / norm(onData)).toBeLessThan(1e-5);
    expect(op.svd.singular.every((s) => s >= 0)).toBe(true);
  });

  it('factorises as A = U diag(s) Vᵀ', () => {
    const ax = op.forward(x);
    const factored = op.svd.u(op.svd.vT(x).map((v, i) => v * op.svd.singular[i]));
    expect(norm(sub(factored, ax))).toBeLessThanOrEqual(svdTolerance(x, ax));
  });

  it('has a pseudo-inverse with A A† A = A and A† A A† = A†', () => {
    const ax = op.forward(x);
    expect(norm(sub(op.forward(op.pseudoInverse(ax)), ax))).toBeLessThanOrEqual(svdTolerance(x, ax));
    const pinvY = op.pseudoInverse(y);
    expect(norm(sub(op.pseudoInverse(op.forward(pinvY)), pinvY)) / norm(pinvY)).toBeLessThan(1e-4);
  });

  it('solves the data prox: zero gradient, ρ → 0 gives x, σ_y = 0 gives A z = y', () => {
    const sigmaY = 0.3;
    const rho = 0.7;
    const m = bindMeasurement(op, y, sigmaY);
    const z = m.proxData(x, rho);
    // ∇ = Aᵀ(Az − y)/σ² + (z − x)/ρ²
    const dataTerm = op.adjoint(sub(op.forward(z), y)).map((v) => v / sigmaY ** 2);
    const priorTerm = sub(z, x).map((v) => v / rho ** 2);
    const gradient = dataTerm.map((v, i) => v + priorTerm[i]);
    // exact for A_eff; the singular values A_eff drops (≤ threshold) perturb ∇ by at most thr(thr‖z‖ + ‖y‖)/σ²
    const thresholdEffect = (SINGULAR_THRESHOLD * (SINGULAR_THRESHOLD * norm(z) + norm(y))) / sigmaY ** 2;
    expect(norm(gradient)).toBeLessThan(1e-4 * (norm(dataTerm) + norm(priorTerm)) + thresholdEffect);
    expect(norm(sub(m.proxData(x, 1e-6), x)) / norm(x)).toBeLessThan(1e-6);
    const x0 = randn(rng, inSize);
    const exact = bindMeasurement(op, op.forward(x0), 0);
    const projected = exact.proxData(x, rho);
    expect(norm(sub(op.forward(projected), exact.y))).toBeLessThanOrEqual(svdTolerance(x0, exact.y));
  });

  it('samples the data-conditional Gaussian (mean and per-coefficient variance, 400 draws)', () => {
    const sigmaY = 0.5;
    const rho = 0.8;
    const m = bindMeasurement(op, y, sigmaY);
    const meanCoeffs = op.svd.vT(m.proxData(x, rho));
    const draws = 400;
    const sum = new Float64Array(inSize);
    const sumSq = new Float64Array(inSize);
    const sampler = createRng(99);
    for (let k = 0; k < draws; k++) {
      const c = op.svd.vT(m.sampleData(x, rho, sampler));
      for (let i = 0; i < inSize; i++) {
        const d = c[i] - meanCoeffs[i];
        sum[i] += d;
        sumSq[i] += d * d;
      }
    }
    let ratioSum = 0;
    let worstMean = 0;
    for (let i = 0; i < inSize; i++) {
      const s = op.svd.singular[i];
      const expected = (rho ** 2 * sigmaY ** 2) / (rho ** 2 * s * s + sigmaY ** 2);
      ratioSum += sumSq[i] / draws / expected;
      worstMean = Math.max(worstMean, Math.abs(sum[i] / draws) / Math.sqrt(expected / draws));
    }
    // mean variance ratio: standard error √(2/(draws·n)); bound at 5 standard errors (+ float32 rounding)
    expect(Math.abs(ratioSum / inSize - 1)).toBeLessThan(5 * Math.sqrt(2 / (draws * inSize)) + 1e-3);
    expect(worstMean).toBeLessThan(5.5); // every coefficient mean within 5.5 standard errors
  });
});

describe('operator construction and validation', () => {
  it('normalises kernels and exports them for display', () => {
    for (const kernel of [gaussianKernel(7, 2), boxKernel(5), motionKernel(9, 0.6, createRng(4))]) {
      expect(kernel.data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(kernel.data.every((v) => v >= 0)).toBe(true);
      expect(Math.max(...kernelDisplayImage(kernel).data)).toBe(1);
    }
  });

  it('draws motion kernels reproducibly per seed, with longer paths at higher intensity', () => {
    const a = motionKernel(15, 0.5, createRng(5));
    expect(motionKernel(15, 0.5, createRng(5)).data).toEqual(a.data);
    expect(motionKernel(15, 0.5, createRng(6)).data).not.toEqual(a.data);
    const support = (seed: number, intensity: number) =>
      motionKernel(15, intensity, createRng(seed)).data.filter((v) => v > 1e-3).length;
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const mean = (intensity: number) => seeds.reduce((s, seed) => s + support(seed, intensity), 0) / seeds.length;
    expect(mean(1)).toBeGreaterThan(mean(0));
  });

  it('blurs a delta into the kernel (convolution, centred)', () => {
    const kernel = motionKernel(5, 0.8, createRng(2));
    const op = blurOperator({ c: 1, h: 9, w: 9 }, kernel);
    const delta = new Float32Array(81);
    delta[4 * 9 + 4] = 1;
    const out = op.forward(delta);
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) expect(out[(y + 2) * 9 + x + 2]).toBeCloseTo(kernel.data[y * 5 + x], 6);
    }
  });

  it('average-pools and masks as documented', () => {
    const sr = averagePoolOperator({ c: 1, h: 2, w: 4 }, 2);
    expect([...sr.forward(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]))]).toEqual([3.5, 5.5]);
    const op = inpaintingOperator({ c: 2, h: 1, w: 2 }, bitmapMask(1, 2, [0, 1]));
    expect([...op.forward(new Float32Array([1, 2, 3, 4]))]).toEqual([0, 2, 0, 4]);
    expect(boxMask(4, 4, 2).observed.reduce((a, b) => a + b, 0)).toBe(12);
    expect(randomMask(10, 10, 0.92, createRng(1)).observed.reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('rejects bad inputs with clear messages', () => {
    const shape = { c: 1, h: 8, w: 8 };
    expect(() => blurOperator(shape, gaussianKernel(9, 2))).toThrow(/kernel 9×9 is larger than the 8×8 image/);
    expect(() => gaussianKernel(4, 1)).toThrow(/odd positive integer/);
    expect(() => gaussianKernel(5, -1)).toThrow(/std must be finite and > 0/);
    expect(() => motionKernel(5, 1.5, createRng(1))).toThrow(/intensity must be in \[0, 1\]/);
    expect(() => averagePoolOperator({ c: 1, h: 28, w: 28 }, 3)).toThrow(
      /factor 3 does not divide the image size 28×28/,
    );
    expect(() => inpaintingOperator(shape, boxMask(8, 6, 2))).toThrow(/mask is 8×6 but the image is 8×8/);
    expect(() => bitmapMask(1, 2, [0, 0.5])).toThrow(/must be 0 or 1/);
    expect(() => randomMask(4, 4, 1.2, createRng(1))).toThrow(/missing fraction/);
    const op = identityOperator(shape);
    expect(() => op.forward(new Float32Array(10))).toThrow(/must have length 64/);
    expect(() => bindMeasurement(op, new Float32Array(64), -0.1)).toThrow(/σ_y must be finite and ≥ 0/);
    expect(() => bindMeasurement(op, new Float32Array(64).fill(Number.NaN), 0.1)).toThrow(/NaN/);
    expect(() => bindMeasurement(op, new Float32Array(64), 0.1).proxData(new Float32Array(64), 0)).toThrow(/ρ must be/);
  });

  it('accepts 0% and 100% masks and reports them', () => {
    expect(maskWarning(boxMask(4, 4, 4))).toMatch(/hides every pixel/);
    expect(maskWarning(boxMask(4, 4, 0))).toMatch(/hides no pixel/);
    expect(maskWarning(halfMask(4, 4, 'top'))).toBeNull();
    const op = inpaintingOperator({ c: 1, h: 4, w: 4 }, boxMask(4, 4, 4));
    expect(op.pseudoInverse(new Float32Array(16).fill(1)).every((v) => v === 0)).toBe(true);
  });

  it('measures y = Ax + σ n reproducibly', () => {
    const op = averagePoolOperator({ c: 1, h: 64, w: 64 }, 2);
    const x = randn(createRng(1), 64 * 64);
    const a = measure(op, x, 0.1, createRng(2));
    expect(measure(op, x, 0.1, createRng(2)).y).toEqual(a.y);
    const residual = sub(a.y, op.forward(x));
    expect(norm(residual) / Math.sqrt(residual.length)).toBeCloseTo(0.1, 2);
  });
});
