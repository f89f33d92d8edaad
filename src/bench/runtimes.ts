// `npm run bench`'s browser-runtime comparison (issue 16): faces64 and its conv skeleton timed per call in headless
// Chromium in onnxruntime-web (the app's version and the next one, side by side) and in tfjs-backend-wasm (XNNPACK)
// running the same network from the same weights (src/bench/tfjsUnet.ts), at 1 and 2 threads, batch 1 and 8, each
// output checked against onnxruntime-node's. This module holds the types the bench, its page and its worker share,
// and the pure report: the table and the decision, both computed from the numbers (resultsDoc.ts prints them again
// from runtimes.json).
import type { UnetArchitecture } from './tfjsUnet';

export type RuntimeId = 'onnxruntime-web' | 'onnxruntime-web-next' | 'tfjs-wasm';
export type RuntimeGraph = 'model' | 'conv skeleton';

export const RUNTIMES: readonly RuntimeId[] = ['onnxruntime-web', 'onnxruntime-web-next', 'tfjs-wasm'];

/** The decision rule: a runtime this much faster per call than the app's ORT-web for the whole model, at
 * `DECISION.threads` threads and every batch of `DECISION.batches`, with outputs within `maxAbsDiff` of
 * onnxruntime-node's, should become a backend of the worker. */
export const DECISION = { speedup: 1.5, threads: 2, batches: [1, 8], maxAbsDiff: 1e-3 } as const;

/** What the page asks one runtime worker to measure. */
export interface RuntimeRequest {
  runtime: RuntimeId;
  threads: number;
  graphs: { graph: RuntimeGraph; url: string }[];
  batches: number[];
  runs: number;
  channels: number;
  size: number;
  architecture: UnetArchitecture;
}

export interface RuntimeResult {
  runtime: RuntimeId;
  version: string;
  threads: number;
  /** The threads the runtime reports it runs with. */
  threadsUsed: number;
  /** The .wasm files the worker fetched. */
  binaries: string[];
  /** Anything done to the runtime's environment to run the requested threads. */
  note?: string;
  crossOriginIsolated: boolean;
  /** Per graph and batch: ms per call of the timed calls, and the output of the warm-up call. */
  calls: { graph: RuntimeGraph; batch: number; times: number[]; output: Float32Array }[];
}

/** One graph and batch of a runtime's result: the run's description with the median time and the numerics. */
export type RuntimeRow = Pick<
  RuntimeResult,
  'runtime' | 'version' | 'threads' | 'threadsUsed' | 'binaries' | 'note'
> & {
  graph: RuntimeGraph;
  batch: number;
  /** Median ms per call. */
  ms: number;
  /** Max |output − onnxruntime-node's output| over the batch. */
  maxAbsDiff: number;
};

/** runtimes.json: one comparison run. */
export interface RuntimeComparison {
  command: string;
  machine: string;
  loadAverage: number[];
  callRuns: number;
  crossOriginIsolated: boolean;
  /** onnxruntime-node on the same inputs (the numerics reference), ms per call. */
  node: { graph: RuntimeGraph; threads: number; batch: number; ms: number }[];
  rows: RuntimeRow[];
}

export function runtimeLabel(row: Pick<RuntimeRow, 'runtime' | 'version'>): string {
  return row.runtime === 'tfjs-wasm' ? `tfjs-backend-wasm ${row.version}` : `onnxruntime-web ${row.version}`;
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`outputs of ${a.length} and ${b.length} values`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

const find = (c: RuntimeComparison, runtime: RuntimeId, graph: RuntimeGraph, threads: number, batch: number) =>
  c.rows.find((r) => r.runtime === runtime && r.graph === graph && r.threads === threads && r.batch === batch);

export interface RuntimeVerdict {
  runtime: RuntimeId;
  label: string;
  /** ORT-web's ms / this runtime's ms, whole model, DECISION.threads threads, per batch of DECISION.batches. */
  speedups: { batch: number; speedup: number }[];
  maxAbsDiff: number;
  qualifies: boolean;
}

/** Each other runtime against the app's onnxruntime-web by the decision rule, and the sentence that states it. */
export function runtimeDecision(c: RuntimeComparison): { verdicts: RuntimeVerdict[]; sentence: string } {
  const { speedup: needed, threads, batches, maxAbsDiff } = DECISION;
  const base = c.rows.find((r) => r.runtime === 'onnxruntime-web');
  const verdicts = RUNTIMES.filter((runtime) => runtime !== 'onnxruntime-web').flatMap((runtime) => {
    const any = c.rows.find((r) => r.runtime === runtime);
    if (!any) return [];
    const speedups = batches.map((batch) => {
      const ours = find(c, 'onnxruntime-web', 'model', threads, batch)?.ms ?? Number.NaN;
      const theirs = find(c, runtime, 'model', threads, batch)?.ms ?? Number.NaN;
      return { batch, speedup: ours / theirs };
    });
    const diffs = c.rows.filter((r) => r.runtime === runtime && r.graph === 'model').map((r) => r.maxAbsDiff);
    const worst = diffs.length ? Math.max(...diffs) : Number.NaN;
    const fast = speedups.every((s) => s.speedup >= needed);
    return [{ runtime, label: runtimeLabel(any), speedups, maxAbsDiff: worst, qualifies: fast && worst <= maxAbsDiff }];
  });
  const baseLabel = base ? runtimeLabel(base) : 'onnxruntime-web';
  const x = (v: number) => `${v.toFixed(2)}×`;
  const speeds = (v: RuntimeVerdict) => v.speedups.map((s) => `${x(s.speedup)} at batch ${s.batch}`).join(', ');
  const rule = `the rule: ≥ ${needed}× faster per call than ${baseLabel} for the whole faces64 graph at ${threads} threads, batch ${batches.join(' and ')}, with outputs within ${maxAbsDiff} of onnxruntime-node's`;
  const winners = verdicts.filter((v) => v.qualifies);
  if (verdicts.length === 0) return { verdicts, sentence: `No other runtime was measured: keep ${baseLabel}.` };
  if (winners.length > 0) {
    const best = winners.reduce((a, b) =>
      Math.min(...b.speedups.map((s) => s.speedup)) > Math.min(...a.speedups.map((s) => s.speedup)) ? b : a,
    );
    const action =
      best.runtime === 'onnxruntime-web-next'
        ? `the app should move to ${best.label}`
        : `${best.label} should become a backend of the worker beside onnxruntime-web (a separate integration, not done here)`;
    return {
      verdicts,
      sentence: `Decision: ${action}: its speed-up over ${baseLabel} is ${speeds(best)} (max abs difference ${best.maxAbsDiff.toExponential(1)}), which meets ${rule}.`,
    };
  }
  const reasons = verdicts.map((v) => {
    const slow = v.speedups.some((s) => !(s.speedup >= needed));
    const off = !(v.maxAbsDiff <= maxAbsDiff);
    const why = [slow ? `speed-up ${speeds(v)}` : '', off ? `max abs difference ${v.maxAbsDiff.toExponential(1)}` : '']
      .filter(Boolean)
      .join('; ');
    return `${v.label}: ${why}`;
  });
  return {
    verdicts,
    sentence: `Decision: keep ${baseLabel}: no runtime meets ${rule} (${reasons.join('; ')}).`,
  };
}

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

/** The Markdown section: how it was measured, the table, which binaries and threads ran, and the decision. */
export function runtimeComparisonMarkdown(c: RuntimeComparison, heading = '###'): string {
  const nodeMs = (graph: RuntimeGraph, threads: number, batch: number) =>
    c.node.find((n) => n.graph === graph && n.threads === threads && n.batch === batch)?.ms ?? Number.NaN;
  const rows = [...c.rows]
    .sort((a, b) => a.graph.localeCompare(b.graph) * -1 || a.threads - b.threads || a.batch - b.batch)
    .map((r) => {
      const base = find(c, 'onnxruntime-web', r.graph, r.threads, r.batch)?.ms ?? Number.NaN;
      return [
        r.graph,
        runtimeLabel(r),
        r.threadsUsed === r.threads ? String(r.threads) : `${r.threads} (ran ${r.threadsUsed})`,
        String(r.batch),
        fmt(r.ms),
        fmt(r.ms / r.batch),
        r.runtime === 'onnxruntime-web' ? '1.00' : fmt(base / r.ms, 2),
        fmt(r.ms / nodeMs(r.graph, r.threads, r.batch), 2),
        r.maxAbsDiff.toExponential(1),
      ];
    });
  const binaries = [...new Map(c.rows.map((r) => [`${r.runtime} ${r.threads}`, r])).values()].map(
    (r) =>
      `${runtimeLabel(r)}, ${r.threads} thread${r.threads === 1 ? '' : 's'} asked: ${r.binaries.join(', ') || 'no .wasm fetched'}, runs ${r.threadsUsed}${r.note ? ` (${r.note})` : ''}`,
  );
  return [
    `${heading} Browser runtimes compared (issue 16)`,
    '',
    '```',
    c.command,
    '```',
    '',
    `Machine: ${c.machine}; load average at the end ${c.loadAverage.map((l) => l.toFixed(1)).join(', ')} (other work on the machine slows every number here). Headless Chromium, ${c.crossOriginIsolated ? 'cross-origin isolated (COOP/COEP: SharedArrayBuffer, WASM threads)' : 'NOT cross-origin isolated (no WASM threads)'}; each runtime in a Web Worker of its own per thread count. Times: median of ${c.callRuns} calls after one warm-up, each call from the input Float32Array to the output Float32Array in the worker (NCHW in and out, as the app's denoiser interface; tfjs transposes to and from its NHWC inside). Inputs: x ~ N(0, 1) (seed 1), σ = 0.5, 64×64. tfjs runs faces64's network rebuilt in tfjs ops (\`src/bench/tfjsUnet.ts\`) with the weights read from the ONNX file, and the conv skeleton with its constant weights. Max abs diff: against onnxruntime-node's output on the same input.`,
    '',
    table(
      [
        'graph',
        'runtime',
        'threads',
        'batch',
        'ms / call',
        'ms / image',
        'speed-up vs ORT-web',
        'browser / Node',
        'max abs diff',
      ],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    `WebAssembly binaries fetched and threads in use: ${binaries.join('; ')}.`,
    '',
    runtimeDecision(c).sentence,
    '',
  ].join('\n');
}
