// AdamW (Loshchilov & Hutter 2019) exactly as torch.optim.AdamW updates one tensor, plus cosine learning-rate decay
// (torch CosineAnnealingLR): the optimiser of MAP-RPS stage 1 and of RED-diff.

export interface AdamSettings {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled weight decay (torch AdamW default 0.01; 0 gives plain Adam). */
  weightDecay: number;
}

export const TORCH_ADAMW: AdamSettings = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 };

export class AdamW {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private step = 0;

  constructor(
    private readonly x: Float32Array,
    private readonly settings: AdamSettings,
  ) {
    this.m = new Float32Array(x.length);
    this.v = new Float32Array(x.length);
  }

  /** One update of x (in place) with gradient g and learning rate lr. */
  update(gradient: Float32Array, lr: number): void {
    const { beta1, beta2, epsilon, weightDecay } = this.settings;
    this.step += 1;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    const { x, m, v } = this;
    for (let i = 0; i < x.length; i++) {
      const g = gradient[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      x[i] = x[i] * (1 - lr * weightDecay) - (lr * m[i]) / correction1 / (Math.sqrt(v[i] / correction2) + epsilon);
    }
  }
}

/** Learning rate of iteration k of n under cosine annealing from lrMax to lrMin (k = 0 gives lrMax). */
export function cosineLearningRate(k: number, n: number, lrMax: number, lrMin: number): number {
  return lrMin + ((lrMax - lrMin) * (1 + Math.cos((Math.PI * k) / n))) / 2;
}
