// The worker's solve of one request, in Node with the sandbox's exact denoiser: curves stream coarse to fine, and
// x_MAP is kept between requests so that new knob values for the same inputs never rerun MAP-RPS stage 1.
import { describe, expect, it } from 'vitest';
import { MapEstimateCache } from '../../src/app/mapEstimateCache';
import type { MethodId } from '../../src/app/methods';
import { buildDegradation, measureTruth } from '../../src/app/problem';
import { DEFAULT_SETTINGS, type DegradationSettings } from '../../src/app/settings';
import type { Denoiser } from '../../src/core/denoiser';
import { createRng } from '../../src/core/rng';
import { gaussianDenoiser, gaussianPrior, samplePrior } from '../../src/core/sandbox';
import { mapRpsPreset, plannedReverseCalls } from '../../src/core/solvers';
import { METRICS } from '../../src/core/metrics';
import { clampImage, createImage, toUnitRange } from '../../src/core/tensor';
import type { PointResult, RunRequest } from '../../src/worker/api';
import { solveRequest } from '../../src/worker/solve';

const shape = { c: 1, h: 16, w: 16 };
const prior = gaussianPrior(shape);
const truth = samplePrior(prior, createRng(5));
// The fast preset on deblurring: its stage-1 iterations, and the calls of one stage-2 branch from t0 = round(100·u²)
// (every knob used here gives t0 ≥ the preset's step count, so each branch takes all of its steps).
const FAST = mapRpsPreset('deblur', 'fast');
const STAGE1 = FAST.map.iterations;
const BRANCH = plannedReverseCalls(FAST.stage2, [100]);

function request(knobs: number[], patch: Partial<DegradationSettings> = {}, method: MethodId = 'map-rps'): RunRequest {
  const degradation: DegradationSettings = {
    ...DEFAULT_SETTINGS.degradation,
    kind: 'blur-gaussian',
    kernelSize: 5,
    blurStd: 1,
    ...patch,
  };
  const built = buildDegradation(degradation, shape);
  if (!built.ok) throw new Error(built.message);
  const { y } = measureTruth(built, degradation, createImage(shape, truth));
  return { prior: { kind: 'sandbox' }, shape, truth, degradation, y, method, preset: 'fast', seed: 3, knobs };
}

async function solve(body: RunRequest, cache: MapEstimateCache | undefined) {
  let calls = 0;
  const denoiser: Denoiser = (x, sigma, signal) => {
    calls += 1;
    return gaussianDenoiser(prior)(x, sigma, signal);
  };
  const points: PointResult[] = [];
  const callsAtPoint: number[] = [];
  const nfe = await solveRequest(body, denoiser, prior, cache, {
    signal: new AbortController().signal,
    onProgress: () => {},
    onPoint: (point) => {
      points.push(point);
      callsAtPoint.push(calls);
    },
  });
  expect(nfe).toBe(calls);
  return { calls, points, callsAtPoint };
}

describe('worker solve', () => {
  it('streams x_MAP first, then the largest t0, then the knobs between', async () => {
    const { points, callsAtPoint } = await solve(request([0.5, 1, 0, 0.7]), undefined);
    expect(points.map((p) => p.knob)).toEqual([0, 1, 0.5, 0.7]);
    expect(callsAtPoint).toEqual([STAGE1, STAGE1 + BRANCH, STAGE1 + 2 * BRANCH, STAGE1 + 2 * BRANCH]);
  });

  it('never reruns stage 1 for new knob values of the same inputs, with the same pixels as a fresh run', async () => {
    const cache = new MapEstimateCache(8);
    const first = await solve(request([0, 1]), cache);
    expect(first.calls).toBe(STAGE1 + BRANCH);
    const more = await solve(request([0.5, 0.7, 0]), cache);
    expect(more.calls).toBe(2 * BRANCH);
    const fresh = await solve(request([0.5, 0.7, 0]), undefined);
    expect(fresh.calls).toBe(STAGE1 + 2 * BRANCH);
    expect(more.points.map((p) => [p.knob, p.image])).toEqual(fresh.points.map((p) => [p.knob, p.image]));
    // Interpolation's MMSE end is the same x_MAP: only its posterior sample is computed.
    const interpolation = await solve(request([0, 1], {}, 'interpolation'), cache);
    expect(interpolation.points[0].image).toEqual(first.points[0].image);
    expect(interpolation.calls).toBe((await solve(request([0, 1], {}, 'interpolation'), undefined)).calls - STAGE1);
  });

  it('reruns stage 1 when anything x_MAP depends on changes', async () => {
    const cache = new MapEstimateCache(8);
    await solve(request([0]), cache);
    expect((await solve(request([0]), cache)).calls).toBe(0);
    expect((await solve(request([0], { noiseSeed: 1 }), cache)).calls).toBe(STAGE1); // another y
    expect((await solve(request([0], { blurStd: 1.2 }), cache)).calls).toBe(STAGE1); // another operator
    expect((await solve({ ...request([0]), preset: 'paper' }, cache)).calls).toBe(200); // other stage-1 settings
    expect((await solve({ ...request([0]), seed: 4 }, cache)).calls).toBe(STAGE1);
  });

  it('scores every point with the metric registry the benchmark uses (same code path, same values)', async () => {
    const body = request([0, 1]);
    const { points } = await solve(body, undefined);
    const truth01 = clampImage(toUnitRange(createImage(shape, body.truth)));
    for (const point of points) {
      const output = clampImage(toUnitRange(createImage(shape, point.image)));
      for (const id of ['psnr', 'ssim', 'rmse', 'patchSwd'] as const) {
        expect(point.metrics[id]).toBe(METRICS[id].compute(output, truth01));
      }
    }
  });
});
