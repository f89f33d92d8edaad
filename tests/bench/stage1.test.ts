// The stage-1 study CLI: clear errors for bad arguments, and a tiny end-to-end run with faces64 on a generated image.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, parseStage1Args } from '../../src/bench/stage1';
import { writeSyntheticFace } from './syntheticFace';

const work = mkdtempSync(path.join(os.tmpdir(), 'stage1-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run stage1', () => {
  it('rejects unknown tasks and iteration counts that are not positive integers', () => {
    expect(() => parseStage1Args(['--tasks', 'deblur-gauss,colourise'])).toThrow(/unknown task colourise/);
    expect(() => parseStage1Args(['--iterations', '20,0'])).toThrow(/--iterations takes positive integers/);
    expect(() => parseStage1Args(['--limit', '2.5'])).toThrow(/--limit takes positive integers/);
    expect(() => parseStage1Args(['--stage1', 'paper,magic'])).toThrow(/unknown --stage1 magic/);
  });

  it('writes one row per stage 1 and iteration count, with PSNR that improves from 2 to 30 iterations', async () => {
    const images = writeSyntheticFace(path.join(work, 'images'));
    const out = path.join(work, 'out');
    const args = ['--images', images, '--limit', '1', '--tasks', 'deblur-gauss', '--iterations', '2,30'];
    expect(await main([...args, '--out', out])).toBe(0);
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain(`npm run stage1 -- ${args.join(' ')} --out ${out}`);
    const rows = [...report.matchAll(/^\| (\w+), (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$/gm)];
    expect(rows.map((r) => `${r[1]} ${r[2]}`)).toEqual(['paper 2', 'paper 30', 'annealed 2', 'annealed 30']);
    expect(Number(rows[1][3])).toBeGreaterThan(Number(rows[0][3]));
    expect(Number(rows[3][3])).toBeGreaterThan(Number(rows[2][3]));
  }, 120_000);
});
