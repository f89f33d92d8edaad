// Which onnxruntime-web execution provider this browser gets: WebGPU when an adapter exists, else WASM with
// threads when the page is cross-origin isolated (SharedArrayBuffer), else single-threaded WASM.

export type BackendKind = 'webgpu' | 'wasm-threads' | 'wasm';

export interface BackendInfo {
  kind: BackendKind;
  threads: number;
  /** What the UI shows, e.g. "WASM, 2 threads (SIMD)". */
  label: string;
  /** Why the faster options were not taken. */
  fallbackReasons: string[];
}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

export interface BackendEnvironment {
  gpu?: GpuLike;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

export const MAX_WASM_THREADS = 4;

async function hasGpuAdapter(gpu: GpuLike | undefined, reasons: string[]): Promise<boolean> {
  if (!gpu) {
    reasons.push('WebGPU unavailable: navigator.gpu is missing');
    return false;
  }
  try {
    if (await gpu.requestAdapter()) return true;
    reasons.push('WebGPU unavailable: navigator.gpu gave no adapter');
  } catch (error) {
    reasons.push(`WebGPU unavailable: requestAdapter failed (${String(error)})`);
  }
  return false;
}

export async function chooseBackend(env: BackendEnvironment): Promise<BackendInfo> {
  const fallbackReasons: string[] = [];
  if (await hasGpuAdapter(env.gpu, fallbackReasons)) {
    return { kind: 'webgpu', threads: 1, label: 'WebGPU', fallbackReasons };
  }
  const threads = Math.max(1, Math.min(MAX_WASM_THREADS, env.hardwareConcurrency || 1));
  if (env.crossOriginIsolated && threads > 1) {
    return { kind: 'wasm-threads', threads, label: `WASM, ${threads} threads (SIMD)`, fallbackReasons };
  }
  fallbackReasons.push(
    env.crossOriginIsolated
      ? 'WASM threads unused: this device reports one core'
      : 'WASM threads unavailable: the page is not cross-origin isolated (the host sends no COOP/COEP headers)',
  );
  return { kind: 'wasm', threads: 1, label: 'WASM, 1 thread (SIMD)', fallbackReasons };
}
