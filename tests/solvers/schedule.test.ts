import { describe, expect, it } from 'vitest';
import type { Denoiser } from '../../src/core/denoiser';
import { createRng } from '../../src/core/rng';
import { DDPM_SCHEDULE, linearVpSchedule, timestepAtOrBelowSigma, timestepGrid } from '../../src/core/schedule';
import { DenoiserCalls } from '../../src/core/solvers/calls';
import { forwardNoise, predictVp } from '../../src/core/solvers/vp';

describe('VP-DDPM schedule', () => {
  it('matches the published ᾱ and σ of the linear schedule (official index i = our t − 1)', () => {
    // Reference table (solvers reference §1.3, 0-indexed official timesteps, 3 significant digits).
    const table: [number, number, number][] = [
      [10, 0.998, 0.047],
      [50, 0.97, 0.176],
      [100, 0.895, 0.342],
      [400, 0.194, 2.04],
      [800, 0.0015, 25.7],
    ];
    for (const [official, alphaBar, sigma] of table) {
      expect(DDPM_SCHEDULE.alphaBar[official + 1]).toBeCloseTo(alphaBar, official === 800 ? 4 : 3);
      expect(DDPM_SCHEDULE.sigma[official + 1] / sigma).toBeCloseTo(1, 2);
    }
    expect(DDPM_SCHEDULE.alphaBar[0]).toBe(1);
    expect(DDPM_SCHEDULE.sigma[0]).toBe(0);
  });

  it('finds the timestep of a noise level', () => {
    for (const t of [1, 11, 250, 1000]) {
      expect(timestepAtOrBelowSigma(DDPM_SCHEDULE, DDPM_SCHEDULE.sigma[t])).toBe(t);
      expect(timestepAtOrBelowSigma(DDPM_SCHEDULE, DDPM_SCHEDULE.sigma[t] * 0.9999)).toBe(t - 1);
    }
  });

  it('rejects bad schedules and timesteps', () => {
    expect(() => linearVpSchedule(0)).toThrow(/positive integer/);
    expect(() => linearVpSchedule(10, 0.1, 0.01)).toThrow(/βstart/);
    expect(() => timestepGrid(-1, 5)).toThrow(/start/);
    expect(() => timestepGrid(10, 0)).toThrow(/at least one/);
  });
});

describe('timestep grids', () => {
  it('run strictly down from the start to 0 with at most `count` jumps', () => {
    for (const spacing of ['linear', 'quad'] as const) {
      for (const [start, count] of [
        [1000, 20],
        [1000, 100],
        [100, 100],
        [25, 100],
        [7, 3],
        [1, 5],
      ]) {
        const grid = Array.from(timestepGrid(start, count, spacing));
        expect(grid[0]).toBe(start);
        expect(grid[grid.length - 1]).toBe(0);
        expect(grid.length - 1).toBe(Math.min(start, count));
        for (let k = 1; k < grid.length; k++) expect(grid[k]).toBeLessThan(grid[k - 1]);
      }
    }
    expect(Array.from(timestepGrid(0, 10))).toEqual([0]);
  });

  it("'quad' spends more steps near t = 0 than 'linear'", () => {
    const below = (spacing: 'linear' | 'quad') => timestepGrid(1000, 100, spacing).filter((t) => t < 100).length;
    expect(below('quad')).toBeGreaterThan(2 * below('linear'));
  });
});

describe('VE ↔ VP adapter', () => {
  it('recovers the ε that made x_t when the denoiser returns the clean image', async () => {
    const shape = { c: 1, h: 4, w: 4 };
    const rng = createRng(5);
    const x0 = rng.fillNormal(new Float32Array(16));
    const oracle: Denoiser = async (x) => {
      const out = new Float32Array(x.data.length);
      for (let i = 0; i < x.n; i++) out.set(x0, i * 16);
      return out;
    };
    const calls = new DenoiserCalls(oracle, shape);
    const ts = [1, 11, 500, 1000];
    const eps = ts.map(() => rng.fillNormal(new Float32Array(16)));
    const xt = ts.map((t, i) => forwardNoise(DDPM_SCHEDULE, x0, t, eps[i]));
    const predictions = await predictVp(calls, DDPM_SCHEDULE, xt, ts);
    predictions.forEach((p, i) => {
      const worst = p.eps.reduce((m, v, j) => Math.max(m, Math.abs(v - eps[i][j])), 0);
      expect(worst).toBeLessThan(1e-3);
      expect(p.x0).toEqual(x0);
    });
    expect(calls.calls).toBe(1);
    expect(calls.images).toBe(4);
    await expect(predictVp(calls, DDPM_SCHEDULE, [x0], [0])).rejects.toThrow(/≥ 1/);
  });
});
