// Bounded snapshot storage for scrubbing through a run: evenly spaced steps per stage, identical to the full record.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import {
  evenlySpacedSnapshots,
  isEvenlySpaced,
  type Snapshot,
  solvePosteriorSampler,
  solveMapRps,
  solveRedDiff,
} from '../../src/core/solvers';
import { autoMap, clampRelease, problem, sandbox } from './sandbox';

const kept = (count: number, perStage: number) =>
  Array.from({ length: count }, (_, i) => i + 1).filter((i) => isEvenlySpaced(i, count, perStage));

describe('evenly spaced steps', () => {
  it('keeps exactly the requested number, first and last included, with gaps differing by at most one', () => {
    for (const [count, perStage] of [
      [60, 5],
      [400, 24],
      [25, 24],
      [7, 2],
    ]) {
      const steps = kept(count, perStage);
      expect(steps).toHaveLength(perStage);
      expect(steps[0]).toBe(1);
      expect(steps.at(-1)).toBe(count);
      const gaps = steps.slice(1).map((s, i) => s - steps[i]);
      expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    }
    expect(kept(60, 5)).toEqual([1, 16, 31, 45, 60]);
  });

  it('keeps every step of a short stage, only the last with one slot, and refuses a bad count', () => {
    expect(kept(4, 10)).toEqual([1, 2, 3, 4]);
    expect(kept(9, 1)).toEqual([9]);
    expect(() => evenlySpacedSnapshots(0)).toThrow(/positive integer/);
  });
});

describe('solvers store only the filtered snapshots, identical to the full record', () => {
  const box = sandbox('deblur');
  const { measurement } = problem(box, 3);
  const same = (subset: Snapshot[], full: Snapshot[]) => {
    for (const snapshot of subset) {
      const match = full.find((s) => JSON.stringify(s.stage) === JSON.stringify(snapshot.stage));
      expect(match, JSON.stringify(snapshot.stage)).toBeDefined();
      expect(snapshot.x0).toEqual(match?.x0);
      expect(snapshot.xt).toEqual(match?.xt);
    }
  };

  it('MAP-RPS: at most 3 per stage plus the re-noising jump', async () => {
    const config = { map: autoMap(12), stage2: clampRelease(9, 'linear'), t0: 40 };
    const run = (keepSnapshots: boolean | ReturnType<typeof evenlySpacedSnapshots>) =>
      solveMapRps(box.denoiser, measurement, config, { rng: createRng(5), keepSnapshots });
    const full = (await run(true)).snapshots ?? [];
    const subset = (await run(evenlySpacedSnapshots(3))).snapshots ?? [];
    expect(full).toHaveLength(12 + 1 + 9);
    expect(subset.map((s) => s.stage.kind)).toEqual(['map', 'map', 'map', 'renoise', 'sample', 'sample', 'sample']);
    same(subset, full);
  });

  it('a sampler from T and RED-diff', async () => {
    const sampler = clampRelease(20);
    const fromT = (keepSnapshots: boolean | ReturnType<typeof evenlySpacedSnapshots>) =>
      solvePosteriorSampler(box.denoiser, measurement, sampler, { rng: createRng(2), keepSnapshots });
    const subset = (await fromT(evenlySpacedSnapshots(4))).snapshots ?? [];
    expect(subset).toHaveLength(4);
    same(subset, (await fromT(true)).snapshots ?? []);
    const red = { steps: 15, lambda: 0.25, lr: 0.1, beta1: 0.9, beta2: 0.99 };
    const redDiff = await solveRedDiff(box.denoiser, measurement, red, {
      rng: createRng(2),
      keepSnapshots: evenlySpacedSnapshots(5),
    });
    expect(redDiff.snapshots).toHaveLength(5);
  });
});
