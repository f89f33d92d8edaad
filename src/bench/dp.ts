// `npm run dp`: distortion–perception curves of several methods over a set of images, headless in Node with the
// same core as the app. Writes cells.csv (one row per image, method, knob and seed, as each finishes), the output
// images, summary.csv, an SVG chart and report.md into --out; a rerun with the same --out resumes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  EXPERIMENT_FORMAT,
  EXPERIMENT_VERSION,
  type Experiment,
  knobsForT0,
  MAX_SEEDS,
  methodKnobs,
  parseExperiment,
  runMethod,
} from '../app/experiment';
import { knobLabel, plannedNfe, t0SweepOf } from '../app/methods';
import { PRIORS } from '../app/priors';
import { noiseSeedProblem } from '../app/schema';
import { buildDegradation, measureTruth } from '../app/problem';
import { DEFAULT_SETTINGS } from '../app/settings';
import { coalescingDenoiser } from '../core/coalesce';
import { METRICS } from '../core/metrics';
import { createRng } from '../core/rng';
import { samplePrior, gaussianPrior } from '../core/sandbox';
import { clampImage, createImage, type Image, toSignedRange, toUnitRange } from '../core/tensor';
import { cachedFaceDescriptors, faceSetDistances } from './faceDescriptors';
import { type NamedImage, quantise, readImageSet, readPng, type SkippedImage, writePng } from './images';
import { loadPrior, type NodePrior } from './priors';
import { ProgressBar } from './progress';
import { type Cell, CellWriter, cellKey, formatKnob, readCells, summarise, writeSummaryCsv } from './results';
import { writeReport } from './report';
import { runIfMain } from './cli';

const USAGE = `Usage: npm run dp -- --images DIR|FILE.tar --prior faces64|fashion32|sandbox --task TASK --out DIR [options]
       npm run dp -- --settings experiment.json --images DIR|FILE.tar --out DIR [options]

Experiment (or all of it from --settings, the JSON the app exports):
  --prior NAME          faces64, fashion32 or sandbox (the analytic Gaussian prior)
  --task TASK           deblur-gauss, deblur-motion, deblur-box, inpaint-box, inpaint-random, inpaint-half,
                        sr2, sr4, denoise
  --sigma-y S           measurement noise std in the [-1,1] range (default ${DEFAULT_SETTINGS.degradation.sigmaY})
  --kernel-size K, --blur-std S, --motion-intensity I, --box-fraction F, --missing-fraction F, --noise-seed N
                        the other degradation settings (defaults as in the app)
  --methods LIST        comma-separated: map-rps, ccdf, interp, averaging, varscale, ddnm, ddrm, diffpir, dps,
                        dmps, clamp-release, red-diff, posterior-mean (default map-rps)
  --samples N           samples the posterior-mean reference averages (default 8)
  --t0 LIST             t0 values of MAP-RPS/CCDF (default: the official sweep with --preset paper, else the
                        app's first-run positions u = 0, 0.2, ..., 1, t0 = round(t0max u^2)); the other curve methods
                        use the same knob positions u = sqrt(t0/t0max)
  --knobs LIST          knob values u in [0,1] instead of --t0
  --seeds N|LIST        N seeds 0..N-1, or a comma-separated list; at most ${MAX_SEEDS} (default 1)
  --preset NAME         fast, paper or quality (default fast)

Run:
  --images PATH         folder of PNG/JPEG files (sorted by name) or a .tar of them (archive order); files that
                        cannot be decoded are skipped with a warning and counted in the report;
                        optional for the sandbox prior (then --limit images are drawn from the prior)
  --limit N             use the first N images (default: all)
  --out DIR             results folder; rerunning with the same folder skips the finished cells
  --models DIR          where faces64.onnx/fashion32.onnx and their .json cards live (default models)
  --threads N           onnxruntime-node intra-op threads, at most the cores (default: all ${os.availableParallelism()})
  --rescore             recompute the metrics of the finished cells in --out from their saved outputs (after a
                        metric's definition changed), then run what is missing
  --resolution N, --channels 1|3   image size of the sandbox prior (default ${PRIORS.sandbox.resolution}, ${PRIORS.sandbox.channels})
  --help`;

/** The most cells one run plans (every planned cell is listed in memory before the first one runs). */
export const MAX_CELLS = 200_000;

export class UsageError extends Error {
  override name = 'UsageError';
}

export const TASKS: Record<string, Experiment['degradation']['kind']> = {
  'deblur-gauss': 'blur-gaussian',
  'deblur-motion': 'blur-motion',
  'deblur-box': 'blur-box',
  'inpaint-box': 'inpaint-box',
  'inpaint-random': 'inpaint-random',
  'inpaint-half': 'inpaint-half',
  sr2: 'sr2',
  sr4: 'sr4',
  denoise: 'denoise',
};

/** A comma-separated list of task names (keys of TASKS); throws naming the unknown ones. */
export function taskNames(text: string): string[] {
  const tasks = text.split(',');
  const unknown = tasks.filter((t) => !(t in TASKS));
  if (unknown.length > 0)
    throw new Error(`unknown task ${unknown.join(', ')} (one of ${Object.keys(TASKS).join(', ')})`);
  return tasks;
}

/** Numeric degradation settings that have a flag of their own: --kebab-case of the field. */
const DEGRADATION_FLAGS = [
  'sigmaY',
  'kernelSize',
  'blurStd',
  'motionIntensity',
  'boxFraction',
  'missingFraction',
  'noiseSeed',
];
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const EXPERIMENT_FLAGS = [
  'prior',
  'task',
  'methods',
  't0',
  'knobs',
  'seeds',
  'samples',
  'preset',
  ...DEGRADATION_FLAGS.map(kebab),
];

const OPTIONS = {
  help: { type: 'boolean' },
  settings: { type: 'string' },
  images: { type: 'string' },
  limit: { type: 'string' },
  out: { type: 'string' },
  models: { type: 'string', default: 'models' },
  threads: { type: 'string' },
  rescore: { type: 'boolean' },
  resolution: { type: 'string', default: String(PRIORS.sandbox.resolution) },
  channels: { type: 'string', default: String(PRIORS.sandbox.channels) },
  ...Object.fromEntries(EXPERIMENT_FLAGS.map((name) => [name, { type: 'string' }])),
} as const;

type Flags = Record<string, string | boolean | undefined>;

function integer(flags: Flags, name: string, min: number): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function integerIn(flags: Flags, name: string, min: number, max: number, what = ''): number | undefined {
  const value = integer(flags, name, min);
  if (value !== undefined && value > max) {
    throw new UsageError(`--${name} must be an integer in ${min}..${max}${what}, got "${flags[name]}"`);
  }
  return value;
}

function numbers(flags: Flags, name: string): number[] | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const values = String(raw)
    .split(',')
    .map((s) => Number(s.trim()));
  if (values.some((v, i) => !Number.isFinite(v) || String(raw).split(',')[i].trim() === '')) {
    throw new UsageError(`--${name} must be a comma-separated list of numbers, got "${raw}"`);
  }
  return values;
}

function experimentFromFlags(flags: Flags): Experiment {
  if (flags.settings !== undefined) {
    const given = EXPERIMENT_FLAGS.filter((name) => flags[name] !== undefined);
    if (given.length > 0) {
      throw new UsageError(`--settings defines the experiment; drop ${given.map((n) => `--${n}`).join(', ')}`);
    }
    let text: string;
    try {
      text = readFileSync(String(flags.settings), 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read --settings ${flags.settings}: ${error instanceof Error ? error.message : error}`,
      );
    }
    let json: unknown;
    try {
      // A byte-order mark (some editors write one) is not part of the JSON.
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new UsageError(
        `--settings ${flags.settings} is not valid JSON (${error instanceof Error ? error.message : error}); export it again from the app`,
      );
    }
    return parseExperiment(json);
  }
  if (flags.prior === undefined || flags.task === undefined) {
    throw new UsageError('give --prior and --task (or --settings FILE)');
  }
  const kind = TASKS[String(flags.task)];
  if (!kind) throw new UsageError(`unknown --task "${flags.task}"; choose from ${Object.keys(TASKS).join(', ')}`);
  const degradation: Record<string, unknown> = { kind };
  for (const field of DEGRADATION_FLAGS) {
    const values = numbers(flags, kebab(field));
    if (values) {
      if (values.length !== 1) throw new UsageError(`--${kebab(field)} takes one number`);
      degradation[field] = values[0];
    }
  }
  const preset = (flags.preset as Experiment['preset'] | undefined) ?? DEFAULT_SETTINGS.method.preset;
  const seedList = numbers(flags, 'seeds');
  const seeds =
    seedList && String(flags.seeds).includes(',')
      ? seedList
      : Array.from({ length: integerIn(flags, 'seeds', 1, MAX_SEEDS, ' (seeds 0..N-1)') ?? 1 }, (_, i) => i);
  if (flags.t0 !== undefined && flags.knobs !== undefined) throw new UsageError('give --t0 or --knobs, not both');
  const t0s = numbers(flags, 't0') ?? (flags.knobs === undefined ? t0SweepOf(kind, preset) : undefined);
  let knobs = numbers(flags, 'knobs');
  if (t0s) {
    if (!['paper', 'fast', 'quality'].includes(preset)) throw new UsageError(`unknown --preset "${preset}"`);
    try {
      knobs = knobsForT0(t0s, kind, preset);
    } catch (error) {
      throw new UsageError(`--t0: ${error instanceof Error ? error.message : error}`);
    }
  }
  return parseExperiment({
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    prior: flags.prior,
    degradation,
    methods: String(flags.methods ?? 'map-rps')
      .split(',')
      .map((m) => m.trim()),
    preset,
    knobs,
    seeds,
    samples: integer(flags, 'samples', 1),
  });
}

export interface DpOptions {
  experiment: Experiment;
  images?: string;
  limit: number;
  out: string;
  modelsDir: string;
  threads: number;
  /** Recompute the metrics of finished cells from their saved outputs (after a metric's definition changed). */
  rescore: boolean;
  sandbox: { channels: 1 | 3; resolution: number };
  /** The command line, for the report. */
  command: string;
}

/**
 * `--limit -1` as `--limit=-1`: node's parseArgs takes a value that starts with a dash for another option ("argument
 * is ambiguous"), while a negative number is meant as the value, which the option's own check then refuses.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : undefined;
    const option = name !== undefined ? (OPTIONS as Record<string, { type: string }>)[name] : undefined;
    if (option?.type === 'string' && /^-[\d.]/.test(argv[i + 1] ?? '')) {
      joined.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else joined.push(argv[i]);
  }
  return joined;
}

export function parseDpArgs(argv: readonly string[]): DpOptions | 'help' {
  let flags: Flags;
  try {
    flags = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, strict: true, allowPositionals: false })
      .values as Flags;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (flags.help) return 'help';
  const experiment = experimentFromFlags(flags);
  if (flags.out === undefined) throw new UsageError('give --out DIR (the results folder)');
  if (flags.images === undefined && experiment.prior !== 'sandbox') {
    throw new UsageError(`--images is needed for the ${experiment.prior} prior`);
  }
  const channels = integer(flags, 'channels', 1) as number;
  if (channels !== 1 && channels !== 3) throw new UsageError(`--channels must be 1 or 3, got ${channels}`);
  return {
    experiment,
    images: flags.images as string | undefined,
    limit: integer(flags, 'limit', 1) ?? (flags.images === undefined ? 8 : Number.POSITIVE_INFINITY),
    out: String(flags.out),
    modelsDir: String(flags.models),
    threads:
      integerIn(flags, 'threads', 1, os.availableParallelism(), ' (the cores of this machine)') ??
      os.availableParallelism(),
    rescore: flags.rescore === true,
    sandbox: { channels, resolution: integerIn(flags, 'resolution', 16, 256) as number },
    command: `npm run dp -- ${argv.map((a) => (/^[\w,./=:-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`,
  };
}

/** What makes earlier cells in --out comparable with this run (methods, knobs, seeds and images may grow). */
interface RunIdentity {
  prior: string;
  model: string;
  degradation: Experiment['degradation'];
  preset: string;
  /** N of the posterior-mean reference. */
  samples: number;
  images: string;
  solverSeeds: string;
}

function modelFingerprint(options: DpOptions): string {
  const { prior } = options.experiment;
  if (prior === 'sandbox') return `sandbox ${options.sandbox.channels}×${options.sandbox.resolution}`;
  const bytes = readFileSync(path.join(options.modelsDir, `${prior}.onnx`));
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function checkIdentity(file: string, identity: RunIdentity): void {
  if (existsSync(file)) {
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as RunIdentity;
    const differs = (Object.keys(identity) as (keyof RunIdentity)[]).filter(
      (key) => JSON.stringify(earlier[key]) !== JSON.stringify(identity[key]),
    );
    if (differs.length > 0) {
      throw new UsageError(
        `${path.dirname(file)} holds results of a different run (${differs.join(', ')} differ); choose another --out or delete it`,
      );
    }
  }
  writeFileSync(file, `${JSON.stringify(identity, null, 2)}\n`);
}

async function loadImages(options: DpOptions, prior: NodePrior): Promise<NamedImage[]> {
  if (options.images !== undefined) {
    return readImageSet(options.images, {
      limit: options.limit,
      channels: prior.channels,
      resolution: prior.resolution,
    });
  }
  // Sandbox without files: exact draws from the prior itself.
  const field = gaussianPrior({ c: prior.channels, h: prior.resolution, w: prior.resolution });
  return Array.from({ length: options.limit }, (_, i) => ({
    name: `prior-sample-${i}`,
    image: quantise(clampImage(toUnitRange(createImage(field.shape, samplePrior(field, createRng(i)))))),
  }));
}

/** Where a cell's output image is saved (8-bit PNG). */
export function outputFile(out: string, cell: Pick<Cell, 'image' | 'method' | 'knob' | 'seed'>): string {
  const stem = cell.image.replace(/\.[^.]+$/, '').replace(/[^\w.-]/g, '_');
  return path.join(out, 'outputs', cell.method, `knob-${formatKnob(cell.knob)}`, `seed-${cell.seed}`, `${stem}.png`);
}

export interface DpResult {
  /** Image files that could not be decoded and were left out. */
  skipped: number;
  planned: number;
  done: number;
  ranNow: number;
  interrupted: boolean;
}

export interface DpHooks {
  /** Aborting stops the run after the current denoiser call; finished cells are kept and summarised. */
  signal?: AbortSignal;
  /** Called after each cell is saved. */
  onCell?: (cell: Cell) => void;
}

/** A cell's scores: the metric registry's, as the app computes them. */
function cellMetrics(output: Image, truth: Image): Pick<Cell, 'psnr' | 'ssim' | 'rmse' | 'patch_swd'> {
  const metric = (id: keyof typeof METRICS) => METRICS[id].compute(output, truth);
  return { psnr: metric('psnr'), ssim: metric('ssim'), rmse: metric('rmse'), patch_swd: metric('patchSwd') };
}

/** Rewrites cells.csv with every finished cell rescored from its saved output against its clean image. */
function rescoreCells(cellsFile: string, out: string, images: readonly NamedImage[], channels: 1 | 3): void {
  const clean = new Map(images.map((e) => [e.name, e.image]));
  // Cells of images outside this run's --limit are kept as they are.
  const rescored = readCells(cellsFile).map((cell) => {
    const truth = clean.get(cell.image);
    return truth ? { ...cell, ...cellMetrics(readPng(outputFile(out, cell), channels), truth) } : cell;
  });
  const fresh = `${cellsFile}.rescored`;
  rmSync(fresh, { force: true });
  const writer = new CellWriter(fresh);
  for (const cell of rescored) writer.append(cell);
  renameSync(fresh, cellsFile);
  process.stderr.write(`dp: rescored ${rescored.length} cells from their saved outputs\n`);
}

/** How a cell's seed becomes its solver's seed (in run.json: cells computed another way are not mixed in). */
const SOLVER_SEEDING = 'seed + 2^31 × image index';

/**
 * The solver seed of the image at `imageIndex` for the run's seed `seed` (≤ 2^31 − 1): every image draws its own
 * noise. One draw shared by all images makes their stage-2 errors alike (faces are aligned), so a set mean then
 * swings by up to 3 dB from one t0 to the next and its CI over images says nothing about it. Image 0 keeps `seed`.
 */
export function imageSolverSeed(seed: number, imageIndex: number): number {
  return seed + 2 ** 31 * imageIndex;
}

/** Runs the experiment; resolves when every cell is done or the signal aborts (finished cells are kept either way). */
export async function runDp(options: DpOptions, { signal, onCell }: DpHooks = {}): Promise<DpResult> {
  const { experiment, out } = options;
  const prior = await loadPrior(experiment.prior, options);
  try {
    const images = await loadImages(options, prior);
    const seedProblem = noiseSeedProblem(experiment.degradation.noiseSeed, images.length);
    if (seedProblem) throw new UsageError(seedProblem);
    const skipped = 'skipped' in images ? (images.skipped as SkippedImage[]) : [];
    for (const { name, reason } of skipped) process.stderr.write(`dp: warning: skipped ${name}: ${reason}\n`);
    mkdirSync(out, { recursive: true });
    checkIdentity(path.join(out, 'run.json'), {
      prior: experiment.prior,
      model: modelFingerprint(options),
      degradation: experiment.degradation,
      preset: experiment.preset,
      samples: experiment.samples,
      images: options.images ?? 'drawn from the sandbox prior',
      solverSeeds: SOLVER_SEEDING,
    });
    writeFileSync(path.join(out, 'experiment.json'), `${JSON.stringify(experiment, null, 2)}\n`);
    const cellsFile = path.join(out, 'cells.csv');
    if (options.rescore) rescoreCells(cellsFile, out, images, prior.channels);
    const finished = new Set(readCells(cellsFile).map(cellKey));
    const writer = new CellWriter(cellsFile);
    const kind = experiment.degradation.kind;
    const shape = { c: prior.channels, h: prior.resolution, w: prior.resolution };
    // The work, counted before anything is listed or run.
    const cellCount =
      images.length *
      experiment.seeds.length *
      experiment.methods.reduce((n, method) => n + methodKnobs(method, experiment.knobs).length, 0);
    if (cellCount > MAX_CELLS) {
      throw new UsageError(
        `the experiment has ${cellCount} cells (${images.length} images × methods × knobs × seeds), more than the ${MAX_CELLS} one run takes; use fewer images (--limit), knobs or seeds`,
      );
    }
    const planned = images.flatMap(({ name }) =>
      experiment.methods.flatMap((method) =>
        methodKnobs(method, experiment.knobs).flatMap((knob) =>
          experiment.seeds.map((seed) => ({ image: name, method, knob, seed })),
        ),
      ),
    );
    const todo = planned.filter((c) => !finished.has(cellKey(c)));
    // Work units: (image, method), all missing knobs and seeds of it batched in one run.
    const units = images.flatMap((entry, index) =>
      experiment.methods.flatMap((method) => {
        const cells = todo.filter((c) => c.image === entry.name && c.method === method);
        if (cells.length === 0) return [];
        const knobs = [...new Set(cells.map((c) => c.knob))];
        const seeds = [...new Set(cells.map((c) => c.seed))];
        return [
          {
            entry,
            index,
            method,
            knobs,
            seeds,
            weight: plannedNfe(method, kind, experiment.preset, knobs, experiment.samples) * seeds.length,
          },
        ];
      }),
    );
    const totalWeight = units.reduce((s, u) => s + u.weight, 0);
    const bar = new ProgressBar(totalWeight);
    process.stderr.write(
      `dp: ${planned.length} cells (${images.length} images × methods × knobs × seeds), ${planned.length - todo.length} already in ${cellsFile}, ${todo.length} to run: about ${totalWeight} denoiser calls${skipped.length > 0 ? `; ${skipped.length} unreadable image${skipped.length === 1 ? '' : 's'} skipped` : ''}\n`,
    );
    let doneWeight = 0;
    let ranNow = 0;
    let interrupted = false;
    const coalesced = coalescingDenoiser(prior.denoiser);
    for (const unit of units) {
      if (signal?.aborted) {
        interrupted = true;
        break;
      }
      const settings = { ...experiment.degradation, noiseSeed: experiment.degradation.noiseSeed + unit.index };
      const degradation = buildDegradation(settings, shape);
      if (!degradation.ok) throw new UsageError(degradation.message);
      const truth = unit.entry.image;
      const measurement = measureTruth(degradation, settings, toSignedRange(truth));
      const batchCells = unit.knobs.length * unit.seeds.length;
      const started = performance.now();
      const detail = `${ranNow}/${todo.length} cells | image ${unit.index + 1}/${images.length} ${unit.method}`;
      try {
        const solverSeeds = unit.seeds.map((seed) => imageSolverSeed(seed, unit.index));
        await runMethod(unit.method, {
          denoiser: coalesced.denoise,
          measurement,
          degradation: kind,
          preset: experiment.preset,
          samples: experiment.samples,
          knobs: unit.knobs,
          seeds: solverSeeds,
          signal,
          onStep: (p) => bar.update(doneWeight + (unit.weight * p.nfe) / Math.max(1, p.nfeTotal), detail),
          onPoint: (point) => {
            const seed = unit.seeds[solverSeeds.indexOf(point.seed)];
            const key = { image: unit.entry.name, method: unit.method, knob: point.knob, seed };
            if (finished.has(cellKey(key)) || !unit.knobs.includes(point.knob)) return;
            const output = quantise(clampImage(toUnitRange(point.image)));
            writePng(outputFile(out, key), output);
            const cell: Cell = {
              ...key,
              setting: knobLabel(unit.method, kind, experiment.preset, point.knob) || 'from T',
              ...cellMetrics(output, truth),
              nfe: point.nfe,
              ms: Math.round(performance.now() - started),
              batch_cells: batchCells,
            };
            writer.append(cell);
            finished.add(cellKey(key));
            ranNow++;
            onCell?.(cell);
          },
        });
      } catch (error) {
        if (!signal?.aborted) throw error;
        interrupted = true;
        break;
      }
      doneWeight += unit.weight;
      bar.update(doneWeight, `${ranNow}/${todo.length} cells`, true);
    }
    bar.finish(interrupted ? `dp: interrupted; ${ranNow} cells saved this run` : `dp: ${ranNow} cells computed`);
    const plannedKeys = new Set(planned.map(cellKey));
    const cells = readCells(cellsFile).filter((c) => plannedKeys.has(cellKey(c)));
    const clean = new Map(images.map((e) => [e.name, e.image]));
    const summary =
      cells.length > 0
        ? summarise(
            cells,
            (cell) => readPng(outputFile(out, cell), prior.channels),
            (name) => clean.get(name) as Image,
          )
        : [];
    if (PRIORS[experiment.prior].faces) {
      const describe = cachedFaceDescriptors(options.threads);
      for (const row of summary) {
        const group = cells.filter((c) => c.method === row.method && formatKnob(c.knob) === formatKnob(row.knob));
        const outputs = group.map((c) => ({ ...c, output: readPng(outputFile(out, c), prior.channels) }));
        row.face = await faceSetDistances(outputs, (name) => clean.get(name) as Image, describe);
      }
    }
    writeSummaryCsv(path.join(out, 'summary.csv'), summary);
    writeReport(out, {
      options,
      prior: prior.description,
      images: images.length,
      skipped,
      planned: planned.length,
      cells,
      summary,
    });
    return { skipped: skipped.length, planned: planned.length, done: cells.length, ranNow, interrupted };
  } finally {
    await prior.release();
  }
}

/** The command-line entry: exit code 0 (complete), 1 (failure), 2 (bad arguments) or 130 (interrupted). */
export async function main(argv: readonly string[]): Promise<number> {
  let options: DpOptions | 'help';
  try {
    options = parseDpArgs(argv);
  } catch (error) {
    process.stderr.write(`dp: error: ${error instanceof Error ? error.message : error}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ndp: stopping after the current denoiser call (Ctrl+C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await runDp(options, { signal: controller.signal });
    process.stderr.write(
      `dp: ${result.done} of ${result.planned} cells in ${path.join(options.out, 'cells.csv')}; report in ${path.join(options.out, 'report.md')}${result.skipped > 0 ? `; ${result.skipped} unreadable image${result.skipped === 1 ? '' : 's'} skipped` : ''}\n`,
    );
    return result.interrupted ? 130 : 0;
  } catch (error) {
    const usage = error instanceof UsageError;
    process.stderr.write(`dp: error: ${error instanceof Error ? error.message : error}\n`);
    return usage ? 2 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

runIfMain(import.meta.url, 'dp', main);
