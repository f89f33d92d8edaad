// VE ↔ VP adapter: the EDM-style Denoiser D(x, σ) seen as the ε-prediction network of VP-DDPM.
// x_VE = x_t/√ᾱ_t, σ_t = √((1 − ᾱ_t)/ᾱ_t), x̂0 = D(x_VE, σ_t), ε̂ = (x_VE − x̂0)/σ_t  (so x_t = √ᾱ_t x̂0 + √(1 − ᾱ_t) ε̂).
import { assertTimestep, type VpSchedule } from '../schedule';
import type { DenoiserCalls } from './calls';
import { combine } from './vec';

export interface VpPrediction {
  x0: Float32Array;
  eps: Float32Array;
}

/** ε̂(x_t, t) and x̂0 for every item, in one batched denoiser call (t ≥ 1: ε is undefined on clean images). */
export async function predictVp(
  calls: DenoiserCalls,
  schedule: VpSchedule,
  xt: readonly Float32Array[],
  t: readonly number[],
): Promise<VpPrediction[]> {
  t.forEach((ti) => {
    assertTimestep(schedule, ti);
    if (ti === 0) throw new Error('ε-prediction needs a timestep ≥ 1 (t = 0 is noise-free)');
  });
  const sigmas = t.map((ti) => schedule.sigma[ti]);
  const inputs = xt.map((x, i) => combine([[1 / Math.sqrt(schedule.alphaBar[t[i]]), x]]));
  const x0s = await calls.denoise(inputs, sigmas);
  return x0s.map((x0, i) => ({
    x0,
    eps: combine([
      [1 / sigmas[i], inputs[i]],
      [-1 / sigmas[i], x0],
    ]),
  }));
}

/** x_t = √ᾱ_t x0 + √(1 − ᾱ_t) z (the forward process; z is consumed from the caller). */
export function forwardNoise(schedule: VpSchedule, x0: Float32Array, t: number, z: Float32Array): Float32Array {
  const alphaBar = schedule.alphaBar[t];
  return combine([
    [Math.sqrt(alphaBar), x0],
    [Math.sqrt(1 - alphaBar), z],
  ]);
}
