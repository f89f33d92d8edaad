// The one place solvers call the denoiser: batching, NFE counting, cancellation and output checks.
import type { Denoiser } from '../denoiser';
import { formatShape, type Shape, shapeSize } from '../tensor';

/** The error a cancelled solve rejects with: the signal's reason, or an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The solve was aborted', 'AbortError');
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

export class DenoiserCalls {
  /** Denoiser invocations so far; a batched call counts once (the NFE of the papers when batch = 1). */
  calls = 0;
  /** Images evaluated so far (the sum of batch sizes). */
  images = 0;
  private readonly size: number;

  constructor(
    private readonly denoiser: Denoiser,
    private readonly shape: Shape,
    private readonly signal?: AbortSignal,
  ) {
    this.size = shapeSize(shape);
  }

  /** D(x_i, σ_i) for every item, in one batched call; rejects at once if the solve was aborted. */
  async denoise(inputs: readonly Float32Array[], sigmas: readonly number[]): Promise<Float32Array[]> {
    throwIfAborted(this.signal);
    if (inputs.length !== sigmas.length) throw new Error(`${inputs.length} images but ${sigmas.length} noise levels`);
    const n = inputs.length;
    const data = new Float32Array(n * this.size);
    inputs.forEach((x, i) => {
      if (x.length !== this.size) throw new Error(`solver state has length ${x.length}, expected ${this.size}`);
      data.set(x, i * this.size);
    });
    const out = await this.denoiser({ n, ...this.shape, data }, Float32Array.from(sigmas), this.signal);
    throwIfAborted(this.signal);
    if (out.length !== n * this.size) {
      throw new Error(`denoiser returned ${out.length} values for ${n} images of ${formatShape(this.shape)}`);
    }
    const bad = out.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const item = Math.floor(bad / this.size);
      throw new Error(`denoiser returned a non-finite value (${out[bad]}) for batch item ${item} at σ=${sigmas[item]}`);
    }
    this.calls += 1;
    this.images += n;
    return inputs.map((_, i) => out.slice(i * this.size, (i + 1) * this.size));
  }
}
