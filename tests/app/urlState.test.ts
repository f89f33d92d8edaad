import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/app/settings';
import { settingsFromQuery, settingsToQuery } from '../../src/app/urlState';

describe('settings in the URL', () => {
  it('round-trips every setting, the seed included', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      prior: 'faces64',
      image: { kind: 'gallery', id: 'coffee' },
      degradation: { ...DEFAULT_SETTINGS.degradation, kind: 'inpaint-random', missingFraction: 0.7, sigmaY: 0 },
      method: { method: 'ccdf', preset: 'paper' },
      seed: 123456,
      slider: 7,
      chartMetric: 'rmse',
    };
    expect(settingsFromQuery(settingsToQuery(settings))).toEqual({ settings, notes: [] });
  });

  it('falls back to the defaults for missing, unknown or malformed values', () => {
    const { settings } = settingsFromQuery('v=1&prior=mnist&seed=abc&degradation.sigmaY=&slider=3');
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, slider: 3 });
    expect(settingsFromQuery('').settings).toEqual(DEFAULT_SETTINGS);
  });

  it('says that an uploaded image cannot travel in a link', () => {
    const query = settingsToQuery({ ...DEFAULT_SETTINGS, image: { kind: 'upload', name: 'me.jpg' } });
    const { settings, notes } = settingsFromQuery(query);
    expect(settings.image).toEqual(DEFAULT_SETTINGS.image);
    expect(notes[0]).toMatch(/uploaded image \(me\.jpg\): upload it again/);
  });
});
