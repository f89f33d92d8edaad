// The stage-2 study CLI: clear errors for bad arguments, and a tiny end-to-end run with faces64 on a generated image.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, parseStage2Args } from '../../src/bench/stage2';
import { writeSyntheticFace } from './syntheticFace';

const work = mkdtempSync(path.join(os.tmpdir(), 'stage2-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run stage2', () => {
  it('rejects unknown tasks and samplers, bad step counts and a t0 at or past T', () => {
    expect(() => parseStage2Args(['--tasks', 'inpaint-box,colourise'])).toThrow(/unknown task colourise/);
    expect(() => parseStage2Args(['--samplers', 'ddnm:20,langevin:5'])).toThrow(/unknown sampler langevin/);
    expect(() => parseStage2Args(['--samplers', 'ddnm:0'])).toThrow(/--samplers takes a positive integer/);
    expect(() => parseStage2Args(['--t0', '1000'])).toThrow(/--t0 must be below T/);
    expect(parseStage2Args(['--samplers', 'ddrm'])).toMatchObject({ samplers: [{ method: 'ddrm', steps: 20 }] });
  });

  it('writes x_MAP and one row per sampler; the points at t0 and from T fall below x_MAP on a smooth face', async () => {
    const images = writeSyntheticFace(path.join(work, 'images'));
    const out = path.join(work, 'out');
    const args = ['--images', images, '--limit', '1', '--tasks', 'inpaint-box', '--samplers', 'clamp-release:4,ddnm:4'];
    expect(await main([...args, '--t0', '300', '--out', out])).toBe(0);
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain(`npm run stage2 -- ${args.join(' ')} --t0 300 --out ${out}`);
    expect(report).toContain('MAP-RPS at t0 = 300');
    const xMap = report.match(/^\| x_MAP \(t0 = 0\) \| ([\d.]+) \| ([\d.]+) \|/m);
    const rows = [
      ...report.matchAll(/^\| ([\w-]+), (\d+) steps \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$/gm),
    ];
    expect(rows.map((r) => `${r[1]} ${r[2]}`)).toEqual(['clamp-release 4', 'ddnm 4']);
    expect(xMap).not.toBeNull();
    for (const row of rows) {
      expect(Number(row[3])).toBeLessThan(Number(xMap?.[1]));
      expect(Number(row[5])).toBeLessThan(Number(xMap?.[1]));
    }
  }, 120_000);
});
