import { describe, expect, it } from 'vitest';
import { initialKnobs, KNOB_GRID, knobLabel, plannedNfe, taskOf } from '../../src/app/methods';
import { t0ForKnob } from '../../src/core/solvers';

describe('method catalogue', () => {
  it('spaces the t0 slider quadratically, denser near 0', () => {
    const t0s = KNOB_GRID.map((u) => t0ForKnob(u, 100));
    expect(t0s).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100]);
    expect(knobLabel('map-rps', 'deblur', 'paper', 0.5)).toBe('t0 = 25');
    expect(knobLabel('map-rps', 'deblur', 'fast', 0.5)).toBe('t0 = 75');
  });

  it('computes every other t0 branch first, both ends included, and single methods once', () => {
    expect(initialKnobs('map-rps')).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(initialKnobs('interpolation')).toHaveLength(KNOB_GRID.length);
    expect(initialKnobs('ddnm')).toEqual([0]);
  });

  it('plans the fast MAP-RPS sweep within 100 denoiser calls per point', () => {
    const nfe = plannedNfe('map-rps', taskOf('blur-gaussian'), 'fast', initialKnobs('map-rps'));
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
});
