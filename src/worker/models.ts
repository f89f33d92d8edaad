// The worker's loaded models: download (cached), create the ORT session once per model, warm it up with one call.
import type { Denoiser } from '../core/denoiser';
import type { LoadedModel, LoadProgress, ModelSource } from './api';
import { type BackendInfo, chooseBackend } from './backend';
import { fetchModelBytes, ModelLoadError } from './modelFetch';
import { createSession, onnxDenoiser, startRuntime } from './ortRuntime';

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

  /** Loads once per name and version; a failed load is forgotten so that it can be retried. */
  load(source: ModelSource, onProgress: (progress: LoadProgress) => void): Promise<LoadedModel> {
    const key = `${source.name}@${source.version}`;
    let entry = this.loaded.get(key);
    if (!entry) {
      entry = this.create(source, onProgress);
      this.loaded.set(key, entry);
      entry.catch(() => this.loaded.delete(key));
    }
    return entry.then((e) => e.info);
  }

  async denoiser(source: ModelSource): Promise<Denoiser> {
    const entry = this.loaded.get(`${source.name}@${source.version}`);
    if (!entry) throw new ModelLoadError(`model ${source.name} is not loaded`);
    return (await entry).denoiser;
  }

  private async create(source: ModelSource, onProgress: (progress: LoadProgress) => void): Promise<Entry> {
    const started = performance.now();
    const backend = await this.backendInfo();
    const timed = async <T>(work: Promise<T>) => {
      const result = await work;
      return { result, ms: performance.now() - started };
    };
    const [runtime, download] = await Promise.all([
      timed(startRuntime(backend)),
      timed(fetchModelBytes(source.url, source.version, (p) => onProgress({ phase: 'download', ...p }))),
    ]);
    const { bytes, fromCache, stored } = download.result;
    onProgress({ phase: 'compile', loadedBytes: bytes.length, totalBytes: bytes.length, fromCache });
    const sessionStarted = performance.now();
    const denoiser = onnxDenoiser(await createSession(runtime.result, bytes, backend));
    onProgress({ phase: 'warm-up', loadedBytes: bytes.length, totalBytes: bytes.length, fromCache });
    const warmUpStarted = performance.now();
    const { channels: c, resolution } = source;
    try {
      await denoiser(
        { n: 1, c, h: resolution, w: resolution, data: new Float32Array(c * resolution ** 2) },
        new Float32Array([1]),
      );
    } catch (error) {
      throw new ModelLoadError(`the warm-up call failed (${error instanceof Error ? error.message : error})`);
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
