// The worker's loaded models: download (cached, checked against the card), create the ORT session once per model,
// warm it up with one call. A load that fails or is cancelled releases what it created, so the next one starts clean.
import type { Denoiser } from '../core/denoiser';
import type { LoadedModel, LoadProgress, ModelSource } from './api';
import { type BackendInfo, chooseBackend } from './backend';
import { fetchModelBytes, ModelLoadError, RuntimeFailure } from './modelFetch';
import { createSession, type OnnxModel, onnxDenoiser, startRuntime } from './ortRuntime';

interface Entry {
  info: LoadedModel;
  denoiser: Denoiser;
}

export class ModelRegistry {
  private backend: Promise<BackendInfo> | undefined;
  private readonly loaded = new Map<string, Promise<Entry>>();

  backendInfo(): Promise<BackendInfo> {
    this.backend ??= chooseBackend({
      gpu: (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      hardwareConcurrency: navigator.hardwareConcurrency,
    });
    return this.backend;
  }

  /** Loads once per name and content; a failed or cancelled load is forgotten so that it can be retried. */
  load(source: ModelSource, onProgress: (progress: LoadProgress) => void, signal?: AbortSignal): Promise<LoadedModel> {
    const key = modelKey(source);
    let entry = this.loaded.get(key);
    if (!entry) {
      entry = this.create(source, onProgress, signal);
      this.loaded.set(key, entry);
      entry.catch(() => this.loaded.delete(key));
    }
    return entry.then((e) => e.info);
  }

  async denoiser(source: ModelSource): Promise<Denoiser> {
    const entry = this.loaded.get(modelKey(source));
    if (!entry) throw new ModelLoadError(`model ${source.name} is not loaded`);
    return (await entry).denoiser;
  }

  private async create(
    source: ModelSource,
    onProgress: (progress: LoadProgress) => void,
    signal?: AbortSignal,
  ): Promise<Entry> {
    const started = performance.now();
    const backend = await this.backendInfo();
    const timed = async <T>(work: Promise<T>) => {
      const result = await work;
      return { result, ms: performance.now() - started };
    };
    const expected = { bytes: source.bytes, sha256: source.sha256 };
    const [runtime, download] = await Promise.all([
      timed(startRuntime(backend)),
      timed(fetchModelBytes(source.url, expected, (p) => onProgress({ phase: 'download', ...p }), signal)),
    ]);
    signal?.throwIfAborted();
    const { bytes, fromCache, stored } = download.result;
    onProgress({ phase: 'compile', loadedBytes: bytes.length, totalBytes: bytes.length, fromCache });
    const sessionStarted = performance.now();
    const model = await createSession(runtime.result, bytes, backend);
    const denoiser = onnxDenoiser(model);
    const warmUpStarted = performance.now();
    try {
      signal?.throwIfAborted();
      onProgress({ phase: 'warm-up', loadedBytes: bytes.length, totalBytes: bytes.length, fromCache });
      await warmUp(denoiser, source);
      signal?.throwIfAborted();
    } catch (error) {
      await release(model); // a session that failed its warm-up, or that nobody waits for any more
      throw error;
    }
    const warmedUp = performance.now();
    await stored;
    return {
      denoiser,
      info: {
        name: source.name,
        backend,
        fromCache,
        bytes: bytes.length,
        loadMs: performance.now() - started,
        phases: {
          runtimeMs: runtime.ms,
          bytesMs: download.ms,
          sessionMs: warmUpStarted - sessionStarted,
          warmUpMs: warmedUp - warmUpStarted,
        },
      },
    };
  }
}

const modelKey = (source: ModelSource) => `${source.name}@${source.sha256}`;

/** One call at the native size: the first call of a session is slow (kernels chosen, buffers allocated). */
async function warmUp(denoiser: Denoiser, { channels: c, resolution }: ModelSource): Promise<void> {
  try {
    await denoiser(
      { n: 1, c, h: resolution, w: resolution, data: new Float32Array(c * resolution ** 2) },
      new Float32Array([1]),
    );
  } catch (error) {
    throw new RuntimeFailure(`the warm-up call failed (${error instanceof Error ? error.message : error})`);
  }
}

/** Frees a session that will not be used; a failure to free it does not hide the error that got us here. */
async function release({ session }: OnnxModel): Promise<void> {
  try {
    await session.release();
  } catch {
    // nothing more to free
  }
}
