// Issue 19's command-line cases: bad flags and settings files are refused with a message that names the field,
// list sizes and threads are bounded, and one unreadable image in a folder is skipped with a warning and a count
// in the report instead of aborting the run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_CELLS, parseDpArgs, runDp, UsageError } from '../../src/bench/dp';
import { encodePng, writePng } from '../../src/bench/images';
import { readCells } from '../../src/bench/results';
import { createImage } from '../../src/core/tensor';

const work = mkdtempSync(path.join(os.tmpdir(), 'dp-inputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const out = path.join(work, 'out');
const SANDBOX = ['--prior', 'sandbox', '--task', 'denoise', '--methods', 'ddrm', '--out', out];

function parse(args: string[]) {
  const parsed = parseDpArgs(args);
  if (parsed === 'help') throw new Error('unexpected --help');
  return parsed;
}

function settingsFile(name: string, text: string): string {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
}

const EXPERIMENT = {
  format: 'dp-playground-experiment',
  version: 1,
  prior: 'sandbox',
  degradation: { kind: 'denoise' },
  methods: ['ddrm'],
};

describe('dp flags and settings files', () => {
  it('refuses a negative --limit as a bad value, not as an "ambiguous argument"', () => {
    expect(() => parse([...SANDBOX, '--limit', '-1'])).toThrow('--limit must be an integer ≥ 1, got "-1"');
    expect(() => parse([...SANDBOX, '--noise-seed', '-1'])).toThrow('degradation.noiseSeed must be an integer');
  });

  it('bounds --threads by the cores and --seeds by the list limit', () => {
    const cores = os.availableParallelism();
    expect(() => parse([...SANDBOX, '--threads', '999'])).toThrow(
      `--threads must be an integer in 1..${cores} (the cores of this machine), got "999"`,
    );
    expect(parse([...SANDBOX, '--threads', String(cores)]).threads).toBe(cores);
    expect(() => parse([...SANDBOX, '--seeds', '100000'])).toThrow('--seeds must be an integer in 1..100');
    expect(parse([...SANDBOX, '--seeds', '3']).experiment.seeds).toEqual([0, 1, 2]);
  });

  it('refuses out-of-range degradation flags, naming the field', () => {
    expect(() => parse([...SANDBOX, '--sigma-y', '1e30'])).toThrow('degradation.sigmaY must be a number in [0, 0.5]');
    expect(() => parse([...SANDBOX, '--blur-std', '1e308'])).toThrow('degradation.blurStd must be');
    expect(() => parse([...SANDBOX, '--noise-seed', String(2 ** 53 - 2)])).toThrow('degradation.noiseSeed must be');
    expect(() => parse([...SANDBOX, '--kernel-size', '8'])).toThrow('degradation.kernelSize must be an odd integer');
  });

  it('reads a settings file with a byte-order mark, and refuses what it cannot read with plain words', () => {
    const bom = settingsFile('bom.json', `\uFEFF${JSON.stringify(EXPERIMENT)}`);
    expect(parse(['--settings', bom, '--out', out]).experiment.methods).toEqual(['ddrm']);
    const broken = settingsFile('broken.json', '{"format": ');
    expect(() => parse(['--settings', broken, '--out', out])).toThrow(/is not valid JSON .*export it again/);
    const quoted = settingsFile('quoted.json', JSON.stringify({ ...EXPERIMENT, version: '1' }));
    expect(() => parse(['--settings', quoted, '--out', out])).toThrow(
      'version must be 1 (the only version this build reads); got "1"',
    );
    const diagonal = settingsFile(
      'diagonal.json',
      JSON.stringify({ ...EXPERIMENT, degradation: { kind: 'inpaint-half', halfSide: 'diagonal' } }),
    );
    expect(() => parse(['--settings', diagonal, '--out', out])).toThrow(
      'degradation.halfSide must be one of left, right, top, bottom; got "diagonal"',
    );
    const many = settingsFile(
      'many.json',
      JSON.stringify({ ...EXPERIMENT, seeds: Array.from({ length: 1e5 }, (_, i) => i) }),
    );
    expect(() => parse(['--settings', many, '--out', out])).toThrow('seeds may list at most 100 values; got 100000');
  });
});

describe('dp runs', { timeout: 120_000 }, () => {
  it('refuses a noise seed that would leave the valid range on a later image, before running anything', async () => {
    const options = parse([...SANDBOX, '--limit', '3', '--noise-seed', String(2 ** 31 - 2), '--resolution', '16']);
    await expect(runDp(options)).rejects.toThrow(
      'degradation.noiseSeed must be at most 2147483645 for 3 images (image i uses noiseSeed + i',
    );
    expect(() => readFileSync(path.join(out, 'cells.csv'))).toThrow();
  });

  it('refuses more cells than one run takes, counting them before listing any', async () => {
    const options = parse([...SANDBOX, '--limit', '10000', '--seeds', '100', '--resolution', '16']);
    const many = { ...options, experiment: { ...options.experiment, methods: ['ddrm' as const, 'ddnm' as const] } };
    await expect(runDp(many)).rejects.toThrow(`the experiment has 2000000 cells`);
    await expect(runDp(many)).rejects.toThrow(UsageError);
    expect(MAX_CELLS).toBeLessThan(2_000_000);
  });

  it('skips an unreadable image with a warning and counts it in the report', async () => {
    const images = path.join(work, 'images');
    for (const k of [0, 1]) {
      const image = createImage({ c: 1, h: 16, w: 16 });
      image.data.fill(0.2 + 0.3 * k);
      writePng(path.join(images, `ok${k}.png`), image);
    }
    const truncated = encodePng(createImage({ c: 1, h: 16, w: 16 })).subarray(0, 40);
    writeFileSync(path.join(images, 'broken.png'), truncated);
    const folderOut = path.join(work, 'skip-out');
    const options = parse([
      ...['--images', images, '--prior', 'sandbox', '--task', 'denoise', '--methods', 'ddrm'],
      ...['--resolution', '16', '--channels', '1', '--out', folderOut],
    ]);
    const result = await runDp(options);
    expect(result).toMatchObject({ skipped: 1, planned: 2, done: 2, interrupted: false });
    expect(
      readCells(path.join(folderOut, 'cells.csv'))
        .map((c) => c.image)
        .sort(),
    ).toEqual(['ok0.png', 'ok1.png']);
    expect(readFileSync(path.join(folderOut, 'report.md'), 'utf8')).toMatch(
      /\*\*Skipped\*\*: 1 unreadable image \(broken\.png: cannot decode broken\.png, it is truncated or corrupt/,
    );
  });
});
