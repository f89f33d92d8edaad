// The bundled first-screen run is shown only for the settings it was made with (issue 14).
import { describe, expect, it } from 'vitest';
import {
  matchesPrecomputed,
  PRECOMPUTED_FORMAT,
  type PrecomputedRun,
  precomputedPixels,
  precomputedSettings,
} from '../../src/app/precomputed';
import { DEFAULT_SETTINGS } from '../../src/app/settings';

const run: PrecomputedRun = {
  format: PRECOMPUTED_FORMAT,
  settings: precomputedSettings(DEFAULT_SETTINGS),
  model: { name: 'faces64', sha256: '0'.repeat(64) },
  solver: 'test',
  nfe: 1,
  ms: 1,
  points: [{ knob: 0, label: 't0 = 0', metrics: { psnr: 1, ssim: 1, rmse: 1, patchSwd: 1 }, nfe: 1, pixels: 'AP8=' }],
};

describe('precomputed first screen', () => {
  it('matches the settings it was made with, whatever the slider, chart or comparison', () => {
    expect(matchesPrecomputed(run, { ...DEFAULT_SETTINGS, slider: 7, chartMetric: 'rmse' })).toBe(true);
  });

  it('does not match another seed, degradation, method, preset or image', () => {
    const d = DEFAULT_SETTINGS;
    for (const other of [
      { ...d, seed: d.seed + 1 },
      { ...d, degradation: { ...d.degradation, blurStd: d.degradation.blurStd + 0.5 } },
      { ...d, method: { ...d.method, method: 'ccdf' } },
      { ...d, method: { ...d.method, preset: 'paper' as const } },
      { ...d, image: { kind: 'gallery' as const, id: 'other' } },
    ])
      expect(matchesPrecomputed(run, other)).toBe(false);
  });

  it('decodes 8-bit pixels to [-1, 1]', () => {
    expect([...precomputedPixels(run.points[0])]).toEqual([-1, 1]);
  });
});
