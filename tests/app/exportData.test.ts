// The downloads of the comparison: points as CSV/JSON and the settings file the benchmark CLI reads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentFile, experimentFromSettings } from '../../src/app/experiment';
import { POINT_COLUMNS, pointRows, pointsCsv, pointsJson } from '../../src/app/exportData';
import { DEFAULT_SETTINGS, type Settings } from '../../src/app/settings';
import { parseDpArgs } from '../../src/bench/dp';
import type { PointResult } from '../../src/worker/api';

function point(knob: number, psnr: number, extra: Partial<PointResult> = {}): PointResult {
  return {
    knob,
    label: '',
    image: new Float32Array(4),
    metrics: { psnr, ssim: 0.5 + knob / 4, rmse: 0.1 - knob / 20, patchSwd: 0.02 * (1 - knob) },
    nfe: 40 + knob * 10,
    ms: 1000 + knob * 100,
    ...extra,
  };
}

const COMPARING: Settings = {
  ...DEFAULT_SETTINGS,
  seed: 42,
  compare: {
    ...DEFAULT_SETTINGS.compare,
    panels: [
      { method: 'map-rps', preset: 'fast' },
      { method: 'interpolation', preset: 'fast' },
    ],
  },
};

describe('points export', () => {
  const rows = pointRows(
    [
      { method: { method: 'map-rps', preset: 'fast' }, points: [point(1, 20.5), point(0, 25.25), point(0.5, 22)] },
      {
        method: { method: 'interpolation', preset: 'fast' },
        points: [point(0.3, 23, { metrics: { ...point(0, 1).metrics, w2: 0.125 } })],
      },
      { method: { method: 'ddnm', preset: 'paper' }, points: [point(0, 24)] },
    ],
    42,
    'blur-gaussian',
  );

  it('gives one row per point, in knob order per panel, with what the knob means', () => {
    expect(rows.map((r) => [r.panel, r.method, r.knob, r.knob_name, r.knob_value])).toEqual([
      [1, 'map-rps', 0, 't0', 0],
      [1, 'map-rps', 0.5, 't0', 75],
      [1, 'map-rps', 1, 't0', 300],
      [2, 'interpolation', 0.3, 'α', 0.3],
      [3, 'ddnm', 0, '', null],
    ]);
    expect(rows[1]).toMatchObject({ seed: 42, preset: 'fast', psnr: 22, nfe: 45, ms: 1050, w2: null });
    expect(rows[3].w2).toBe(0.125);
  });

  it('writes a CSV with a header and every value at full precision', () => {
    const lines = pointsCsv(rows).split('\r\n');
    expect(lines[0]).toBe(POINT_COLUMNS.join(','));
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines[2]).toBe('1,map-rps,fast,42,0.5,t0,75,22,0.625,0.07500000000000001,0.01,,45,1050');
    expect(lines[5]).toBe('3,ddnm,paper,42,0,,,24,0.5,0.1,0.02,,40,1000');
    expect(lines.at(-1)).toBe('');
  });

  it('writes JSON with the rows and the link that reproduces them', () => {
    const parsed = JSON.parse(pointsJson(rows, 'v=2&seed=42'));
    expect(parsed).toMatchObject({ format: 'dp-playground-points', version: 1, query: 'v=2&seed=42' });
    expect(parsed.points).toEqual(rows);
  });
});

describe('settings file for the benchmark CLI', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'dp-export-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("parses in the CLI's own argument parser to the same experiment (the panels' methods)", () => {
    const file = path.join(folder, 'experiment.json');
    writeFileSync(file, experimentFile(COMPARING, [0, 0.5, 1]));
    const options = parseDpArgs(['--settings', file, '--images', folder, '--out', path.join(folder, 'out')]);
    if (options === 'help') throw new Error('parseDpArgs answered help');
    expect(options.experiment).toEqual(experimentFromSettings(COMPARING, [0, 0.5, 1]));
    expect(options.experiment).toMatchObject({
      methods: ['map-rps', 'interpolation'],
      preset: 'fast',
      seeds: [42],
      knobs: [0, 0.5, 1],
    });
  });

  it('without panels, holds the one method', () => {
    expect(experimentFromSettings(DEFAULT_SETTINGS, [0]).methods).toEqual([DEFAULT_SETTINGS.method.method]);
  });

  it('refuses what a file cannot carry: panels with different presets, a painted mask', () => {
    const mixed: Settings = {
      ...COMPARING,
      compare: { ...COMPARING.compare, panels: [...COMPARING.compare.panels, { method: 'ccdf', preset: 'paper' }] },
    };
    expect(() => experimentFile(mixed, [0])).toThrow(/different presets \(fast, paper\)/);
    const brush: Settings = { ...COMPARING, degradation: { ...COMPARING.degradation, kind: 'inpaint-brush' } };
    expect(() => experimentFile(brush, [0])).toThrow(/painted mask/);
  });
});
