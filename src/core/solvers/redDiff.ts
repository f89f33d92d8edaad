// RED-diff (Mardani, Song, Kautz & Vahdat, ICLR 2024; NVlabs/RED-diff algos/reddiff.py): variational MAP over μ.
// μ ← A†y; for t descending from T: x_t = √ᾱ_t μ + √(1−ᾱ_t) ε (fresh ε), one Adam step on the gradient
// −Aᵀ(y − Aμ) + w_t (ε̂(x_t, t) − ε) with w_t = λ·√(1−ᾱ_t)/√ᾱ_t = λσ_t. One denoiser call per step; outputs μ.
import type { Denoiser } from '../denoiser';
import type { Measurement } from '../operators';
import { timestepGrid, type VpSchedule } from '../schedule';
import { createImage } from '../tensor';
import { AdamW } from './adam';
import { DenoiserCalls } from './calls';
import { scheduleOf } from './reverse';
import { keepsSnapshot } from './snapshots';
import type { Snapshot, SolveOptions, SolveResult } from './types';
import { combine, subtract } from './vec';
import { forwardNoise, predictVp } from './vp';

export interface RedDiffConfig {
  steps: number;
  /** λ of the prior weight w_t = λσ_t ("grad_term_weight"). */
  lambda: number;
  lr: number;
  beta1: number;
  beta2: number;
  schedule?: VpSchedule;
}

/** NFE = steps. */
export async function solveRedDiff(
  denoiser: Denoiser,
  measurement: Measurement,
  config: RedDiffConfig,
  options: SolveOptions,
): Promise<SolveResult> {
  if (!Number.isInteger(config.steps) || config.steps < 1) {
    throw new Error(`RED-diff steps must be a positive integer, got ${config.steps}`);
  }
  if (!(config.lambda >= 0) || !(config.lr > 0)) {
    throw new Error(`RED-diff needs λ ≥ 0 and lr > 0, got λ=${config.lambda}, lr=${config.lr}`);
  }
  const schedule = scheduleOf(config);
  const { operator, y } = measurement;
  const calls = new DenoiserCalls(denoiser, operator.inShape, options.signal);
  const mu = operator.pseudoInverse(y);
  const adam = new AdamW(mu, { beta1: config.beta1, beta2: config.beta2, epsilon: 1e-8, weightDecay: 0 });
  const timesteps = timestepGrid(schedule.steps, config.steps).subarray(0, -1); // every t ≥ 1, descending
  const snapshots: Snapshot[] | undefined = options.keepSnapshots ? [] : undefined;
  for (const [k, t] of timesteps.entries()) {
    const noise = options.rng.fillNormal(new Float32Array(mu.length));
    const xt = forwardNoise(schedule, mu, t, noise);
    const [{ eps }] = await predictVp(calls, schedule, [xt], [t]);
    const stage = { kind: 'map', iteration: k + 1, of: timesteps.length } as const;
    if (snapshots && keepsSnapshot(options.keepSnapshots, stage)) snapshots.push({ stage, xt, x0: mu.slice() });
    options.onStep?.({ stage, nfe: calls.calls, nfeTotal: timesteps.length, preview: mu });
    const gradient = combine([
      [-1, operator.adjoint(subtract(y, operator.forward(mu)))],
      [config.lambda * schedule.sigma[t], subtract(eps, noise)],
    ]);
    adam.update(gradient, config.lr);
  }
  return { image: createImage(operator.inShape, mu), nfe: calls.calls, snapshots };
}
