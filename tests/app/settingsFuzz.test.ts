// Issue 19's fuzz test, Node side: ≥ 200 seeded links and ≥ 100 settings files drawn from the schema's own ranges
// and just outside them go through the same parse path as the app and the CLI. Never a throw; the result always
// passes the schema and builds a measurement; valid fields are kept exactly; every correction or refusal names its
// field; links stay compact.
import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../../src/app/experiment';
import { buildDegradation, measureTruth } from '../../src/app/problem';
import { SETTINGS_FIELDS, settingsProblems } from '../../src/app/schema';
import { DEFAULT_SETTINGS, type Settings } from '../../src/app/settings';
import { settingsFromQuery, settingsToQuery } from '../../src/app/urlState';
import { createImage } from '../../src/core/tensor';
import { fuzzFiles, fuzzLinks, ISSUE_LINKS } from '../fuzz/settingsFuzz';

const LINKS = fuzzLinks(19, 240);
const FILES = fuzzFiles(19, 120);

function valueAt(settings: Settings, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], settings);
}

/** The app's next steps on these settings: the operator and y = Ax + σn on a 64×64 image, never a throw. */
function measures(settings: Settings): void {
  const shape = { c: 3, h: 64, w: 64 };
  const degradation = buildDegradation(settings.degradation, shape, new Uint8Array(64 * 64));
  if (!degradation.ok) {
    // The only refusal left for valid settings: a kernel larger than the image, said with the largest that fits.
    expect(degradation.message).toMatch(/blur kernel is larger than the 64×64 image/);
    return;
  }
  const { y } = measureTruth(degradation, settings.degradation, createImage(shape));
  expect(y.every(Number.isFinite)).toBe(true);
}

describe('fuzzed links', () => {
  it('generates enough of them, valid and invalid', () => {
    expect(LINKS.length).toBeGreaterThanOrEqual(200);
    expect(LINKS.filter((l) => l.corrected.length > 0).length).toBeGreaterThan(60);
    expect(LINKS.filter((l) => Object.keys(l.kept).length > 0).length).toBeGreaterThan(60);
  });

  it.each(LINKS.map((link, i) => [i, link.query, link] as const))('#%i ?%s', (_, query, link) => {
    const { settings, notes } = settingsFromQuery(query);
    expect(settingsProblems(settings)).toEqual([]);
    for (const [field, value] of Object.entries(link.kept)) expect(valueAt(settings, field), field).toBe(value);
    for (const field of link.corrected) {
      expect(
        notes.some((note) => note.includes(field)),
        `a note names ${field}: ${notes.join(' | ')}`,
      ).toBe(true);
    }
    measures(settings);
    // What the app writes back reads as the same settings, with nothing left to correct, in a short link.
    const written = settingsToQuery(settings);
    expect(written.length).toBeLessThan(2048);
    const again = settingsFromQuery(written);
    expect(again.settings).toEqual(settings);
    expect(again.notes.filter((n) => !n.includes('uploaded image'))).toEqual([]);
  });

  it.each(ISSUE_LINKS.map((c) => [c.query, c.field] as const))(
    'issue 19: ?%s is corrected, naming %s',
    (query, field) => {
      const { settings, notes } = settingsFromQuery(query);
      expect(settingsProblems(settings)).toEqual([]);
      expect(notes.join(' ')).toContain(`${field} must be`);
      measures(settings);
    },
  );

  it('corrects a number to the nearest valid value and anything else to the default', () => {
    expect(settingsFromQuery('v=2&slider=11').settings.slider).toBe(10);
    expect(settingsFromQuery('v=2&slider=-1').settings.slider).toBe(0);
    expect(settingsFromQuery('v=2&slider=1.5').settings.slider).toBe(2);
    expect(settingsFromQuery('v=2&degradation.sigmaY=1e30').settings.degradation.sigmaY).toBe(0.5);
    expect(settingsFromQuery('v=2&degradation.kernelSize=10').settings.degradation.kernelSize).toBe(11);
    const { settings, notes } = settingsFromQuery('v=2&seed=abc&method.method=MAP-RPS');
    expect(settings.seed).toBe(DEFAULT_SETTINGS.seed);
    expect(settings.method.method).toBe(DEFAULT_SETTINGS.method.method);
    expect(notes).toEqual([
      `In the link, method.method must be ${'one of'} ${(SETTINGS_FIELDS['method.method'] as { values: readonly string[] }).values.join(', ')}; got "MAP-RPS", so the default method.method = map-rps is used.`,
      'In the link, seed must be an integer in 0..2147483647; got "abc", so the default seed = 1 is used.',
    ]);
  });

  it('keeps a single-output method (teacher mode shows it in the select)', () => {
    expect(settingsFromQuery('v=2&method.method=dps&teach=1')).toEqual({
      settings: { ...DEFAULT_SETTINGS, method: { ...DEFAULT_SETTINGS.method, method: 'dps' } },
      notes: [],
    });
  });

  it('keeps the longest link well under common URL limits', () => {
    const longest: Settings = {
      ...DEFAULT_SETTINGS,
      image: { kind: 'upload', name: '𝔁'.repeat(500) },
      method: { method: 'variance-scaling', preset: 'quality', samples: 64 },
      degradation: { ...DEFAULT_SETTINGS.degradation, blurStd: 0.123456789012345, sigmaY: 0.123456789012345 },
      compare: {
        panels: Array.from({ length: 4 }, () => ({ method: 'variance-scaling', preset: 'quality' as const })),
        wipeLeft: 3,
        wipeRight: 2,
        strip: 1,
      },
    };
    expect(`https://example.org/dp-playground/?${settingsToQuery(longest)}&teach=1&embed=1`.length).toBeLessThan(2048);
  });
});

describe('fuzzed settings files', () => {
  it('generates enough of them, valid and invalid', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(100);
    expect(FILES.filter((f) => f.bad).length).toBeGreaterThanOrEqual(50);
  });

  it.each(FILES.map((f, i) => [i, f.bad ?? 'valid', f] as const))('#%i %s', (_, __, { file, bad }) => {
    if (bad === undefined) {
      const experiment = parseExperiment(file);
      for (const [key, value] of Object.entries(file.degradation as object)) {
        expect(experiment.degradation[key as keyof typeof experiment.degradation], key).toBe(value);
      }
      measures({ ...DEFAULT_SETTINGS, degradation: experiment.degradation });
      return;
    }
    expect(() => parseExperiment(file)).toThrow(bad);
  });

  it('refuses the issue-19 file cases, naming the field', () => {
    const file = (degradation: object) => ({
      format: 'dp-playground-experiment',
      version: 1,
      prior: 'faces64',
      degradation,
      methods: ['map-rps'],
    });
    expect(() => parseExperiment(file({ kind: 'inpaint-half', halfSide: 'diagonal' }))).toThrow(
      'degradation.halfSide must be one of left, right, top, bottom; got "diagonal"',
    );
    expect(() => parseExperiment(file({ kind: 'denoise', noiseSeed: 1.5 }))).toThrow('degradation.noiseSeed must be');
    expect(() => parseExperiment(file({ kind: 'denoise', noiseSeed: 1e20 }))).toThrow('degradation.noiseSeed must be');
    expect(() => parseExperiment(file({ kind: 'denoise', sigmaY: 1e308 }))).toThrow('degradation.sigmaY must be');
    expect(() => parseExperiment({ ...file({ kind: 'denoise' }), version: '1' })).toThrow('got "1"');
    expect(() =>
      parseExperiment({ ...file({ kind: 'denoise' }), seeds: Array.from({ length: 100_000 }, (_, i) => i) }),
    ).toThrow('seeds may list at most 100 values; got 100000');
  });
});
