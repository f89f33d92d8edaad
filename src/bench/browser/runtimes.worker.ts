// One browser runtime at one thread count, in a Web Worker of its own (as the app's solver worker runs ORT): the
// graphs of the request timed per call at each batch, and the output of the first call of each returned for the
// numerics check. Runtimes fix their thread count when their WebAssembly starts, hence a fresh worker per
// (runtime, threads); the page starts and ends them (page.ts).
import tfjsPlainWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsSimdWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsThreadedSimdWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type * as Ort from 'onnxruntime-web';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import ortNextWasmUrl from 'onnxruntime-web-next/ort-wasm-simd-threaded.wasm?url';
import { createRng } from '../../core/rng';
import { readOnnxWeights } from '../onnxWeights';
import type { RuntimeRequest, RuntimeResult } from '../runtimes';
import { tfjsDenoiser } from '../tfjsUnet';

/** The served .wasm files by what each package calls them (Vite gives them hashed names). */
const WASM_FILES: [string, string][] = [
  [ortWasmUrl, 'ort-wasm-simd-threaded.wasm'],
  [ortNextWasmUrl, 'ort-wasm-simd-threaded.wasm'],
  [tfjsThreadedSimdWasmUrl, 'tfjs-backend-wasm-threaded-simd.wasm'],
  [tfjsSimdWasmUrl, 'tfjs-backend-wasm-simd.wasm'],
  [tfjsPlainWasmUrl, 'tfjs-backend-wasm.wasm'],
];

/** The .wasm binaries this worker fetched (resource timing), by package name. */
function loadedBinaries(): string[] {
  const fetched = performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
  return WASM_FILES.filter(([url]) => fetched.includes(new URL(url, self.location.href).pathname)).map(
    ([, name]) => name,
  );
}

type Call = (x: Float32Array, sigma: Float32Array, n: number) => Promise<Float32Array>;

interface Runtime {
  version: string;
  threadsUsed: number;
  note?: string;
  /** A callable graph from its file's bytes (or its URL, for the tfjs conv skeleton built from constants). */
  open(
    graph: RuntimeRequest['graphs'][number],
    bytes: () => Promise<Uint8Array>,
  ): Promise<{ call: Call; close(): void }>;
}

async function ortRuntime(request: RuntimeRequest): Promise<Runtime> {
  const next = request.runtime === 'onnxruntime-web-next';
  // The same build the app's worker imports (ort.wasm bundle: the CPU EP only), each with its own .wasm.
  const ort = (next ? await import('onnxruntime-web-next/wasm') : await import('onnxruntime-web/wasm')) as typeof Ort;
  ort.env.wasm.wasmPaths = { wasm: next ? ortNextWasmUrl : ortWasmUrl };
  ort.env.wasm.numThreads = request.threads;
  ort.env.logLevel = 'error';
  return {
    version: ort.env.versions.web ?? 'unknown',
    // ORT lowers numThreads to 1 where threads are impossible (no cross-origin isolation); read after a session.
    get threadsUsed() {
      return ort.env.wasm.numThreads ?? 1;
    },
    async open(_graph, bytes) {
      const session = await ort.InferenceSession.create(await bytes(), {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
      });
      const { channels, size } = request;
      return {
        async call(x, sigma, n) {
          const out = await session.run({
            x: new ort.Tensor('float32', x, [n, channels, size, size]),
            sigma: new ort.Tensor('float32', sigma, [n]),
          });
          const data = (out.denoised.data as Float32Array).slice();
          for (const tensor of Object.values(out)) tensor.dispose();
          return data;
        },
        close: () => void session.release(),
      };
    },
  };
}

async function tfjsRuntime(request: RuntimeRequest): Promise<Runtime> {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': tfjsPlainWasmUrl,
    'tfjs-backend-wasm-simd.wasm': tfjsSimdWasmUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': tfjsThreadedSimdWasmUrl,
  });
  wasm.setThreadsCount(request.threads);
  // tfjs-backend-wasm caps its XNNPACK threads at navigator.hardwareConcurrency / 2 (it assumes two hardware threads
  // per core, src/cc/backend.cc), so on a 2-core machine it would run 1 thread whatever was asked. To measure the
  // requested count, this worker reports 2 × threads cores to it where the real figure would cap it (stated in the
  // report as `hardwareConcurrencyShown`).
  const cores = navigator.hardwareConcurrency;
  const shown = Math.floor(cores / 2) < request.threads ? 2 * request.threads : undefined;
  if (shown !== undefined)
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: shown, configurable: true });
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  await tf.ready();
  return {
    version: wasm.version_wasm,
    threadsUsed: wasm.getThreadsCount(),
    note:
      shown === undefined
        ? undefined
        : `navigator.hardwareConcurrency ${cores} shown to tfjs as ${shown} (it caps threads at half of it)`,
    async open(graph, bytes) {
      const source =
        graph.graph === 'model'
          ? { kind: 'model' as const, weights: readOnnxWeights(await bytes()) }
          : { kind: 'conv skeleton' as const };
      const net = tfjsDenoiser(tf, request.architecture, source);
      return {
        call: (x, sigma, n) => net.denoise(x, sigma, n, request.size),
        close: () => net.dispose(),
      };
    },
  };
}

async function measure(request: RuntimeRequest): Promise<RuntimeResult> {
  const runtime = request.runtime === 'tfjs-wasm' ? await tfjsRuntime(request) : await ortRuntime(request);
  const calls: RuntimeResult['calls'] = [];
  const { channels, size } = request;
  for (const graph of request.graphs) {
    const bytes = async () => new Uint8Array(await (await fetch(graph.url)).arrayBuffer());
    const opened = await runtime.open(graph, bytes);
    try {
      for (const batch of request.batches) {
        // The inputs of onnxruntime-node's reference run (bench.ts): x ~ N(0, 1) from seed 1, σ = 0.5.
        const x = createRng(1).fillNormal(new Float32Array(batch * channels * size * size));
        const sigma = new Float32Array(batch).fill(0.5);
        const output = await opened.call(x, sigma, batch); // the first call is slower (allocations): warm-up
        const times: number[] = [];
        for (let k = 0; k < request.runs; k++) {
          const started = performance.now();
          await opened.call(x.slice(), sigma.slice(), batch);
          times.push(performance.now() - started);
        }
        calls.push({ graph: graph.graph, batch, times, output });
      }
    } finally {
      opened.close();
    }
  }
  return {
    runtime: request.runtime,
    version: runtime.version,
    threads: request.threads,
    threadsUsed: runtime.threadsUsed,
    binaries: loadedBinaries(),
    ...(runtime.note ? { note: runtime.note } : {}),
    crossOriginIsolated: self.crossOriginIsolated,
    calls,
  };
}

self.onmessage = (event: MessageEvent<RuntimeRequest>) => {
  measure(event.data).then(
    (result) => self.postMessage({ result }),
    (error: unknown) => self.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
};
