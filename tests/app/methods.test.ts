import { describe, expect, it } from 'vitest';
import {
  holeShapeOf,
  initialKnobs,
  KNOB_GRID,
  knobLabel,
  plannedNfe,
  taskOf,
  traversalOf,
} from '../../src/app/methods';
import { t0ForKnob, t0Max } from '../../src/core/solvers';

describe('method catalogue', () => {
  it('spaces the t0 slider quadratically, denser near 0', () => {
    const t0s = KNOB_GRID.map((u) => t0ForKnob(u, 100));
    expect(t0s).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100]);
    expect(knobLabel('map-rps', 'blur-gaussian', 'paper', 0.5)).toBe('t0 = 25');
    expect(knobLabel('map-rps', 'blur-gaussian', 'fast', 0.5)).toBe('t0 = 75');
  });

  it('computes every other t0 branch first, both ends included, and single methods once', () => {
    expect(initialKnobs('map-rps')).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(initialKnobs('interpolation')).toHaveLength(KNOB_GRID.length);
    expect(initialKnobs('ddnm')).toEqual([0]);
  });

  it('plans the fast MAP-RPS sweep within 100 denoiser calls per point', () => {
    const nfe = plannedNfe('map-rps', 'blur-gaussian', 'fast', initialKnobs('map-rps'));
    expect(nfe).toBeGreaterThan(0);
    expect(nfe).toBeLessThanOrEqual(100);
  });

  it('maps degradations to the solver tasks', () => {
    expect(['blur-motion', 'inpaint-half', 'sr4', 'denoise'].map((k) => taskOf(k as never))).toEqual([
      'deblur',
      'inpaint',
      'sr',
      'denoise',
    ]);
  });

  it('ends the slider at a full sample for a missing region and at t0 = 200 for scattered pixels', () => {
    expect(['inpaint-box', 'inpaint-half', 'inpaint-brush'].map((k) => holeShapeOf(k as never))).toEqual([
      'region',
      'region',
      'region',
    ]);
    expect(holeShapeOf('inpaint-random')).toBe('scattered');
    expect(traversalOf('inpaint-box', 'fast').t0Max).toBe(1000);
    expect(traversalOf('inpaint-random', 'fast').t0Max).toBe(200);
    expect(traversalOf('inpaint-box', 'paper').t0Max).toBe(t0Max('inpaint', 'paper'));
    expect(traversalOf('blur-gaussian', 'fast').t0Max).toBe(t0Max('deblur', 'fast', 'region'));
    expect(knobLabel('map-rps', 'inpaint-box', 'fast', 0.5)).toBe('t0 = 250');
    expect(knobLabel('map-rps', 'inpaint-random', 'fast', 0.5)).toBe('t0 = 50');
  });
});
