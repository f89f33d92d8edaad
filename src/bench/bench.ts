// `npm run bench`: speed of the faces64 denoiser and of a full MAP-RPS curve, in onnxruntime-node and in headless
// Chromium (the app's own solver worker, onnxruntime-web WASM), printed as tables with the speed targets of the
// project (PASS/FAIL). Writes the same tables to --out/bench.md and the raw timings to --out/bench.json.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { serveStatic } from '../../tests/e2e/staticServer';
import { knobsForT0 } from '../app/experiment';
import { PRIORS } from '../app/priors';
import { buildDegradation, DEGRADATION_LABELS, measureTruth } from '../app/problem';
import { DEFAULT_SETTINGS, type DegradationKind, type PresetId } from '../app/settings';
import { serveModels } from '../build/serveModels';
import { createRng } from '../core/rng';
import { toSignedRange } from '../core/tensor';
import type { ModelSource } from '../worker/api';
import type { BackendInfo } from '../worker/backend';
import type { DpBench, SweepTiming } from './browser/page';
import { countFlops } from './flops';
import { readImageSet } from './images';
import { createSession, readModelCard } from './priors';
import { formatDuration } from './progress';
import { machineDescription } from './report';

const MODEL = 'faces64' as const;
const SIZE = 64;
const BATCHES = [1, 8];
const THREADS = [1, 2];
const T0S = [0, 10, 25, 50, 75, 100];
const TASKS: DegradationKind[] = ['blur-gaussian', 'inpaint-box'];

// Speed targets (issue "a full D-P curve in under 10 seconds in the browser on a 2-core machine").
const TARGET = { firstImageMs: 3000, curveMs: 10_000, ratio: 2.0, coldLoadMs: 1500, cachedLoadMs: 300 };

const OPTIONS = {
  models: { type: 'string', default: 'models' },
  images: { type: 'string', default: '../shared/data/utkface64/utkface64-val.tar' },
  out: { type: 'string', default: 'results/bench' },
  'call-runs': { type: 'string', default: '15' },
  runs: { type: 'string', default: '5' },
  'baseline-runs': { type: 'string', default: '1' },
  presets: { type: 'string', default: 'fast' },
  chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  help: { type: 'boolean' },
} as const;

const USAGE = `Usage: npm run bench -- [--models DIR] [--images VAL.tar|DIR] [--out DIR] [--call-runs N] [--runs N]
                       [--baseline-runs N] [--presets fast,paper] [--chromium PATH]
Times the ${MODEL} denoiser per call (onnxruntime-node 1 and 2 threads, onnxruntime-web WASM in headless Chromium
1 thread and 2 threads with cross-origin isolation; batch 1 and 8; medians of --call-runs calls), counts its FLOPs
from the ONNX graph, and times a 6-point MAP-RPS curve in the browser (--runs repeats, medians) against the same
points one by one and against DDNM+ from T per point (--baseline-runs repeats), for Gaussian deblurring and box
inpainting of the first image of --images.`;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface CallTiming {
  runtime: string;
  threads: number;
  batch: number;
  ms: number;
}

async function nodeCallTimes(file: string, channels: number, runs: number): Promise<CallTiming[]> {
  const timings: CallTiming[] = [];
  for (const threads of THREADS) {
    const session = await createSession(file, threads);
    for (const batch of BATCHES) {
      const feeds = {
        x: new ort.Tensor('float32', createRng(1).fillNormal(new Float32Array(batch * channels * SIZE * SIZE)), [
          batch,
          channels,
          SIZE,
          SIZE,
        ]),
        sigma: new ort.Tensor('float32', new Float32Array(batch).fill(0.5), [batch]),
      };
      await session.run(feeds); // the first call is much slower (allocations): warm up
      const times: number[] = [];
      for (let k = 0; k < runs; k++) {
        const started = performance.now();
        await session.run(feeds);
        times.push(performance.now() - started);
      }
      timings.push({ runtime: 'onnxruntime-node', threads, batch, ms: median(times) });
    }
    await session.release();
  }
  return timings;
}

/** The bench page: the app's worker bundled by Vite with the models copied beside it. */
async function buildBenchPage(outDir: string, modelsDir: string): Promise<void> {
  await build({
    configFile: false,
    root: path.resolve('src/bench/browser'),
    base: './',
    logLevel: 'warn',
    plugins: [serveModels(path.resolve(modelsDir))],
    worker: { format: 'es' },
    build: { outDir: path.resolve(outDir), emptyOutDir: true },
  });
}

type BenchPage = { page: Page; close(): Promise<void>; origin: string };

async function openBenchPage(browser: Browser, root: string, crossOriginIsolated: boolean): Promise<BenchPage> {
  const server = await serveStatic(path.resolve(root), crossOriginIsolated);
  const context = await browser.newContext();
  // Loopback only: anything else is refused.
  await context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`bench page error: ${error.message}\n`));
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => 'dpBench' in globalThis);
  return {
    page,
    origin: server.origin,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}

/** Calls window.dpBench[name](...args) in the page (arguments and results travel as JSON). */
function pageCall<K extends keyof DpBench>(
  page: Page,
  name: K,
  ...args: Parameters<DpBench[K]>
): Promise<Awaited<ReturnType<DpBench[K]>>> {
  return page.evaluate(
    ([method, params]) => {
      const bench = (globalThis as unknown as { dpBench: Record<string, (...a: unknown[]) => unknown> }).dpBench;
      return bench[method](...params);
    },
    [name, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<DpBench[K]>>>;
}

interface SweepRow {
  task: DegradationKind;
  preset: PresetId;
  strategy: string;
  totalMs: number;
  firstPointMs?: number;
  nfe: number;
  runs: number;
}

interface BrowserResults {
  backends: Record<string, BackendInfo>;
  calls: CallTiming[];
  coldLoadMs: number;
  cachedLoadMs: number;
  cachedFromCache: boolean;
  sweeps: SweepRow[];
  curves: { task: DegradationKind; preset: PresetId; points: SweepTiming['points'] }[];
}

async function browserBench(
  options: {
    chromium: string;
    pageDir: string;
    callRuns: number;
    runs: number;
    baselineRuns: number;
    presets: PresetId[];
  },
  source: Omit<ModelSource, 'url'>,
  truth: Float32Array,
  log: (line: string) => void,
): Promise<BrowserResults> {
  const browser = await chromium.launch({ executablePath: options.chromium, headless: true });
  const results: BrowserResults = {
    backends: {},
    calls: [],
    coldLoadMs: Number.NaN,
    cachedLoadMs: Number.NaN,
    cachedFromCache: false,
    sweeps: [],
    curves: [],
  };
  try {
    for (const isolated of [false, true]) {
      const bench = await openBenchPage(browser, options.pageDir, isolated);
      const model = { ...source, url: `${bench.origin}/models/${MODEL}.onnx` };
      const backend = await pageCall(bench.page, 'backend');
      results.backends[isolated ? 'isolated' : 'plain'] = backend;
      log(`browser: ${backend.label}${isolated ? ' (cross-origin isolated)' : ''}`);
      const loaded = await pageCall(bench.page, 'load', model);
      for (const batch of BATCHES) {
        const times = await pageCall(bench.page, 'perCall', model, batch, SIZE, options.callRuns);
        results.calls.push({
          runtime: `onnxruntime-web (${backend.label})`,
          threads: backend.threads,
          batch,
          ms: median(times),
        });
      }
      if (isolated) {
        results.coldLoadMs = loaded.loadMs;
        // A second page of the same origin loads the model from the Cache API.
        await bench.page.reload();
        await bench.page.waitForFunction(() => 'dpBench' in globalThis);
        const cached = await pageCall(bench.page, 'load', model);
        results.cachedLoadMs = cached.loadMs;
        results.cachedFromCache = cached.fromCache;
        await sweepBench(bench.page, model, truth, options, results, log);
      }
      await bench.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function sweepBench(
  page: Page,
  model: ModelSource,
  truth: Float32Array,
  options: { runs: number; baselineRuns: number; presets: PresetId[] },
  results: BrowserResults,
  log: (line: string) => void,
): Promise<void> {
  const shape = { c: model.channels, h: SIZE, w: SIZE };
  for (const preset of options.presets) {
    for (const task of TASKS) {
      const degradation = { ...DEFAULT_SETTINGS.degradation, kind: task };
      const built = buildDegradation(degradation, shape);
      if (!built.ok) throw new Error(built.message);
      const y = measureTruth(built, degradation, { ...shape, data: truth }).y;
      const knobs = knobsForT0(T0S, task, preset);
      const request = (method: string, seed: number, points: number[]) => ({
        prior: { kind: 'onnx' as const, model },
        shape,
        truth: Array.from(truth),
        degradation,
        y: Array.from(y),
        method,
        preset,
        seed,
        knobs: points,
      });
      const run = (r: ReturnType<typeof request>) => pageCall(page, 'run', r as Parameters<DpBench['run']>[0]);
      const repeat = async (
        times: number,
        once: () => Promise<{ totalMs: number; firstPointMs?: number; nfe: number }>,
      ) => {
        const all = [];
        for (let k = 0; k < times; k++) all.push(await once());
        return {
          totalMs: median(all.map((a) => a.totalMs)),
          firstPointMs:
            all[0].firstPointMs === undefined ? undefined : median(all.map((a) => a.firstPointMs as number)),
          nfe: all[0].nfe,
          runs: times,
        };
      };
      const label = `${DEGRADATION_LABELS[task]}, ${preset}`;
      log(`browser: ${label}: full MAP-RPS sweep × ${options.runs}`);
      let curve: SweepTiming['points'] = [];
      const sweep = await repeat(options.runs, async () => {
        const timing = await run(request('map-rps', 0, knobs));
        curve = timing.points;
        return timing;
      });
      results.sweeps.push({ task, preset, strategy: 'MAP-RPS sweep (stage 1 once, 6 branches batched)', ...sweep });
      results.curves.push({ task, preset, points: curve });
      log(`browser: ${label}: the same t0 points one by one × ${options.baselineRuns}`);
      const oneByOne = await repeat(options.baselineRuns, async () => {
        const each = [];
        for (const knob of knobs) each.push(await run(request('map-rps', 0, [knob])));
        return { totalMs: each.reduce((s, e) => s + e.totalMs, 0), nfe: each.reduce((s, e) => s + e.nfe, 0) };
      });
      results.sweeps.push({ task, preset, strategy: 'MAP-RPS, each t0 point as its own run', ...oneByOne });
      log(`browser: ${label}: DDNM+ from T per point × ${options.baselineRuns}`);
      const ddnm = await repeat(options.baselineRuns, async () => {
        const each = [];
        for (let k = 0; k < knobs.length; k++) each.push(await run(request('ddnm', k, [0])));
        return { totalMs: each.reduce((s, e) => s + e.totalMs, 0), nfe: each.reduce((s, e) => s + e.nfe, 0) };
      });
      results.sweeps.push({ task, preset, strategy: 'DDNM+ from T, one sample per point', ...ddnm });
    }
  }
}

function table(header: string[], rows: (string | number)[][], align: ('l' | 'r')[]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [header, sep, ...rows.map((r) => r.map(String))].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function report(
  command: string,
  flopsPerImage: number,
  node: CallTiming[],
  browser: BrowserResults,
  options: { callRuns: number; runs: number; baselineRuns: number },
): string {
  const nodeMs = (threads: number, batch: number) =>
    node.find((t) => t.threads === threads && t.batch === batch)?.ms ?? Number.NaN;
  const callRows = [...node, ...browser.calls].map((t) => [
    t.runtime,
    t.threads,
    t.batch,
    fmt(t.ms),
    fmt(t.ms / t.batch),
    fmt((flopsPerImage * t.batch) / (t.ms * 1e6)),
    t.runtime === 'onnxruntime-node' ? '' : fmt(t.ms / nodeMs(t.threads, t.batch), 2),
  ]);
  const sweepRows = browser.sweeps.map((s) => [
    DEGRADATION_LABELS[s.task],
    s.preset,
    s.strategy,
    fmt(s.totalMs / 1000, 2),
    s.nfe,
    s.firstPointMs === undefined ? '' : fmt(s.firstPointMs / 1000, 2),
    s.runs,
  ]);
  const targets: (string | number)[][] = [];
  for (const s of browser.sweeps.filter((s) => s.preset === 'fast' && s.strategy.startsWith('MAP-RPS sweep'))) {
    const task = DEGRADATION_LABELS[s.task];
    const first = s.firstPointMs ?? Number.NaN;
    targets.push([
      `${task}: x_MAP on screen (fast)`,
      `${fmt(first / 1000, 2)} s`,
      `≤ ${TARGET.firstImageMs / 1000} s`,
      verdict(first <= TARGET.firstImageMs),
    ]);
    targets.push([
      `${task}: 6-point curve complete (fast)`,
      `${fmt(s.totalMs / 1000, 2)} s`,
      `≤ ${TARGET.curveMs / 1000} s`,
      verdict(s.totalMs <= TARGET.curveMs),
    ]);
  }
  const twoThreads = browser.calls.find((c) => c.threads === 2 && c.batch === 1);
  if (twoThreads) {
    const ratio = twoThreads.ms / nodeMs(2, 1);
    targets.push([
      'browser/Node per call, 2 threads, batch 1',
      fmt(ratio, 2),
      `≤ ${TARGET.ratio}`,
      verdict(ratio <= TARGET.ratio),
    ]);
  }
  targets.push(
    [
      'model load, cold',
      `${fmt(browser.coldLoadMs / 1000, 2)} s`,
      `≤ ${TARGET.coldLoadMs / 1000} s`,
      verdict(browser.coldLoadMs <= TARGET.coldLoadMs),
    ],
    [
      `model load, from cache${browser.cachedFromCache ? '' : ' (NOT served from the cache)'}`,
      `${fmt(browser.cachedLoadMs / 1000, 2)} s`,
      `≤ ${TARGET.cachedLoadMs / 1000} s`,
      verdict(browser.cachedFromCache && browser.cachedLoadMs <= TARGET.cachedLoadMs),
    ],
  );
  const isolated = browser.backends.isolated;
  if (isolated) {
    const reported = isolated.kind === 'webgpu' || isolated.fallbackReasons.length > 0;
    targets.push([
      'WebGPU: used where an adapter exists, else the fallback is chosen and reported',
      `${isolated.label}${isolated.fallbackReasons.length ? ` (${isolated.fallbackReasons.join('; ')})` : ''}`,
      'reported',
      verdict(reported),
    ]);
  }
  return [
    '```',
    command,
    '```',
    '',
    `Machine: ${machineDescription()}; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} (other work on the machine slows every number here).`,
    '',
    `### Per denoiser call (${MODEL}, ${SIZE}×${SIZE}, medians of ${options.callRuns} calls after one warm-up)`,
    '',
    `FLOPs per image: ${fmt(flopsPerImage / 1e9, 3)} GFLOP (2 × multiply-accumulates of the ONNX graph's Conv and Gemm nodes). Browser calls go through the app's worker (comlink round trip included).`,
    '',
    table(['runtime', 'threads', 'batch', 'ms / call', 'ms / image', 'GFLOP/s', 'browser / Node'], callRows, [
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
      'r',
    ]),
    '',
    `### A 6-point D-P curve in the browser (t0 = ${T0S.join(', ')}; ${browser.backends.isolated?.label ?? 'WASM'}, cross-origin isolated)`,
    '',
    `Wall time from the request to the last point, with the app's per-point metrics; medians of the stated runs. First image: time to the first streamed point (x_MAP, t0 = 0).`,
    '',
    table(['task', 'preset', 'strategy', 'wall s', 'NFE', 'first image s', 'runs'], sweepRows, [
      'l',
      'l',
      'l',
      'r',
      'r',
      'r',
      'r',
    ]),
    '',
    '### Speed targets',
    '',
    table(['target', 'measured', 'limit', 'result'], targets, ['l', 'r', 'r', 'l']),
    '',
    'Not measured here: the slider update time (needs the app UI) and the fast-vs-paper curve agreement (a `npm run dp` comparison).',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true }).values;
  } catch (error) {
    process.stderr.write(`bench: error: ${error instanceof Error ? error.message : error}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const count = (name: string) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${values[name]}`);
    return v;
  };
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`[${formatDuration(performance.now() - started)}] ${line}\n`);
  const modelsDir = String(values.models);
  const out = String(values.out);
  const presets = String(values.presets).split(',') as PresetId[];
  const options = {
    chromium: String(values.chromium),
    pageDir: path.join(out, 'page'),
    callRuns: count('call-runs'),
    runs: count('runs'),
    baselineRuns: count('baseline-runs'),
    presets,
  };
  const { file } = readModelCard(modelsDir, MODEL);
  const channels = PRIORS[MODEL].channels;
  const [first] = await readImageSet(String(values.images), { limit: 1, channels, resolution: SIZE });
  log(`counting FLOPs of ${file}`);
  const { flops } = await countFlops(file, { n: 1, c: channels, h: SIZE, w: SIZE });
  log('onnxruntime-node per-call timings');
  const node = await nodeCallTimes(file, channels, options.callRuns);
  log('building the bench page (the app worker) with Vite');
  mkdirSync(out, { recursive: true });
  await buildBenchPage(options.pageDir, modelsDir);
  const version = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  const browser = await browserBench(
    options,
    { name: MODEL, version, channels, resolution: SIZE },
    toSignedRange(first.image).data,
    log,
  );
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const markdown = report(command, flops, node, browser, options);
  process.stdout.write(`${markdown}\n`);
  writeFileSync(path.join(out, 'bench.md'), markdown);
  writeFileSync(
    path.join(out, 'bench.json'),
    `${JSON.stringify({ flopsPerImage: flops, image: first.name, node, browser }, null, 2)}\n`,
  );
  log(`done; tables in ${path.join(out, 'bench.md')}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`bench: error: ${error instanceof Error ? error.message : error}\n`);
      process.exit(1);
    },
  );
}
