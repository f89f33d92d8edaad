import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import {
  ccdfPreset,
  knobSetting,
  mapRpsPreset,
  plannedCurveNfe,
  plannedReverseCalls,
  plannedSweepNfe,
  PRESETS,
  redDiffPreset,
  solveMapRps,
  solvePosteriorSampler,
  sweep,
  t0Max,
  t0Sweep,
  TASKS,
  TRAVERSAL_STRATEGIES,
  traversalCurve,
  traversalPreset,
} from '../../src/core/solvers';
import { instrumented, problem, sandbox, sandboxTraversal } from './sandbox';

const config = sandboxTraversal(6, 5, 7, 400, 4);
const knobs = [0, 0.5, 1];

describe('knob mappings', () => {
  it('map each strategy to its own setting', () => {
    expect(knobSetting('map-rps', 0.5, config)).toEqual({ strategy: 'map-rps', t0: 100 });
    expect(knobSetting('ccdf', 1, config)).toEqual({ strategy: 'ccdf', t0: 400 });
    expect(knobSetting('interpolation', 0.25, config)).toEqual({ strategy: 'interpolation', alpha: 0.25 });
    expect(knobSetting('averaging', 0, config)).toEqual({ strategy: 'averaging', samples: 4 });
    expect(knobSetting('averaging', 0.5, config)).toEqual({ strategy: 'averaging', samples: 2 });
    expect(knobSetting('averaging', 1, config)).toEqual({ strategy: 'averaging', samples: 1 });
    expect(knobSetting('variance-scaling', 0.3, config)).toEqual({ strategy: 'variance-scaling', lambda: 0.3 });
    expect(() => knobSetting('map-rps', 1.5, config)).toThrow(/\[0, 1\]/);
  });
});

describe('traversal curves', () => {
  const box = sandbox('deblur');
  const { measurement } = problem(box, 4);

  it.each(TRAVERSAL_STRATEGIES)(
    '%s: makes the planned number of batched calls and one point per knob and seed',
    async (strategy) => {
      const { denoiser, stats } = instrumented(box.denoiser);
      const streamed: number[] = [];
      const result = await traversalCurve(strategy, denoiser, measurement, config, knobs, [1, 2], {
        onPoint: (p) => streamed.push(p.knob),
      });
      expect(stats.calls).toBe(result.nfe);
      expect(result.nfe).toBe(plannedCurveNfe(strategy, config, knobs));
      expect(result.points.length).toBe(6);
      expect(streamed.length).toBe(6);
    },
  );

  it('shares random streams: one posterior sample behind the perception ends, x_MAP behind the distortion end', async () => {
    const at = async (strategy: (typeof TRAVERSAL_STRATEGIES)[number], knob: number) => {
      const { points } = await traversalCurve(strategy, box.denoiser, measurement, config, [knob], [3]);
      return points[0].image.data;
    };
    const sample = await solvePosteriorSampler(box.denoiser, measurement, config.sampler, { rng: createRng(3) });
    for (const strategy of ['interpolation', 'averaging', 'variance-scaling'] as const) {
      expect(await at(strategy, 1)).toEqual(sample.image.data);
    }
    const map = await solveMapRps(box.denoiser, measurement, { ...config.mapRps, t0: 0 }, { rng: createRng(3) });
    expect(await at('interpolation', 0)).toEqual(map.image.data);
    const swept = await sweep(box.denoiser, measurement, config.mapRps, [100], [3]);
    expect(await at('map-rps', 0.5)).toEqual(swept.points[0].image.data);
  });
});

describe('reusing x_MAP across curves', () => {
  const box = sandbox('deblur');
  const { measurement } = problem(box, 4);

  it('map-rps and interpolation return the same x_MAP and, given it back, skip stage 1 with the same pixels', async () => {
    const mapRps = await traversalCurve('map-rps', box.denoiser, measurement, config, [0, 0.5], [1, 2]);
    const interp = await traversalCurve('interpolation', box.denoiser, measurement, config, knobs, [1, 2]);
    expect(mapRps.mapEstimates).toEqual(interp.mapEstimates);
    const { mapEstimates } = mapRps;
    for (const strategy of ['map-rps', 'interpolation'] as const) {
      const { denoiser, stats } = instrumented(box.denoiser);
      const reused = await traversalCurve(strategy, denoiser, measurement, config, knobs, [1, 2], { mapEstimates });
      const fresh = await traversalCurve(strategy, box.denoiser, measurement, config, knobs, [1, 2]);
      expect(stats.calls).toBe(fresh.nfe - config.mapRps.map.iterations);
      expect(stats.calls).toBe(plannedCurveNfe(strategy, config, knobs, { mapEstimates }));
      reused.points.forEach((p, i) => expect(p.image.data).toEqual(fresh.points[i].image.data));
    }
    const ccdf = await traversalCurve('ccdf', box.denoiser, measurement, config, [0.5], [1, 2], { mapEstimates });
    expect(ccdf.mapEstimates).toBeUndefined();
    expect(ccdf.nfe).toBe(plannedCurveNfe('ccdf', config, [0.5]));
  });
});

describe('presets', () => {
  it('carry the published MAP-RPS settings', () => {
    const expected = { inpaint: [400, 0.7, 1], deblur: [200, 0.01, 2], sr: [300, 0.25, 1], denoise: [60, 2, 1] };
    for (const task of TASKS) {
      const { map, stage2 } = mapRpsPreset(task, 'paper');
      expect([map.iterations, map.weight, stage2.sampler.kind === 'dps' && stage2.sampler.zeta]).toEqual(
        expected[task],
      );
      expect(stage2.steps).toBe('full');
    }
    expect(t0Sweep('sr')).toEqual([0, 100, 200, 300, 400]);
    expect(plannedSweepNfe(mapRpsPreset('deblur', 'paper'), t0Sweep('deblur'))).toBe(200 + 2 * 100);
  });

  it("'fast' and 'quality' run the annealed HQS stage 1 and DDNM+ (holes, SR) or clamp-and-release from t0 up to t0max", () => {
    for (const task of TASKS) {
      for (const preset of ['fast', 'quality'] as const) {
        const { map, stage2 } = mapRpsPreset(task, preset);
        expect([map.optimiser, map.startTimestep, map.timestep, map.priorNoise]).toEqual(['hqs', 240, 11, 'none']);
        expect(stage2.sampler.kind).toBe(task === 'inpaint' || task === 'sr' ? 'ddnm' : 'clamp-release');
        const sweep = t0Sweep(task, preset);
        expect(sweep[0]).toBe(0);
        expect(sweep.at(-1)).toBe(t0Max(task, preset));
        expect(traversalPreset(task, preset).sampler).toEqual(stage2);
      }
    }
    expect(t0Max('inpaint', 'fast')).toBe(200);
    expect(t0Max('deblur', 'fast')).toBe(300);
    expect(t0Max('deblur', 'paper')).toBe(100);
  });

  it("'fast' stays within 60 denoiser calls per curve point (the preset's label)", () => {
    for (const task of TASKS) {
      for (const t0 of t0Sweep(task, 'fast')) {
        expect(plannedSweepNfe(mapRpsPreset(task, 'fast'), [t0])).toBeLessThanOrEqual(60);
        expect(plannedSweepNfe(ccdfPreset(task, 'fast'), [t0])).toBeLessThanOrEqual(60);
      }
      const traversal = traversalPreset(task, 'fast');
      for (const strategy of TRAVERSAL_STRATEGIES) {
        expect(plannedCurveNfe(strategy, traversal, [1])).toBeLessThanOrEqual(100);
      }
    }
    expect(redDiffPreset('fast').steps).toBeLessThanOrEqual(100);
  });

  it("'quality' spends at least as much as 'paper', which spends at least as much as 'fast'", () => {
    const cost = (preset: (typeof PRESETS)[number]) =>
      plannedSweepNfe(mapRpsPreset('inpaint', preset), t0Sweep('inpaint', preset)) +
      plannedReverseCalls(traversalPreset('inpaint', preset).sampler, [1000]);
    // 'quality' takes 5× the stage-2 steps of 'fast'; 'paper' runs every timestep of DPS (2 calls each).
    expect(cost('quality')).toBeGreaterThan(cost('fast'));
    expect(cost('paper')).toBeGreaterThan(cost('quality'));
  });
});
