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
      method: { method: 'posterior-mean', preset: 'paper', samples: 12 },
      seed: 123456,
      slider: 7,
      chartMetric: 'rmse',
      compare: {
        panels: [
          { method: 'map-rps', preset: 'fast' },
          { method: 'ccdf', preset: 'paper' },
          { method: 'variance-scaling', preset: 'fast' },
        ],
        wipeLeft: 2,
        wipeRight: 0,
        strip: 1,
      },
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

  it('keeps decoding version-1 links (made before the comparison panels), with the comparison off', () => {
    const link = 'v=1&prior=sandbox&image=gaussian-prior-sample&method.method=ccdf&method.preset=fast&seed=9&slider=4';
    const { settings, notes } = settingsFromQuery(link);
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      prior: 'sandbox',
      image: { kind: 'gallery', id: 'gaussian-prior-sample' },
      method: { ...DEFAULT_SETTINGS.method, method: 'ccdf', preset: 'fast' },
      seed: 9,
      slider: 4,
    });
    expect(notes).toEqual([]);
    expect(settingsToQuery(settings)).toMatch(/^v=3&/);
  });

  it('writes short keys (version 3) and still reads the dotted keys of version-2 links', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      degradation: { ...DEFAULT_SETTINGS.degradation, kind: 'inpaint-half', halfSide: 'top', sigmaY: 0.1 },
      method: { method: 'ccdf', preset: 'paper', samples: 8 },
      compare: {
        ...DEFAULT_SETTINGS.compare,
        panels: [
          { method: 'ccdf', preset: 'paper' },
          { method: 'map-rps', preset: 'fast' },
        ],
      },
    };
    const query = settingsToQuery(settings);
    expect(query).toContain('deg=inpaint-half&');
    expect(query).toContain('&sy=0.1&');
    expect(query).toContain('&m=ccdf&pre=paper&');
    expect(query).not.toContain('degradation.');
    expect(settingsToQuery(DEFAULT_SETTINGS).length).toBeLessThan(200);
    const v2 =
      'v=2&degradation.kind=inpaint-half&degradation.halfSide=top&degradation.sigmaY=0.1&method.method=ccdf&method.preset=paper&compare.panels=ccdf:paper,map-rps:fast';
    expect(settingsFromQuery(v2)).toEqual({ settings, notes: [] });
    expect(settingsFromQuery(query)).toEqual({ settings, notes: [] });
  });

  it('turns the comparison off, with a note, when the panels cannot be read', () => {
    for (const panels of ['map-rps:fast', 'map-rps:fast,nope:fast', 'map-rps:fast,ccdf:slow', 'a:b:c,ccdf:fast']) {
      const { settings, notes } = settingsFromQuery(`v=2&compare.panels=${encodeURIComponent(panels)}`);
      expect(settings.compare.panels).toEqual([]);
      expect(notes[0]).toMatch(/comparison panels .* could not be read/);
    }
  });

  it('falls back to the first panels when the wipe or strip index points past the panels', () => {
    const { settings } = settingsFromQuery(
      'v=2&compare.panels=map-rps:fast,ccdf:fast&compare.wipeLeft=5&compare.wipeRight=-1&compare.strip=1.5',
    );
    expect(settings.compare).toEqual({
      panels: [
        { method: 'map-rps', preset: 'fast' },
        { method: 'ccdf', preset: 'fast' },
      ],
      wipeLeft: 0,
      wipeRight: 1,
      strip: 0,
    });
  });
});
