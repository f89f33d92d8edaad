// The browser side of `npm run bench`: the app's own solver worker (onnxruntime-web inside a Web Worker), driven
// from the page with timings taken by performance.now(); and the runtime comparison's workers (runtimes.worker.ts).
// Exposed as window.dpBench for playwright.
import { proxy } from 'comlink';
import type { ModelSource, RunEvent, RunRequest } from '../../worker/api';
import { solverWorker } from '../../worker/client';
import type { RuntimeRequest, RuntimeResult } from '../runtimes';

let nextId = 0;
const requestId = () => `bench${++nextId}`;

/** A runtime worker's result as it crosses to Node (JSON): outputs as base64 of their float32 bytes. */
export type RuntimeResultJson = Omit<RuntimeResult, 'calls'> & {
  calls: (Omit<RuntimeResult['calls'][number], 'output'> & { output: string })[];
};

function base64(data: Float32Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export interface SweepTiming {
  /** From the request to the end of the run (every point streamed). */
  totalMs: number;
  /** From the request to the first point (x_MAP for MAP-RPS: its t0 = 0 point comes first). */
  firstPointMs: number;
  nfe: number;
  points: { knob: number; psnr: number; patchSwd: number }[];
}

const bench = {
  backend: () => solverWorker().backend(),

  async load(source: ModelSource) {
    return solverWorker().loadModel(
      requestId(),
      source,
      proxy(() => {}),
    );
  },

  /** Wall time of `runs` single denoiser calls at batch `n` (after one warm-up call), in ms. */
  async perCall(source: ModelSource, n: number, size: number, runs: number): Promise<number[]> {
    const worker = solverWorker();
    const { channels: c } = source;
    const x = () => ({ n, c, h: size, w: size, data: new Float32Array(n * c * size * size).fill(0.1) });
    const sigma = () => new Float32Array(n).fill(0.5);
    await worker.denoise(requestId(), { kind: 'onnx', model: source }, x(), sigma());
    const times: number[] = [];
    for (let k = 0; k < runs; k++) {
      const input = x();
      const s = sigma();
      const started = performance.now();
      await worker.denoise(requestId(), { kind: 'onnx', model: source }, input, s);
      times.push(performance.now() - started);
    }
    return times;
  },

  /** One runtime at one thread count, in a fresh worker that is ended afterwards (runtimes.worker.ts). */
  async compareRuntime(request: RuntimeRequest): Promise<RuntimeResultJson> {
    const worker = new Worker(new URL('./runtimes.worker.ts', import.meta.url), { type: 'module' });
    try {
      const reply = await new Promise<{ result?: RuntimeResult; error?: string }>((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(`runtime worker failed: ${event.message}`));
        worker.postMessage(request);
      });
      if (!reply.result) throw new Error(`${request.runtime}, ${request.threads} threads: ${reply.error}`);
      const { calls, ...rest } = reply.result;
      return { ...rest, calls: calls.map((call) => ({ ...call, output: base64(call.output) })) };
    } finally {
      worker.terminate();
    }
  },

  /** One run of the app's solver (plain arrays in, since playwright passes JSON). */
  async run(request: Omit<RunRequest, 'truth' | 'y'> & { truth: number[]; y: number[] }): Promise<SweepTiming> {
    const points: SweepTiming['points'] = [];
    let firstPointMs = Number.NaN;
    const started = performance.now();
    const summary = await solverWorker().run(
      requestId(),
      { ...request, truth: Float32Array.from(request.truth), y: Float32Array.from(request.y) },
      proxy((event: RunEvent) => {
        if (event.type !== 'point') return;
        if (points.length === 0) firstPointMs = performance.now() - started;
        points.push({ knob: event.point.knob, psnr: event.point.metrics.psnr, patchSwd: event.point.metrics.patchSwd });
      }),
    );
    return { totalMs: performance.now() - started, firstPointMs, nfe: summary.nfe, points };
  },
};

export type DpBench = typeof bench;
(globalThis as unknown as { dpBench: DpBench }).dpBench = bench;
