// The benchmark CLI end to end on two generated images with the fashion32 model: output files and columns, an
// interrupted run leaving a valid partial result, resumption that skips finished cells, the settings-file path,
// and clear errors for bad arguments.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { createImage } from '../../src/core/tensor';
import { imageSolverSeed, outputFile, parseDpArgs, runDp, UsageError } from '../../src/bench/dp';
import { loadPrior } from '../../src/bench/priors';
import { runMethod } from '../../src/app/experiment';
import { buildDegradation, measureTruth } from '../../src/app/problem';
import { PRIORS } from '../../src/app/priors';
import { clampImage, toSignedRange, toUnitRange } from '../../src/core/tensor';
import { quantise, readPng, writePng } from '../../src/bench/images';
import { CELL_COLUMNS, cellKey, readCells } from '../../src/bench/results';

const MODELS = process.env.DP_MODELS_DIR ?? 'models';
const work = mkdtempSync(path.join(os.tmpdir(), 'dp-cli-'));
const imagesDir = path.join(work, 'images');
const out = path.join(work, 'out');
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Two 32×32 test patterns (a garment-like blob and stripes), written as PNG like a user's folder.
const patterns = [
  (y: number, x: number) => (Math.hypot(y - 16, (x - 16) * 1.6) < 11 ? 0.8 : 0.05),
  (y: number, x: number) => 0.5 + 0.4 * Math.sin(x / 2.5) * (y > 6 && y < 26 ? 1 : 0),
];
patterns.forEach((f, k) => {
  const image = createImage({ c: 1, h: 32, w: 32 });
  for (let i = 0; i < 32 * 32; i++) image.data[i] = f(Math.floor(i / 32), i % 32);
  writePng(path.join(imagesDir, `pattern${k}.png`), image);
});

const ARGS = [
  ...['--images', imagesDir, '--prior', 'fashion32', '--task', 'deblur-gauss', '--methods', 'map-rps,ddrm'],
  ...['--t0', '0,10', '--seeds', '1', '--preset', 'fast', '--threads', '1', '--models', MODELS, '--out', out],
];
// 2 images × (map-rps at 2 t0 values + ddrm once) × 1 seed.
const PLANNED = 6;

function options(args: string[]) {
  const parsed = parseDpArgs(args);
  if (parsed === 'help') throw new Error('unexpected --help');
  return parsed;
}

// Each run makes real denoiser calls; on a loaded 2-core machine that takes well over vitest's 5 s default.
describe('npm run dp', { timeout: 120_000 }, () => {
  it('leaves a valid partial result when stopped, then resumes without redoing finished cells', async () => {
    const controller = new AbortController();
    const stopped = await runDp(options(ARGS), { signal: controller.signal, onCell: () => controller.abort() });
    expect(stopped.interrupted).toBe(true);
    const partial = readCells(path.join(out, 'cells.csv'));
    expect(partial.length).toBeGreaterThanOrEqual(1);
    expect(partial.length).toBeLessThan(PLANNED);
    expect(readFileSync(path.join(out, 'report.md'), 'utf8')).toContain(
      `**Partial result**: ${partial.length} of ${PLANNED}`,
    );

    const resumed = await runDp(options(ARGS));
    expect(resumed).toMatchObject({ interrupted: false, planned: PLANNED, done: PLANNED });
    expect(resumed.ranNow).toBe(PLANNED - partial.length);
    const cells = readCells(path.join(out, 'cells.csv'));
    expect(new Set(cells.map(cellKey)).size).toBe(PLANNED);
    // Cells saved before the stop are kept as they were.
    expect(cells.slice(0, partial.length)).toEqual(partial);
  });

  it('writes every cell with its metrics, the summary, the chart and the report', () => {
    const table = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'cells.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(table.meta.fields).toEqual([...CELL_COLUMNS]);
    expect(table.data).toHaveLength(PLANNED);
    const cells = readCells(path.join(out, 'cells.csv'));
    expect(new Set(cells.map((c) => c.setting))).toEqual(new Set(['t0 = 0', 't0 = 10', 'from T']));
    for (const cell of cells) {
      for (const metric of ['psnr', 'ssim', 'rmse', 'patch_swd', 'nfe', 'ms'] as const) {
        expect(Number.isFinite(cell[metric])).toBe(true);
      }
      expect(cell.rmse).toBeGreaterThan(0);
      expect(cell.nfe).toBeGreaterThan(0);
    }
    const summary = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'summary.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(summary.data.map((r) => `${r.method} ${r.setting}`).sort()).toEqual([
      'ddrm from T',
      'map-rps t0 = 0',
      'map-rps t0 = 10',
    ]);
    for (const row of summary.data) {
      expect(Number(row.images)).toBe(2);
      expect(Number(row.psnr_ci_low)).toBeLessThanOrEqual(Number(row.psnr_mean));
      expect(Number(row.psnr_ci_high)).toBeGreaterThanOrEqual(Number(row.psnr_mean));
      expect(Number(row.set_patch_swd)).toBeGreaterThan(0);
    }
    const svg = readFileSync(path.join(out, 'dp-rmse.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<polyline /g)).toHaveLength(1); // map-rps is a curve; ddrm a single point
    const report = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain(`npm run dp -- --images ${imagesDir}`);
    expect(report).toContain('![RMSE against set-level patch-SWD, one curve per method](dp-rmse.svg)');
    expect(report).toContain(`all ${PLANNED} finished`);
    for (const cell of cells) expect(existsSync(outputFile(out, cell))).toBe(true);
  });

  it("gives every image its own solver noise and records the run's seed", async () => {
    expect(imageSolverSeed(1, 0)).toBe(1);
    expect(new Set([0, 1, 2].map((k) => imageSolverSeed(1, k))).size).toBe(3);
    expect(new Set([0, 1].flatMap((k) => [0, 1].map((s) => imageSolverSeed(s, k)))).size).toBe(4);
    const cells = readCells(path.join(out, 'cells.csv'));
    expect(new Set(cells.map((c) => c.seed))).toEqual(new Set([0])); // --seeds 1: seed 0
    // The second image's DDRM sample is the solver's output for seed imageSolverSeed(0, 1) on its measurement.
    const { experiment } = options(ARGS);
    const settings = { ...experiment.degradation, noiseSeed: experiment.degradation.noiseSeed + 1 };
    const prior = await loadPrior('fashion32', { modelsDir: MODELS, threads: 1, sandbox: PRIORS.sandbox });
    try {
      const truth = readPng(path.join(imagesDir, 'pattern1.png'), 1);
      const degradation = buildDegradation(settings, truth);
      if (!degradation.ok) throw new Error(degradation.message);
      const measurement = measureTruth(degradation, settings, toSignedRange(truth));
      const outputs = new Map<number, Float32Array>();
      const run = {
        denoiser: prior.denoiser,
        measurement,
        degradation: experiment.degradation.kind,
        preset: experiment.preset,
        knobs: [0],
      };
      const onPoint = (p: { seed: number; image: { data: Float32Array } }) =>
        outputs.set(p.seed, quantise(clampImage(toUnitRange(p.image as never))).data);
      await runMethod('ddrm', { ...run, seeds: [imageSolverSeed(0, 1), 0], onPoint });
      const saved = readPng(outputFile(out, { image: 'pattern1.png', method: 'ddrm', knob: 0, seed: 0 }), 1).data;
      expect(Array.from(saved)).toEqual(Array.from(outputs.get(imageSolverSeed(0, 1)) ?? []));
      expect(Array.from(saved)).not.toEqual(Array.from(outputs.get(0) ?? []));
    } finally {
      await prior.release();
    }
  });

  it('reports face-descriptor FD and KID per row for a face prior, and leaves them empty for others', async () => {
    const facesDir = path.join(work, 'faces');
    mkdirSync(facesDir, { recursive: true });
    for (const k of [0, 1, 2]) copyFileSync(`public/gallery/face-${k + 1}.png`, path.join(facesDir, `face${k}.png`));
    const faceOut = path.join(work, 'faces-out');
    await runDp(
      options([
        ...['--images', facesDir, '--prior', 'faces64', '--task', 'denoise', '--methods', 'map-rps'],
        ...['--t0', '0', '--threads', '1', '--models', MODELS, '--out', faceOut],
      ]),
    );
    const [row] = Papa.parse<Record<string, string>>(readFileSync(path.join(faceOut, 'summary.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(Number(row.set_face_fd)).toBeGreaterThan(0);
    // KID's unbiased estimate of a denoised set this close to the clean one may dip just below 0.
    expect(row.set_face_kid).not.toBe('');
    expect(Number.isFinite(Number(row.set_face_kid))).toBe(true);
    expect(readFileSync(path.join(faceOut, 'report.md'), 'utf8')).toMatch(/\| face FD \| face KID \|/);
    const fashion = Papa.parse<Record<string, string>>(readFileSync(path.join(out, 'summary.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(fashion.every((r) => r.set_face_fd === '' && r.set_face_kid === '')).toBe(true);
  });

  it('rescores finished cells from their saved outputs with --rescore, and runs nothing again', async () => {
    const cellsFile = path.join(out, 'cells.csv');
    const before = readCells(cellsFile);
    // Plant a stale score, as a cell scored under an older metric definition would have.
    const text = readFileSync(cellsFile, 'utf8').split('\n');
    const header = text[0].split(',');
    const row = text[1].split(',');
    row[header.indexOf('patch_swd')] = '123';
    writeFileSync(cellsFile, [text[0], row.join(','), ...text.slice(2)].join('\n'));
    expect(readCells(cellsFile)[0].patch_swd).toBe(123);
    const rerun = await runDp(options([...ARGS, '--rescore']));
    expect(rerun).toMatchObject({ planned: PLANNED, done: PLANNED, ranNow: 0 });
    const after = readCells(cellsFile);
    expect(after.map(cellKey)).toEqual(before.map(cellKey));
    for (const [i, cell] of after.entries()) {
      for (const metric of ['psnr', 'ssim', 'rmse', 'patch_swd'] as const) {
        expect(cell[metric]).toBeCloseTo(before[i][metric], 12);
      }
      expect(cell.ms).toBe(before[i].ms);
    }
  });

  it('reruns from the experiment settings file and skips every finished cell', async () => {
    const settings = path.join(out, 'experiment.json');
    const rerun = await runDp(
      options(['--settings', settings, '--images', imagesDir, '--models', MODELS, '--out', out]),
    );
    expect(rerun).toMatchObject({ planned: PLANNED, done: PLANNED, ranNow: 0, interrupted: false });
  });

  it('refuses bad arguments with a message that names the problem', () => {
    const bad = (args: string[]) => () => parseDpArgs(args);
    expect(bad(['--prior', 'fashion32', '--task', 'deblur-foo', '--images', imagesDir, '--out', out])).toThrow(
      /unknown --task "deblur-foo"; choose from deblur-gauss, /,
    );
    expect(bad([...ARGS, '--sigma', '0.1'])).toThrow(UsageError);
    expect(bad([...ARGS, '--sigma', '0.1'])).toThrow(/'--sigma'/);
    expect(bad([...ARGS.slice(0, -2)])).toThrow(/give --out DIR/);
    expect(bad([...ARGS, '--seeds', 'two'])).toThrow(/--seeds must be/);
    expect(bad([...ARGS.map((a) => (a === '0,10' ? '0,500' : a))])).toThrow(/t0 must be an integer in 0\.\.300/);
    expect(bad([...ARGS.map((a) => (a === 'map-rps,ddrm' ? 'map-rps,magic' : a))])).toThrow(
      /unknown method "magic"; choose from map-rps, ccdf/,
    );
    const settings = path.join(work, 'bad-settings.json');
    writeFileSync(
      settings,
      JSON.stringify({ format: 'dp-playground-experiment', version: 1, prior: 'faces', methods: [] }),
    );
    expect(bad(['--settings', settings, '--out', out])).toThrow(/prior must be one of fashion32, faces64, sandbox/);
    expect(bad(['--settings', settings, '--out', out])).toThrow(/methods must be a non-empty list/);
    expect(bad(['--settings', settings, '--prior', 'fashion32', '--out', out])).toThrow(
      /--settings defines the experiment; drop --prior/,
    );
  });
});
