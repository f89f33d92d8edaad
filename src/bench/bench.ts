// `npm run bench`: speed of the faces64 denoiser and of a full MAP-RPS curve, in onnxruntime-node and in headless
// Chromium (the app's own solver worker, onnxruntime-web WASM; and the real app page driven like a user), printed as
// tables with the speed targets of the project (PASS/FAIL). Writes the same tables to --out/bench.md and the raw
// timings to --out/bench.json. Also compares browser runtimes for the model and its conv skeleton (onnxruntime-web
// 1.30 and 1.31.1, tfjs-backend-wasm; src/bench/runtimes.ts) into --out/runtimes.md and --out/runtimes.json;
// `--only runtimes` runs that comparison alone.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { serveStatic } from '../../tests/e2e/staticServer';
import { knobsForT0 } from '../app/experiment';
import { t0SweepOf } from '../app/methods';
import { PRIORS } from '../app/priors';
import { buildDegradation, DEGRADATION_LABELS, measureTruth } from '../app/problem';
import { DEFAULT_SETTINGS, type DegradationKind, type PresetId } from '../app/settings';
import { serveModels } from '../build/serveModels';
import { createRng } from '../core/rng';
import { toSignedRange } from '../core/tensor';
import type { LoadedModel, ModelSource } from '../worker/api';
import type { BackendInfo } from '../worker/backend';
import { type AppRunTiming, appBench, buildApp, firstScreenBench } from './appTiming';
import type { DpBench, SweepTiming } from './browser/page';
import { countFlops } from './flops';
import { encodePng, readImageSet } from './images';
import { createSession, readModelCard } from './priors';
import { formatDuration } from './progress';
import { machineDescription } from './report';
import {
  maxAbsDifference,
  type RuntimeComparison,
  type RuntimeGraph,
  type RuntimeRow,
  RUNTIMES,
  runtimeComparisonMarkdown,
} from './runtimes';
import { architectureFromCard, type UnetArchitecture } from './tfjsUnet';

const MODEL = 'faces64' as const;
/** faces64's 33 convolutions alone (train/conv_skeleton.py): the part of a call that WASM kernels bound. */
const SKELETON = { name: 'faces64-conv-skeleton', file: 'src/bench/fixtures/faces64-conv-skeleton.onnx' } as const;
const SIZE = 64;
const BATCHES = [1, 8];
const THREADS = [1, 2];
const TASKS: DegradationKind[] = ['blur-gaussian', 'inpaint-box'];

// Speed targets (issue "a full D-P curve in under 10 seconds in the browser on a 2-core machine").
const TARGET = { firstImageMs: 3000, curveMs: 10_000, sliderMs: 50, ratio: 2.0, coldLoadMs: 1500, cachedLoadMs: 300 };

const OPTIONS = {
  models: { type: 'string', default: 'models' },
  images: { type: 'string', default: '../shared/data/utkface64/utkface64-val.tar' },
  out: { type: 'string', default: 'results/bench' },
  'call-runs': { type: 'string', default: '15' },
  runs: { type: 'string', default: '5' },
  'baseline-runs': { type: 'string', default: '1' },
  presets: { type: 'string', default: 'fast' },
  only: { type: 'string', default: 'all' },
  chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  help: { type: 'boolean' },
} as const;

const USAGE = `Usage: npm run bench -- [--models DIR] [--images VAL.tar|DIR] [--out DIR] [--call-runs N] [--runs N]
                       [--baseline-runs N] [--presets fast,paper] [--only all|runtimes] [--chromium PATH]
Times the ${MODEL} denoiser per call (onnxruntime-node 1 and 2 threads, onnxruntime-web WASM in headless Chromium
1 thread and 2 threads with cross-origin isolation; batch 1 and 8; medians of --call-runs calls) and counts its FLOPs
from the ONNX graph. In the real app (production build, cross-origin isolated) it clicks Run with MAP-RPS fast
(--runs runs, fresh seeds, medians) and times x_MAP on screen, the complete curve and slider moves. In the app's
worker it times the 6-point MAP-RPS sweep of each of --presets against the same points one by one and against
DDNM+ from T per point (--baseline-runs repeats; 0 skips them). Gaussian deblurring and box inpainting of the first image of
--images. Browser runtimes compared: the model and its conv skeleton per call in onnxruntime-web 1.30 (the app's),
onnxruntime-web 1.31.1 and tfjs-backend-wasm (the same network from the same weights), 1 and 2 threads, batch 1 and 8
(--call-runs calls each), outputs checked against onnxruntime-node's; --only runtimes runs just that (and the
onnxruntime-node timings it compares with), writing runtimes.md and runtimes.json.`;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

type Graph = 'model' | 'conv skeleton';

interface CallTiming {
  graph: Graph;
  runtime: string;
  threads: number;
  batch: number;
  ms: number;
}

/** The bench's fixed input: x ~ N(0, 1) from seed 1, σ = 0.5 (the runtime comparison's workers use the same). */
function nodeFeeds(channels: number, batch: number) {
  return {
    x: new ort.Tensor('float32', createRng(1).fillNormal(new Float32Array(batch * channels * SIZE * SIZE)), [
      batch,
      channels,
      SIZE,
      SIZE,
    ]),
    sigma: new ort.Tensor('float32', new Float32Array(batch).fill(0.5), [batch]),
  };
}

/** onnxruntime-node's output on the fixed input: the numerics reference of every browser runtime. */
async function nodeReference(file: string, channels: number, batch: number): Promise<Float32Array> {
  const session = await createSession(file, 1);
  try {
    return (await session.run(nodeFeeds(channels, batch))).denoised.data as Float32Array;
  } finally {
    await session.release();
  }
}

async function nodeCallTimes(
  file: string,
  graph: Graph,
  channels: number,
  runs: number,
  batches: readonly number[],
): Promise<CallTiming[]> {
  const timings: CallTiming[] = [];
  for (const threads of THREADS) {
    const session = await createSession(file, threads);
    for (const batch of batches) {
      const feeds = nodeFeeds(channels, batch);
      await session.run(feeds); // the first call is much slower (allocations): warm up
      const times: number[] = [];
      for (let k = 0; k < runs; k++) {
        const started = performance.now();
        await session.run(feeds);
        times.push(performance.now() - started);
      }
      timings.push({ graph, runtime: 'onnxruntime-node', threads, batch, ms: median(times) });
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
    // Not minified: tfjs-backend-wasm starts its threads by running the source text of its threaded factory in
    // blob workers (Function.prototype.toString), and the minifier folds that text's `typeof _scriptDir` guards
    // into bare references of an outer variable the blob lacks ("e is not defined").
    build: { outDir: path.resolve(outDir), emptyOutDir: true, minify: false },
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

type LoadPhases = LoadedModel['phases'] & { loadMs: number };

interface LoadTimings {
  /** A fresh browser profile: ORT and the model downloaded, compiled, warmed up. */
  cold: LoadPhases[];
  /** The same profile after a reload: the model from the Cache API, ORT's .wasm from the HTTP cache. */
  cached: LoadPhases[];
  /** Whether every second load was served from the Cache API. */
  fromCache: boolean;
}

/** The length and SHA-256 the worker checks a model's bytes against (the model card's `bytes` and `sha256`). */
function fileChecksums(file: string): { bytes: number; sha256: string } {
  const data = readFileSync(file);
  return { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

/** Model load times in the worker (download or cache, ORT session, warm-up call), each in a fresh browser context. */
async function loadBench(
  browser: Browser,
  pageDir: string,
  source: Omit<ModelSource, 'url'>,
  runs: number,
): Promise<LoadTimings> {
  const timings: LoadTimings = { cold: [], cached: [], fromCache: true };
  const phases = ({ loadMs, phases }: LoadedModel): LoadPhases => ({ loadMs, ...phases });
  for (let k = 0; k < runs; k++) {
    const bench = await openBenchPage(browser, pageDir, true);
    try {
      const model = { ...source, url: `${bench.origin}/models/${MODEL}.onnx` };
      timings.cold.push(phases(await pageCall(bench.page, 'load', model)));
      // A second page of the same origin loads the model from the Cache API.
      await bench.page.reload();
      await bench.page.waitForFunction(() => 'dpBench' in globalThis);
      const cached = await pageCall(bench.page, 'load', model);
      timings.cached.push(phases(cached));
      timings.fromCache &&= cached.fromCache;
    } finally {
      await bench.close();
    }
  }
  return timings;
}

interface BrowserResults {
  backends: Record<string, BackendInfo>;
  calls: CallTiming[];
  sweeps: SweepRow[];
  curves: { task: DegradationKind; preset: PresetId; points: SweepTiming['points'] }[];
}

async function browserBench(
  browser: Browser,
  options: {
    pageDir: string;
    callRuns: number;
    baselineRuns: number;
    presets: PresetId[];
  },
  source: Omit<ModelSource, 'url'>,
  truth: Float32Array,
  log: (line: string) => void,
): Promise<BrowserResults> {
  const results: BrowserResults = {
    backends: {},
    calls: [],
    sweeps: [],
    curves: [],
  };
  for (const isolated of [false, true]) {
    const bench = await openBenchPage(browser, options.pageDir, isolated);
    try {
      const model = { ...source, url: `${bench.origin}/models/${MODEL}.onnx` };
      const backend = await pageCall(bench.page, 'backend');
      results.backends[isolated ? 'isolated' : 'plain'] = backend;
      log(`browser: ${backend.label}${isolated ? ' (cross-origin isolated)' : ''}`);
      const skeleton = {
        ...source,
        ...fileChecksums(SKELETON.file),
        name: SKELETON.name,
        url: `${bench.origin}/models/${SKELETON.name}.onnx`,
      };
      for (const [graph, graphSource, batches] of [
        ['model', model, BATCHES],
        ['conv skeleton', skeleton, [1]],
      ] as const) {
        await pageCall(bench.page, 'load', graphSource);
        for (const batch of batches) {
          const times = await pageCall(bench.page, 'perCall', graphSource, batch, SIZE, options.callRuns);
          results.calls.push({
            graph,
            runtime: `onnxruntime-web (${backend.label})`,
            threads: backend.threads,
            batch,
            ms: median(times),
          });
        }
      }
      if (isolated && options.baselineRuns > 0) await sweepBench(bench.page, model, truth, options, results, log);
    } finally {
      await bench.close();
    }
  }
  return results;
}

/**
 * Every runtime of RUNTIMES at each thread count, each in a fresh worker of the cross-origin isolated bench page: the
 * model and the conv skeleton per call at batch 1 and 8, outputs against onnxruntime-node's.
 */
async function runtimeBench(
  browser: Browser,
  pageDir: string,
  graphs: { graph: RuntimeGraph; file: string; name: string }[],
  options: { callRuns: number; channels: number; architecture: UnetArchitecture },
  log: (line: string) => void,
): Promise<{ rows: RuntimeRow[]; crossOriginIsolated: boolean }> {
  const references = new Map<string, Float32Array>();
  for (const { graph, file } of graphs) {
    for (const batch of BATCHES)
      references.set(`${graph} ${batch}`, await nodeReference(file, options.channels, batch));
  }
  const bench = await openBenchPage(browser, pageDir, true);
  const rows: RuntimeRow[] = [];
  let crossOriginIsolated = true;
  try {
    for (const runtime of RUNTIMES) {
      for (const threads of THREADS) {
        log(`browser runtimes: ${runtime}, ${threads} thread${threads === 1 ? '' : 's'}`);
        const result = await pageCall(bench.page, 'compareRuntime', {
          runtime,
          threads,
          graphs: graphs.map(({ graph, name }) => ({ graph, url: `${bench.origin}/models/${name}.onnx` })),
          batches: BATCHES,
          runs: options.callRuns,
          channels: options.channels,
          size: SIZE,
          architecture: options.architecture,
        });
        crossOriginIsolated &&= result.crossOriginIsolated;
        for (const call of result.calls) {
          const bytes = Buffer.from(call.output, 'base64');
          const output = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
          const reference = references.get(`${call.graph} ${call.batch}`) as Float32Array;
          rows.push({
            graph: call.graph,
            runtime,
            version: result.version,
            threads,
            threadsUsed: result.threadsUsed,
            binaries: result.binaries,
            ...(result.note ? { note: result.note } : {}),
            batch: call.batch,
            ms: median(call.times),
            maxAbsDiff: maxAbsDifference(output, reference),
          });
        }
      }
    }
  } finally {
    await bench.close();
  }
  return { rows, crossOriginIsolated };
}

async function sweepBench(
  page: Page,
  model: ModelSource,
  truth: Float32Array,
  options: { baselineRuns: number; presets: PresetId[] },
  results: BrowserResults,
  log: (line: string) => void,
): Promise<void> {
  const shape = { c: model.channels, h: SIZE, w: SIZE };
  // Every MAP-RPS request gets its own seed, so none reuses an x_MAP from the worker's stage-1 cache: each sweep and
  // each one-by-one point pays for its own stage 1, as the strategies being compared do.
  let seed = 0;
  const freshSeed = () => seed++;
  for (const preset of options.presets) {
    for (const task of TASKS) {
      const degradation = { ...DEFAULT_SETTINGS.degradation, kind: task };
      const built = buildDegradation(degradation, shape);
      if (!built.ok) throw new Error(built.message);
      const y = measureTruth(built, degradation, { ...shape, data: truth }).y;
      const knobs = knobsForT0(t0SweepOf(task, preset), task, preset);
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
      log(`browser: ${label}: full MAP-RPS sweep × ${options.baselineRuns}`);
      let curve: SweepTiming['points'] = [];
      const sweep = await repeat(options.baselineRuns, async () => {
        const timing = await run(request('map-rps', freshSeed(), knobs));
        curve = timing.points;
        return timing;
      });
      results.sweeps.push({ task, preset, strategy: 'MAP-RPS sweep (stage 1 once, 6 branches batched)', ...sweep });
      results.curves.push({ task, preset, points: curve });
      log(`browser: ${label}: the same t0 points one by one × ${options.baselineRuns}`);
      const oneByOne = await repeat(options.baselineRuns, async () => {
        const each = [];
        for (const knob of knobs) each.push(await run(request('map-rps', freshSeed(), [knob])));
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

interface BenchResults {
  flopsPerImage: number;
  node: CallTiming[];
  browser: BrowserResults;
  loads: LoadTimings;
  app: AppRunTiming[];
  /** Per fresh visit: navigation start → first frame with a computed result (ms). */
  firstScreenMs: number[];
}

function report(
  command: string,
  { flopsPerImage, node, browser, loads, app, firstScreenMs }: BenchResults,
  options: { callRuns: number; runs: number; baselineRuns: number },
): string {
  const nodeMs = (graph: Graph, threads: number, batch: number) =>
    node.find((t) => t.graph === graph && t.threads === threads && t.batch === batch)?.ms ?? Number.NaN;
  const callRows = [...node, ...browser.calls].map((t) => [
    t.graph,
    t.runtime,
    t.threads,
    t.batch,
    fmt(t.ms),
    fmt(t.ms / t.batch),
    t.graph === 'model' ? fmt((flopsPerImage * t.batch) / (t.ms * 1e6)) : '',
    t.runtime === 'onnxruntime-node' ? '' : fmt(t.ms / nodeMs(t.graph, t.threads, t.batch), 2),
  ]);
  const appRows = app.map((a) => [
    DEGRADATION_LABELS[a.task],
    a.firstImageMs.length,
    fmt(median(a.firstImageMs) / 1000, 2),
    fmt(median(a.curveMs) / 1000, 2),
    a.sliderMs.length,
    fmt(median(a.sliderMs)),
    fmt(Math.max(...a.sliderMs)),
    fmt(median(a.sliderRenderMs)),
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
  for (const a of app) {
    const task = DEGRADATION_LABELS[a.task];
    const first = median(a.firstImageMs);
    const curve = median(a.curveMs);
    const slider = median(a.sliderMs);
    targets.push(
      [
        `${task}: x_MAP on screen after Run (app, fast)`,
        `${fmt(first / 1000, 2)} s`,
        `≤ ${TARGET.firstImageMs / 1000} s`,
        verdict(first <= TARGET.firstImageMs),
      ],
      [
        `${task}: ${a.points}-point curve complete (app, fast)`,
        `${fmt(curve / 1000, 2)} s`,
        `≤ ${TARGET.curveMs / 1000} s`,
        verdict(curve <= TARGET.curveMs),
      ],
      [
        `${task}: slider to a computed point, image and chart updated (app)`,
        `${fmt(slider)} ms`,
        `≤ ${TARGET.sliderMs} ms`,
        verdict(slider <= TARGET.sliderMs),
      ],
    );
  }
  targets.push([
    `first screen: page opened → first computed result (app, fresh visit, median of ${firstScreenMs.length})`,
    `${fmt(median(firstScreenMs) / 1000, 2)} s`,
    '(measured)',
    '',
  ]);
  const browserMs = (graph: Graph) =>
    browser.calls.find((c) => c.graph === graph && c.threads === 2 && c.batch === 1)?.ms;
  const twoThreads = browserMs('model');
  if (twoThreads !== undefined) {
    const ratio = twoThreads / nodeMs('model', 2, 1);
    targets.push([
      'browser/Node per call, 2 threads, batch 1',
      fmt(ratio, 2),
      `≤ ${TARGET.ratio}`,
      verdict(ratio <= TARGET.ratio),
    ]);
  }
  const cold = median(loads.cold.map((l) => l.loadMs));
  const cached = median(loads.cached.map((l) => l.loadMs));
  targets.push(
    [
      'model load, cold',
      `${fmt(cold / 1000, 2)} s`,
      `≤ ${TARGET.coldLoadMs / 1000} s`,
      verdict(cold <= TARGET.coldLoadMs),
    ],
    [
      `model load, from cache${loads.fromCache ? '' : ' (NOT served from the cache)'}`,
      `${fmt(cached / 1000, 2)} s`,
      `≤ ${TARGET.cachedLoadMs / 1000} s`,
      verdict(loads.fromCache && cached <= TARGET.cachedLoadMs),
    ],
  );
  // What bounds the two targets that the browser runtime itself decides, from this run's own numbers.
  const skeletonRatio = (browserMs('conv skeleton') ?? Number.NaN) / nodeMs('conv skeleton', 2, 1);
  const runtimeOnReload = median(loads.cached.map((l) => l.runtimeMs));
  const floors = [
    `Bounds from this run: the conv skeleton alone runs ${fmt(skeletonRatio, 2)}× slower in the browser than in Node at 2 threads (target for the whole model: ≤ ${TARGET.ratio}); on a reload ORT's runtime alone is ready ${fmt(runtimeOnReload / 1000, 2)} s after the request (target for the whole load: ≤ ${TARGET.cachedLoadMs / 1000} s), before any model work.`,
    '',
  ];
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
    table(['graph', 'runtime', 'threads', 'batch', 'ms / call', 'ms / image', 'GFLOP/s', 'browser / Node'], callRows, [
      'l',
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
      'r',
    ]),
    '',
    `The conv skeleton (\`${SKELETON.file}\`, written by \`train/conv_skeleton.py\`) is ${MODEL}'s 33 convolutions with their shapes, skip concatenations and upsampling, without normalisation, activations or the noise embedding: its browser/Node ratio is what onnxruntime-web's WASM convolution kernels cost against the native ones on this CPU, whatever the rest of the graph.`,
    '',
    `### In the app: MAP-RPS \`fast\` on ${MODEL} (${browser.backends.isolated?.label ?? 'WASM'}, cross-origin isolated)`,
    '',
    `The production build driven like a user: upload, Run, then the slider over the computed points. Times are taken in the page (performance.now() to the first animation frame after the DOM shows the change); each run has a fresh seed. Medians over runs (slider: over every move of every run; render: the synchronous handler, React render and commit, before the frame).`,
    '',
    table(
      [
        'task',
        'runs',
        'x_MAP on screen s',
        'curve complete s',
        'slider moves',
        'slider ms (median)',
        'slider ms (max)',
        'of which render ms (median)',
      ],
      appRows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    ...(sweepRows.length === 0
      ? []
      : [
          `### Sweep strategies in the app's worker (each preset's six t0 values; ${browser.backends.isolated?.label ?? 'WASM'})`,
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
        ]),
    `### Speed targets`,
    '',
    table(['target', 'measured', 'limit', 'result'], targets, ['l', 'r', 'r', 'l']),
    '',
    ...floors,
    `### Model load phases (in the worker; medians of ${loads.cold.length} fresh browser contexts, each reloaded once)`,
    '',
    "ORT's runtime (its .wasm fetched, compiled and started, with a 69-byte probe model) and the model bytes load side by side; then the session is created and warmed up with one call. Each phase is timed from the request, except session and warm-up (their own durations).",
    '',
    table(
      ['load', 'total s', 'ORT runtime ready s', 'model bytes ready s', 'session s', 'warm-up s'],
      (
        [
          ['cold (fresh profile)', loads.cold],
          ['from cache (reload)', loads.cached],
        ] as const
      ).map(([label, runs]) => [
        label,
        ...(['loadMs', 'runtimeMs', 'bytesMs', 'sessionMs', 'warmUpMs'] as const).map((key) =>
          fmt(median(runs.map((l) => l[key])) / 1000, 2),
        ),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'The fast-vs-paper curve agreement is measured by `npm run dp` runs of both presets, compared by `resultsDoc.ts --compare FAST,PAPER`.',
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
  const count = (name: string, min = 1) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${values[name]}`);
    return v;
  };
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`[${formatDuration(performance.now() - started)}] ${line}\n`);
  const modelsDir = String(values.models);
  const out = String(values.out);
  const presets = String(values.presets).split(',') as PresetId[];
  const options = {
    pageDir: path.join(out, 'page'),
    appDir: path.join(out, 'app'),
    callRuns: count('call-runs'),
    runs: count('runs'),
    baselineRuns: count('baseline-runs', 0),
    presets,
  };
  const only = String(values.only);
  if (only !== 'all' && only !== 'runtimes') throw new Error(`--only must be all or runtimes, got ${only}`);
  const { card, file } = readModelCard(modelsDir, MODEL);
  const channels = PRIORS[MODEL].channels;
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  log('onnxruntime-node per-call timings');
  const node = [
    ...(await nodeCallTimes(file, 'model', channels, options.callRuns, BATCHES)),
    ...(await nodeCallTimes(SKELETON.file, 'conv skeleton', channels, options.callRuns, BATCHES)),
  ];
  log(`building the bench page (the app worker${only === 'all' ? ') and the app' : ')'} with Vite`);
  mkdirSync(out, { recursive: true });
  await buildBenchPage(options.pageDir, modelsDir);
  copyFileSync(SKELETON.file, path.join(options.pageDir, 'models', `${SKELETON.name}.onnx`));
  const browser = await chromium.launch({ executablePath: String(values.chromium), headless: true });
  const compareRuntimes = async () => {
    const runtimes = await runtimeBench(
      browser,
      options.pageDir,
      [
        { graph: 'model', file, name: MODEL },
        { graph: 'conv skeleton', file: SKELETON.file, name: SKELETON.name },
      ],
      { callRuns: options.callRuns, channels, architecture: architectureFromCard(card) },
      log,
    );
    const comparison: RuntimeComparison = {
      command,
      machine: machineDescription(),
      loadAverage: os.loadavg(),
      callRuns: options.callRuns,
      crossOriginIsolated: runtimes.crossOriginIsolated,
      node: node.map(({ graph, threads, batch, ms }) => ({ graph, threads, batch, ms })),
      rows: runtimes.rows,
    };
    const markdown = runtimeComparisonMarkdown(comparison);
    writeFileSync(path.join(out, 'runtimes.json'), `${JSON.stringify(comparison, null, 2)}\n`);
    writeFileSync(path.join(out, 'runtimes.md'), markdown);
    return markdown;
  };
  if (only === 'runtimes') {
    try {
      process.stdout.write(`${await compareRuntimes()}\n`);
    } finally {
      await browser.close();
    }
    log(`done; tables in ${path.join(out, 'runtimes.md')}`);
    return 0;
  }
  const [first] = await readImageSet(String(values.images), { limit: 1, channels, resolution: SIZE });
  log(`counting FLOPs of ${file}`);
  const { flops } = await countFlops(file, { n: 1, c: channels, h: SIZE, w: SIZE });
  await buildApp(options.appDir, modelsDir);
  const source = { name: MODEL, ...fileChecksums(file), channels, resolution: SIZE };
  let results: BenchResults;
  let runtimesMarkdown: string;
  try {
    log('browser runtimes compared');
    runtimesMarkdown = await compareRuntimes();
    log(`model load × ${options.runs} (fresh browser contexts)`);
    const loads = await loadBench(browser, options.pageDir, source, options.runs);
    const calls = await browserBench(browser, options, source, toSignedRange(first.image).data, log);
    const app = await appBench(
      browser,
      options.appDir,
      { name: path.basename(first.name).replace(/\.\w+$/, '.png'), png: encodePng(first.image) },
      TASKS,
      options.runs,
      log,
    );
    log(`first screen × ${options.runs} (fresh browser contexts)`);
    const firstScreenMs = await firstScreenBench(browser, options.appDir, options.runs);
    results = { flopsPerImage: flops, node, browser: calls, loads, app, firstScreenMs };
  } finally {
    await browser.close();
  }
  const markdown = report(command, results, options);
  process.stdout.write(`${markdown}\n${runtimesMarkdown}\n`);
  writeFileSync(path.join(out, 'bench.md'), markdown);
  writeFileSync(path.join(out, 'bench.json'), `${JSON.stringify({ image: first.name, ...results }, null, 2)}\n`);
  log(`done; tables in ${path.join(out, 'bench.md')} and ${path.join(out, 'runtimes.md')}`);
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
