// What crosses the worker boundary (types only). Callbacks are comlink proxies; image buffers are transferred.
import type { BackendInfo } from './backend';

export interface ModelSource {
  name: string;
  /** Absolute URL of the .onnx file on our own origin. */
  url: string;
  /** Changes whenever the model file changes (a hash of its card): keys the Cache API entry. */
  version: string;
  channels: number;
  /** Native resolution: the warm-up call runs at this size. */
  resolution: number;
}

export type LoadPhase = 'download' | 'compile' | 'warm-up';

export interface LoadProgress {
  phase: LoadPhase;
  loadedBytes: number;
  totalBytes: number | undefined;
  fromCache: boolean;
}

export interface LoadedModel {
  name: string;
  backend: BackendInfo;
  fromCache: boolean;
  bytes: number;
  loadMs: number;
  warmUpMs: number;
}

export interface WorkerStats {
  /** ORT tensors created and not yet disposed (0 between requests). */
  liveTensors: number;
  denoiserCalls: number;
  queued: number;
}
