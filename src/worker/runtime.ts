// The worker-side API: model loading, a request queue, cancellation by request id, solves that stream results.
import { releaseProxy, type Remote, transfer } from 'comlink';
import { MapEstimateCache } from '../app/mapEstimateCache';
import type { Denoiser } from '../core/denoiser';
import { type GaussianPrior, gaussianDenoiser, gaussianPrior } from '../core/sandbox';
import type { Batch } from '../core/tensor';
import type {
  LoadedModel,
  LoadProgress,
  ModelSource,
  PriorSource,
  RunEvent,
  RunRequest,
  RunSummary,
  TraceRequest,
  TraceResult,
  WorkerStats,
} from './api';
import type { BackendInfo } from './backend';
import { ModelRegistry } from './models';
import { liveTensorCount } from './ortRuntime';
import { SolverNaNError, solveRequest, traceRequest } from './solve';
import { TaskQueue } from './taskQueue';
import { yieldToEventLoop } from './yield';

/** x_MAP estimates kept between requests (one per inputs and seed, each with its y: ≈ 3 MB at 64×64×3). */
const MAP_CACHE_SIZE = 32;

/** Progress events are sent at most this often; the preview image rides along. */
const PROGRESS_INTERVAL_MS = 80;

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * Closes the message channel of a callback the UI passed as a comlink proxy once a request is over (queued messages
 * are delivered first), instead of waiting for the garbage collector's finalizer to do it.
 */
function release(callback: unknown): void {
  (callback as Partial<Remote<() => void>>)[releaseProxy]?.();
}

export class SolverRuntime {
  private readonly models = new ModelRegistry();
  private readonly queue = new TaskQueue();
  private readonly sandboxes = new Map<string, GaussianPrior>();
  private readonly mapEstimates = new MapEstimateCache(MAP_CACHE_SIZE);
  private denoiserCalls = 0;

  backend(): Promise<BackendInfo> {
    return this.models.backendInfo();
  }

  loadModel(
    requestId: string,
    source: ModelSource,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<LoadedModel> {
    return this.queue
      .run(requestId, (signal) => this.models.load(source, onProgress, signal))
      .finally(() => release(onProgress));
  }

  /** One denoiser call (diagnostics and benchmarks). */
  denoise(requestId: string, prior: PriorSource, x: Batch, sigma: Float32Array): Promise<Float32Array> {
    return this.queue.run(requestId, async (signal) => {
      const denoiser = await this.denoiserFor(prior, x);
      const out = await this.counted(denoiser, signal).call(x, sigma, signal);
      return transfer(out, [out.buffer]);
    });
  }

  /**
   * Solves `request`, streaming progress (with a live x0 preview) and every finished point through `onEvent`.
   * A cancelled run resolves with `cancelled` and the number of denoiser calls that ran after the cancel arrived.
   */
  run(requestId: string, request: RunRequest, onEvent: (event: RunEvent) => void): Promise<RunSummary> {
    return this.queue
      .run(requestId, async (signal) => {
        const started = performance.now();
        const sandbox = request.prior.kind === 'sandbox' ? this.sandbox(request.shape) : undefined;
        const denoiser = this.counted(await this.denoiserFor(request.prior, request.shape), signal);
        let lastProgress = 0;
        try {
          const nfe = await solveRequest(request, denoiser.call, sandbox, this.mapEstimates, {
            signal,
            onProgress: (progress) => {
              const now = performance.now();
              if (now - lastProgress < PROGRESS_INTERVAL_MS && progress.nfe < progress.nfeTotal) return;
              lastProgress = now;
              const preview = progress.preview.slice();
              onEvent(transfer({ type: 'progress', ...progress, preview }, [preview.buffer]));
            },
            onPoint: (point) => {
              const image = point.image.slice();
              onEvent(transfer({ type: 'point', point: { ...point, image } }, [image.buffer]));
            },
          });
          return { nfe, ms: performance.now() - started };
        } catch (error) {
          if (signal.aborted && isAbort(error)) {
            return {
              nfe: denoiser.calls(),
              ms: performance.now() - started,
              callsAfterCancel: denoiser.callsAfterAbort(),
            };
          }
          if (error instanceof SolverNaNError || /non-finite/.test(String(error))) {
            throw new Error(
              `The solver produced NaN or infinite values and was stopped (${(error as Error).message}).`,
              {
                cause: error,
              },
            );
          }
          throw error;
        }
      })
      .finally(() => release(onEvent));
  }

  /** Reruns one slider position with evenly spaced snapshots (bounded memory); the images are transferred. */
  trace(requestId: string, request: TraceRequest): Promise<TraceResult> {
    return this.queue.run(requestId, async (signal) => {
      const started = performance.now();
      const denoiser = this.counted(await this.denoiserFor(request.prior, request.shape), signal);
      const { steps, nfe } = await traceRequest(request, denoiser.call, signal);
      const buffers = steps.flatMap((step) => [step.xt.buffer, step.x0.buffer]);
      return transfer({ steps, nfe, ms: performance.now() - started }, buffers);
    });
  }

  cancel(requestId: string): boolean {
    return this.queue.cancel(requestId);
  }

  stats(): WorkerStats {
    return { liveTensors: liveTensorCount(), denoiserCalls: this.denoiserCalls, queued: this.queue.size };
  }

  private sandbox(shape: { c: number; h: number; w: number }): GaussianPrior {
    const key = `${shape.c}x${shape.h}x${shape.w}`;
    let prior = this.sandboxes.get(key);
    if (!prior) {
      prior = gaussianPrior(shape);
      this.sandboxes.set(key, prior);
    }
    return prior;
  }

  private async denoiserFor(prior: PriorSource, shape: { c: number; h: number; w: number }): Promise<Denoiser> {
    return prior.kind === 'sandbox' ? gaussianDenoiser(this.sandbox(shape)) : this.models.denoiser(prior.model);
  }

  /**
   * Wraps a denoiser: yields to the event loop before every call (so a cancel message is handled between calls),
   * counts calls, and counts those that complete after the signal aborted (at most the one in flight).
   */
  private counted(denoiser: Denoiser, signal: AbortSignal) {
    let calls = 0;
    let callsAtAbort: number | undefined;
    signal.addEventListener('abort', () => {
      callsAtAbort = calls;
    });
    const call: Denoiser = async (x, sigma, callSignal) => {
      await yieldToEventLoop();
      signal.throwIfAborted();
      const out = await denoiser(x, sigma, callSignal);
      calls++;
      this.denoiserCalls++;
      return out;
    };
    return {
      call,
      calls: () => calls,
      callsAfterAbort: () => (callsAtAbort === undefined ? 0 : calls - callsAtAbort),
    };
  }
}
