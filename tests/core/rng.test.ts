import { describe, expect, it } from 'vitest';
import { createRng, randomPermutation } from '../../src/core/rng';

function moments(values: Float32Array | number[]): { mean: number; variance: number } {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2 / n;
  return { mean, variance };
}

describe('rng', () => {
  it('is reproducible per seed and differs across seeds', () => {
    const a = createRng(42).fillNormal(new Float32Array(64));
    const b = createRng(42).fillNormal(new Float32Array(64));
    const c = createRng(43).fillNormal(new Float32Array(64));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('draws uniforms in [0,1) and normals with mean 0, variance 1 (n = 20000, 5 standard errors)', () => {
    const rng = createRng(1);
    const u = Array.from({ length: 20000 }, () => rng.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(moments(u).mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / 20000));
    const z = rng.fillNormal(new Float32Array(20000));
    const { mean, variance } = moments(z);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(20000));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / 20000));
  });

  it('forks deterministic child streams that do not depend on the parent position', () => {
    const parent = createRng(7);
    const early = parent.fork(3).fillNormal(new Float32Array(16));
    parent.fillNormal(new Float32Array(100));
    const late = parent.fork(3).fillNormal(new Float32Array(16));
    expect(late).toEqual(early);
    expect(parent.fork(4).fillNormal(new Float32Array(16))).not.toEqual(early);
    expect(createRng(8).fork(3).fillNormal(new Float32Array(16))).not.toEqual(early);
  });

  it('keeps sibling forks uncorrelated', () => {
    const x = createRng(5).fork(0).fillNormal(new Float32Array(20000));
    const y = createRng(5).fork(1).fillNormal(new Float32Array(20000));
    let dot = 0;
    for (let i = 0; i < x.length; i++) dot += x[i] * y[i];
    expect(Math.abs(dot / x.length)).toBeLessThan(5 / Math.sqrt(x.length));
  });

  it('rejects non-integer seeds and labels', () => {
    expect(() => createRng(1.5)).toThrow(/seed must be a safe integer/);
    expect(() => createRng(1).fork(Number.NaN)).toThrow(/fork label/);
  });

  it('draws permutations', () => {
    const p = randomPermutation(createRng(2), 50);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
