// What crosses the worker boundary (types only). Callbacks are comlink proxies; image buffers are transferred.
import type { MethodId } from '../app/methods';
import type { DegradationSettings, PresetId } from '../app/settings';
import type { Stage } from '../core/solvers';
import type { Shape } from '../core/tensor';
import type { BackendInfo } from './backend';

export interface ModelSource {
  name: string;
  /** Absolute URL of the .onnx file on our own origin. */
  url: string;
  /**
   * The file's length and SHA-256 (lowercase hex), from its model card: downloaded and cached bytes are checked
   * against them, and the hash keys the Cache API entry (a re-exported model is never served stale).
   */
  bytes: number;
  sha256: string;
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
  /** From the request to the warmed-up session. */
  loadMs: number;
  /** The phases: ORT's runtime and the model bytes load side by side, then the session, then one warm-up call. */
  phases: { runtimeMs: number; bytesMs: number; sessionMs: number; warmUpMs: number };
}

export interface WorkerStats {
  /** ORT tensors created and not yet disposed (0 between requests). */
  liveTensors: number;
  denoiserCalls: number;
  queued: number;
}

export type PriorSource = { kind: 'onnx'; model: ModelSource } | { kind: 'sandbox' };

/** One run: solve the inverse problem for these settings and stream the results. */
export interface RunRequest {
  prior: PriorSource;
  shape: Shape;
  /** Ground truth in [-1,1] (for the metrics only; the solver sees y). */
  truth: Float32Array;
  degradation: DegradationSettings;
  /** Painted mask (1 = missing) for the brush degradation. */
  brush?: Uint8Array;
  y: Float32Array;
  method: MethodId;
  preset: PresetId;
  /** N of the posterior-mean reference (absent: its default). */
  samples?: number;
  seed: number;
  /** Knob values u ∈ [0, 1] to compute. */
  knobs: number[];
}

/** Rerun one slider position and keep evenly spaced steps of it (Inside the diffusion). */
export interface TraceRequest extends Omit<RunRequest, 'knobs'> {
  knob: number;
}

/** One stored step: the state x_t (VP scaling), the x0-estimate and ‖y − A x̂0‖. */
export interface TraceStep {
  stage: Stage;
  xt: Float32Array;
  x0: Float32Array;
  residual: number;
}

export interface TraceResult {
  steps: TraceStep[];
  nfe: number;
  ms: number;
}

export interface PointMetrics {
  psnr: number;
  ssim: number;
  rmse: number;
  patchSwd: number;
  /** Gaussian sandbox only: W2 to the prior per pixel ([0,1] units), estimated from the image's spectrum. */
  w2?: number;
}

export interface PointResult {
  knob: number;
  /** What the knob means ("t0 = 25"). */
  label: string;
  image: Float32Array;
  metrics: PointMetrics;
  /** Denoiser calls this point needs on its own. */
  nfe: number;
  /** Wall time from the start of its run until this point was ready, in ms. */
  ms: number;
}

export type RunEvent =
  | { type: 'progress'; nfe: number; nfeTotal: number; stage: string; preview: Float32Array }
  | { type: 'point'; point: PointResult };

export interface RunSummary {
  nfe: number;
  ms: number;
  /** Set when the run was cancelled: denoiser calls that still completed after the cancel request arrived. */
  callsAfterCancel?: number;
}
