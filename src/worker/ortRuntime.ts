// onnxruntime-web inside the worker: the build that fits the chosen backend, its .wasm served from our own
// origin, one session per model (created once, warmed up), and an ONNX-backed Denoiser over it.
import type * as Ort from 'onnxruntime-web';
import asyncifyWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import cpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { Denoiser } from '../core/denoiser';
import { assertDenoiserInput } from '../core/denoiser';
import type { Batch } from '../core/tensor';
import type { BackendInfo } from './backend';
import { ModelLoadError, RuntimeFailure } from './modelFetch';
import { RUNTIME_PROBE_MODEL } from './runtimeProbe';

type OrtModule = typeof Ort;

let runtime: Promise<OrtModule> | undefined;

/**
 * Imports the ORT build for `backend` (only that build's .wasm is downloaded) and starts its WebAssembly runtime
 * with the probe model, once per worker.
 */
export function startRuntime(backend: BackendInfo): Promise<OrtModule> {
  if (runtime) return runtime;
  runtime = (async () => {
    const ort: OrtModule =
      backend.kind === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
    ort.env.wasm.wasmPaths = { wasm: backend.kind === 'webgpu' ? asyncifyWasmUrl : cpuWasmUrl };
    ort.env.wasm.numThreads = backend.threads;
    ort.env.wasm.simd = true;
    ort.env.logLevel = 'error';
    try {
      const probe = await ort.InferenceSession.create(RUNTIME_PROBE_MODEL, {
        executionProviders: [executionProvider(backend)],
      });
      await probe.release();
    } catch (error) {
      throw new RuntimeFailure(`onnxruntime could not start (${error instanceof Error ? error.message : error})`);
    }
    return ort;
  })();
  // A failed start is forgotten, so that a later load tries again.
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

const executionProvider = (backend: BackendInfo) => (backend.kind === 'webgpu' ? 'webgpu' : 'wasm');

export interface OnnxModel {
  session: Ort.InferenceSession;
  ort: OrtModule;
}

export async function createSession(ort: OrtModule, bytes: Uint8Array, backend: BackendInfo): Promise<OnnxModel> {
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: [executionProvider(backend)],
      graphOptimizationLevel: 'all',
    });
  } catch (error) {
    throw new RuntimeFailure(
      `onnxruntime could not read the model (${error instanceof Error ? error.message : error})`,
    );
  }
  const missing = ['x', 'sigma'].filter((name) => !session.inputNames.includes(name));
  if (missing.length > 0 || !session.outputNames.includes('denoised')) {
    await session.release();
    throw new ModelLoadError(
      `the model must take inputs x, sigma and give output denoised; it has inputs ${session.inputNames.join(', ')} and outputs ${session.outputNames.join(', ')}`,
    );
  }
  return { session, ort };
}

/** ORT tensors created and not yet disposed, across all sessions (the memory test reads it). */
let liveTensors = 0;

export function liveTensorCount(): number {
  return liveTensors;
}

function disposeAll(tensors: Iterable<Ort.Tensor>): void {
  for (const tensor of tensors) {
    tensor.dispose();
    liveTensors--;
  }
}

/** D(x, σ) from the session; every ORT tensor is disposed, so repeated solves keep memory flat. */
export function onnxDenoiser({ session, ort }: OnnxModel): Denoiser {
  return async (x: Batch, sigma: Float32Array, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    assertDenoiserInput(x, sigma);
    const inputs = {
      x: new ort.Tensor('float32', x.data, [x.n, x.c, x.h, x.w]),
      sigma: new ort.Tensor('float32', sigma, [x.n]),
    };
    liveTensors += 2;
    let outputs: Ort.InferenceSession.OnnxValueMapType | undefined;
    try {
      outputs = await session.run(inputs);
      liveTensors += Object.keys(outputs).length;
      // getData copies GPU outputs to the CPU; for CPU outputs it is the tensor's own array.
      return Float32Array.from((await outputs.denoised.getData()) as Float32Array);
    } finally {
      disposeAll(Object.values(inputs));
      disposeAll(Object.values(outputs ?? {}));
    }
  };
}
