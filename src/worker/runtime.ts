// The worker-side API: model loading, a request queue, cancellation by request id, solves that stream results.
import { transfer } from 'comlink';
import type { LoadedModel, LoadProgress, ModelSource, WorkerStats } from './api';
import type { BackendInfo } from './backend';
import { ModelRegistry } from './models';
import { liveTensorCount } from './ortRuntime';
import { TaskQueue } from './taskQueue';

export class SolverRuntime {
  private readonly models = new ModelRegistry();
  private readonly queue = new TaskQueue();
  private denoiserCalls = 0;

  backend(): Promise<BackendInfo> {
    return this.models.backendInfo();
  }

  loadModel(
    requestId: string,
    source: ModelSource,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<LoadedModel> {
    return this.queue.run(requestId, () => this.models.load(source, onProgress));
  }

  /** One denoiser call (diagnostics and benchmarks). */
  denoise(
    requestId: string,
    source: ModelSource,
    x: { n: number; c: number; h: number; w: number; data: Float32Array },
    sigma: Float32Array,
  ): Promise<Float32Array> {
    return this.queue.run(requestId, async (signal) => {
      const denoiser = await this.models.denoiser(source);
      this.denoiserCalls++;
      const out = await denoiser(x, sigma, signal);
      return transfer(out, [out.buffer]);
    });
  }

  cancel(requestId: string): boolean {
    return this.queue.cancel(requestId);
  }

  stats(): WorkerStats {
    return { liveTensors: liveTensorCount(), denoiserCalls: this.denoiserCalls, queued: this.queue.size };
  }
}
