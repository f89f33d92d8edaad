// The schedule chart's data and a recorded run: every stored step sits on the planned schedule, memory is bounded,
// and recording does not change the pixels.
import { describe, expect, it } from 'vitest';
import {
  methodSchedule,
  residualNorm,
  schedulePosition,
  TRACE_STEPS_PER_STAGE,
  traceMethod,
} from '../../src/app/trace';
import { bindMeasurement, identityOperator } from '../../src/core/operators';
import { createRng } from '../../src/core/rng';
import { DDPM_SCHEDULE } from '../../src/core/schedule';
import { mapTimesteps, solveMapRps, t0ForKnob, traversalPreset } from '../../src/core/solvers';
import { problem, sandbox } from '../solvers/sandbox';

describe('methodSchedule', () => {
  it('MAP-RPS: stage 1 annealed from its start timestep down to s, the jump to t0, then the reverse steps towards 0', () => {
    const config = traversalPreset('deblur', 'fast');
    const t0 = t0ForKnob(0.6, config.t0Max);
    const steps = methodSchedule('map-rps', 'blur-gaussian', 'fast', 0.6);
    const stage1 = steps.filter((s) => s.stage.kind === 'map');
    expect(stage1).toHaveLength(config.mapRps.map.iterations);
    expect(stage1.map((s) => s.t)).toEqual([...mapTimesteps(config.mapRps.map, DDPM_SCHEDULE)]);
    expect(stage1[0].t).toBe(config.mapRps.map.startTimestep);
    expect(stage1.at(-1)?.t).toBe(config.mapRps.map.timestep);
    expect(methodSchedule('map-rps', 'blur-gaussian', 'paper', 0.6).filter((s) => s.stage.kind === 'map')).toSatisfy(
      (paper: { t: number }[]) => paper.every((s) => s.t === traversalPreset('deblur', 'paper').mapRps.map.timestep),
    );
    const jump = steps.findIndex((s) => s.stage.kind === 'renoise');
    expect(jump).toBe(stage1.length);
    expect(steps[jump].t).toBe(t0);
    const stage2 = steps.slice(jump + 1).map((s) => s.t);
    expect(stage2[0]).toBe(t0);
    expect(stage2.every((t, i) => i === 0 || t < stage2[i - 1])).toBe(true);
    expect(stage2.at(-1)).toBeGreaterThan(0);
  });

  it('CCDF has no stage 1; a peer runs from T; RED-diff walks t down from T', () => {
    const ccdf = methodSchedule('ccdf', 'inpaint-box', 'fast', 1);
    expect(ccdf[0].stage.kind).toBe('renoise');
    const ddnm = methodSchedule('ddnm', 'inpaint-box', 'fast', 0);
    expect(ddnm.every((s) => s.stage.kind === 'sample')).toBe(true);
    expect(ddnm[0].t).toBe(1000);
    const red = methodSchedule('red-diff', 'sr2', 'fast', 0);
    expect(red[0].t).toBeGreaterThan(red.at(-1)?.t ?? Infinity);
  });
});

describe('traceMethod', () => {
  const box = sandbox('deblur');
  const { measurement } = problem(box, 4);
  const run = { denoiser: box.denoiser, measurement, degradation: 'blur-gaussian', preset: 'fast', seed: 3 } as const;

  it('stores a bounded number of steps, each on the planned schedule and in order, without changing the pixels', async () => {
    const knob = 0.8;
    const traced = await traceMethod('map-rps', { ...run, knob });
    const schedule = methodSchedule('map-rps', 'blur-gaussian', 'fast', knob);
    expect(traced.snapshots.length).toBeLessThanOrEqual(2 * TRACE_STEPS_PER_STAGE + 1);
    expect(traced.snapshots.length).toBeGreaterThan(TRACE_STEPS_PER_STAGE);
    const positions = traced.snapshots.map((s) => schedulePosition(schedule, s.stage));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]))).toBe(true);
    expect(positions[0]).toBe(0);
    expect(positions.at(-1)).toBe(schedule.length - 1);
    const config = {
      ...traversalPreset('deblur', 'fast').mapRps,
      t0: t0ForKnob(knob, traversalPreset('deblur', 'fast').t0Max),
    };
    const plain = await solveMapRps(box.denoiser, measurement, config, { rng: createRng(3) });
    expect(traced.image.data).toEqual(plain.image.data);
  });

  it('records the sample behind the sample-based strategies', async () => {
    const traced = await traceMethod('interpolation', { ...run, knob: 0.5 });
    expect(traced.snapshots.every((s) => s.stage.kind === 'sample')).toBe(true);
    expect(traced.snapshots.length).toBeLessThanOrEqual(TRACE_STEPS_PER_STAGE);
  });
});

describe('residualNorm', () => {
  it('is ‖y − A x̂0‖₂', () => {
    const op = identityOperator({ c: 1, h: 2, w: 2 });
    const measurement = bindMeasurement(op, new Float32Array([1, 1, 1, 1]), 0.1);
    expect(residualNorm(measurement, new Float32Array([1, 1, 1, 1]))).toBe(0);
    expect(residualNorm(measurement, new Float32Array([0, 0, 3, 1]))).toBeCloseTo(Math.sqrt(1 + 1 + 4), 6);
  });
});
