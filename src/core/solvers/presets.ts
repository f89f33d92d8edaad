// Named settings: "paper" (the published defaults), "fast" (≤ 60 denoiser calls per curve point) and "quality".
// Timesteps are in this project's convention (t = number of noising steps; the official code's index i is t = i + 1),
// so the official stage-1 noise_t = 10 is s = 11 here (σ_s ≈ 0.047) while t0 values match the official ones.
import type { CcdfConfig, MapRpsConfig } from './mapRps';
import type { RedDiffConfig } from './redDiff';
import type { PosteriorMeanConfig, ReverseConfig } from './reverse';
import type { SamplerConfig } from './rules';
import type { TraversalConfig } from './traversal';

export type Task = 'inpaint' | 'deblur' | 'sr' | 'denoise';
export const TASKS: readonly Task[] = ['inpaint', 'deblur', 'sr', 'denoise'];
export type Preset = 'paper' | 'fast' | 'quality';
export const PRESETS: readonly Preset[] = ['paper', 'fast', 'quality'];

/** Per task, from the official MAP-RPS FFHQ pixel-space scripts (scripts/ffhq/MAP_RPS/*.sh). */
const MAP_RPS_TASKS: Record<Task, { iterations: number; weight: number; xi: number; t0Sweep: number[] }> = {
  inpaint: { iterations: 400, weight: 0.7, xi: 1.0, t0Sweep: [0, 25, 50, 75, 100] },
  deblur: { iterations: 200, weight: 0.01, xi: 2.0, t0Sweep: [0, 25, 50, 75, 100] },
  sr: { iterations: 300, weight: 0.25, xi: 1.0, t0Sweep: [0, 100, 200, 300, 400] },
  denoise: { iterations: 60, weight: 2.0, xi: 1.0, t0Sweep: [0, 25, 50, 75, 100] },
};

/** DPS step sizes of the released DPS configs (gradient of ‖y − A x̂0‖, not squared). */
const DPS_ZETA: Record<Task, number> = { inpaint: 0.5, deblur: 0.3, sr: 0.3, denoise: 0.3 };
/** DiffPIR ζ of the official configs (deblur 0.1, SR 0.25, inpainting 1.0), λ = 1. */
const DIFFPIR_ZETA: Record<Task, number> = { inpaint: 1.0, deblur: 0.1, sr: 0.25, denoise: 0.1 };

/**
 * The stage 1 of `fast` and `quality` (measured in docs/solvers.md, "Stage 1 and the t0 range on faces64"): half-quadratic splitting on the
 * posterior with the prior annealed from σ ≈ 0.90 (t = 240) to the paper's σ_s ≈ 0.047 (s = 11), evaluated at x
 * itself. On faces64 at σ_y = 0.05 it reaches the mean of 8 posterior samples or comes within 0.3 dB of it on every
 * task, where the paper's fixed-s AdamW stage 1 stays 2–7 dB below it. Iterations per task by measurement
 * (`npm run stage1`, faces64 at 520k images, 30 val faces for blur and SR, 20 for holes): holes need 30–40 to fill
 * (box 29.22 / 29.12 dB at 30 / 40, random 32.86 / 32.88); Gaussian blur is best at 4–6 (28.35 dB; 28.05 at 15,
 * 27.94 at 20) and SR ×4 at 8–10 (25.54 dB; 25.43 at 20): more iterations at small σ sharpen noise. Blur keeps 15,
 * the fewest with which the sandbox's exact posterior mean is still reached within 1 % (1.008×; 10 gives 1.019×).
 * Denoising keeps 20 (not remeasured).
 */
const ANNEALED_MAP_START = 240;
const ANNEALED_MAP_ITERATIONS: Record<Task, number> = { inpaint: 40, deblur: 15, sr: 10, denoise: 20 };

/**
 * t0 at the slider's right end for `fast` and `quality` (docs/solvers.md, "Stage 1 and the t0 range on faces64"):
 * where perception stops improving or a full sample is reached (faces64 val at 930,560 images, 100 faces, one solver
 * seed per image). Blur and SR level off by t0 ≈ 300. Scattered missing pixels (random 50 %) are most realistic at
 * t0 ≈ 40 and grow less so beyond 200 (per-image patch-SWD 0.099 / 0.090 / 0.092 / 0.094 / 0.097 / 0.099 and set
 * level 0.038 / 0.011 / 0.012 / 0.015 / 0.019 / 0.023 at t0 = 0 / 40 / 160 / 360 / 640 / 1000), so they end at 200.
 * A missing region (a box, a half, a painted area) ends at T, a full sample: the set-level patch-SWD and the face
 * FD improve all the way (centre box: 0.066 / 0.045 / 0.029 / 0.019 / 0.016 / 0.016 and 0.087 → 0.053 at the same
 * t0), and PSNR falls by 0.92 dB [0.57, 1.30] to there (29.59 → 28.67 dB) against 0.27 dB at t0 = 200, because
 * x_MAP's over-smoothed fill is about as far from the truth as a regenerated one until the whole hole is redrawn.
 */
const T0_MAX: Record<Task, number> = { inpaint: 200, deblur: 300, sr: 300, denoise: 300 };
const REGION_T0_MAX = 1000;

/** What inpainting misses: a contiguous region (box, half, painted) or pixels scattered over the image. */
export type HoleShape = 'region' | 'scattered';

/**
 * Stage 2 of `fast` (20 steps) and `quality` (100 steps), on quadratic spacing; from t0 = T it is the same sampler's
 * sample from T, so the right end is a posterior sample of that family by construction. Per task by measurement
 * (`npm run stage2`, faces64 val; docs/solvers.md, "Stage 2"): DDNM+ (η 0.85) for holes and SR, where at the right
 * end it beats clamp-and-release on both axes (random 50 %: 31.67 dB / patch-SWD 0.075 against 30.42 / 0.090, the
 * only stage 2 whose right end is more realistic than x_MAP there; centre box 29.21 / 0.082 against 29.10 / 0.092;
 * SR ×4 at t0 = 48: 25.36 / 0.197 against 24.90 / 0.265); clamp-and-release (exact for a Gaussian prior in the
 * small-step limit) for blur and denoising, where DDNM+'s data step on weak singular values breaks down in 20 steps
 * (Gaussian 9×9 std 2: 15.8 dB). The paper's DPS with skipped steps collapses on boxes (docs/solvers.md).
 */
const STAGE2_STEPS: Record<Exclude<Preset, 'paper'>, number> = { fast: 20, quality: 100 };
const STAGE2_SAMPLER: Record<Task, SamplerConfig> = {
  inpaint: { kind: 'ddnm', eta: 0.85 },
  sr: { kind: 'ddnm', eta: 0.85 },
  deblur: { kind: 'clamp-release', eta: 1 },
  denoise: { kind: 'clamp-release', eta: 1 },
};

function reverse(sampler: SamplerConfig, steps: number | 'full', spacing: 'linear' | 'quad' = 'linear'): ReverseConfig {
  return { sampler, steps, spacing, clipX0: true };
}

/**
 * t0 at the slider's right end (u = 1): the official sweep's last value for `paper`; otherwise T0_MAX, or T for an
 * inpainted region (`holes`, ignored by the other tasks).
 */
export function t0Max(task: Task, preset: Preset, holes: HoleShape = 'scattered'): number {
  if (preset === 'paper') return MAP_RPS_TASKS[task].t0Sweep.at(-1) ?? 0;
  return task === 'inpaint' && holes === 'region' ? REGION_T0_MAX : T0_MAX[task];
}

/**
 * The t0 values a benchmark runs by default: the official sweep for `paper`; for the others the app's first-run
 * slider positions u = 0, 0.2, …, 1 (t0 = round(t0max·u²)).
 */
export function t0Sweep(task: Task, preset: Preset = 'paper', holes: HoleShape = 'scattered'): number[] {
  if (preset === 'paper') return [...MAP_RPS_TASKS[task].t0Sweep];
  const last = t0Max(task, preset, holes);
  return [0, 0.2, 0.4, 0.6, 0.8, 1].map((u) => Math.round(last * u * u));
}

export function mapRpsPreset(task: Task, preset: Preset): Omit<MapRpsConfig, 't0'> {
  const { iterations, weight, xi } = MAP_RPS_TASKS[task];
  const map = { iterations, weight, timestep: 11, lrMax: 0.5, lrMin: 1e-5, weightDecay: 0.01 };
  if (preset === 'paper') return { map, stage2: reverse({ kind: 'dps', zeta: xi, eta: 1 }, 'full') };
  const annealed = {
    ...map,
    iterations: ANNEALED_MAP_ITERATIONS[task],
    optimiser: 'hqs' as const,
    startTimestep: ANNEALED_MAP_START,
    priorNoise: 'none' as const,
  };
  return { map: annealed, stage2: reverse(STAGE2_SAMPLER[task], STAGE2_STEPS[preset], 'quad') };
}

export function ccdfPreset(task: Task, preset: Preset): Omit<CcdfConfig, 't0'> {
  return { stage2: mapRpsPreset(task, preset).stage2 };
}

export type PeerMethod = 'ddnm' | 'ddrm' | 'diffpir' | 'dps' | 'dmps' | 'clamp-release';
export const PEER_METHODS: readonly PeerMethod[] = ['ddnm', 'ddrm', 'diffpir', 'dps', 'dmps', 'clamp-release'];

/**
 * Steps of a run from T per preset; DPS steps cost 2 calls. 'fast' keeps each method where the sandbox
 * data-consistency tests still hold: DPS needs 200 steps (its first-order guidance overshoots in fewer).
 */
const PEER_STEPS: Record<PeerMethod, Record<Preset, number>> = {
  ddnm: { paper: 100, fast: 100, quality: 1000 },
  ddrm: { paper: 20, fast: 20, quality: 100 },
  diffpir: { paper: 100, fast: 100, quality: 1000 },
  dps: { paper: 1000, fast: 200, quality: 1000 },
  dmps: { paper: 1000, fast: 100, quality: 1000 },
  'clamp-release': { paper: 100, fast: 100, quality: 1000 },
};

function peerSampler(method: PeerMethod, task: Task): SamplerConfig {
  switch (method) {
    case 'ddnm':
      return { kind: 'ddnm', eta: 0.85 };
    case 'ddrm':
      return { kind: 'ddrm', eta: 0.85, etaB: 1 };
    case 'diffpir':
      return { kind: 'diffpir', zeta: DIFFPIR_ZETA[task], lambda: 1 };
    case 'dps':
      return { kind: 'dps', zeta: DPS_ZETA[task], eta: 1 };
    case 'dmps':
      return { kind: 'dmps', eta: 1 };
    case 'clamp-release':
      return { kind: 'clamp-release', eta: 1 };
  }
}

/**
 * Quadratic spacing (denser near t = 0) for DiffPIR (its default), clamp-and-release, DDRM (whose 20 linear steps
 * end with a jump from σ ≈ 0.18 that leaves observed pixels smoothed, off y by ≈ 3σ_y on the sandbox) and fast DPS.
 */
const QUAD_SPACED: readonly PeerMethod[] = ['diffpir', 'clamp-release', 'ddrm'];

/** A peer posterior sampler run from T. */
export function peerPreset(method: PeerMethod, task: Task, preset: Preset): ReverseConfig {
  const quad = QUAD_SPACED.includes(method) || (method === 'dps' && preset === 'fast');
  return reverse(peerSampler(method, task), PEER_STEPS[method][preset], quad ? 'quad' : 'linear');
}

/** N of the posterior-mean reference unless the user sets another. */
export const POSTERIOR_MEAN_SAMPLES = 8;
export const MAX_POSTERIOR_MEAN_SAMPLES = 64;

/**
 * The distortion reference every curve is judged against: the mean of N clamp-and-release samples from T (the
 * sampler that passes the sandbox's exact-posterior variance test; 100 quadratic steps, 1000 in `quality`).
 */
export function posteriorMeanPreset(task: Task, preset: Preset, samples = POSTERIOR_MEAN_SAMPLES): PosteriorMeanConfig {
  return { sampler: peerPreset('clamp-release', task, preset), samples };
}

export function redDiffPreset(preset: Preset): RedDiffConfig {
  const base = { lambda: 0.25, beta1: 0.9, beta2: 0.99 };
  switch (preset) {
    case 'paper':
      return { ...base, steps: 1000, lr: 0.1 };
    case 'fast':
      return { ...base, steps: 100, lr: 0.5 };
    case 'quality':
      return { ...base, steps: 1000, lr: 0.1 };
  }
}

/**
 * The curve strategies of a task and preset. The sample-based ones (interpolation, averaging, variance scaling) run
 * the same sampler from T that MAP-RPS's stage 2 runs from t0 (so their sample is MAP-RPS at t0 = T), or DPS under
 * `paper`.
 */
export function traversalPreset(task: Task, preset: Preset, holes: HoleShape = 'scattered'): TraversalConfig {
  const mapRps = mapRpsPreset(task, preset);
  return {
    mapRps,
    t0Max: t0Max(task, preset, holes),
    sampler: preset === 'paper' ? peerPreset('dps', task, preset) : mapRps.stage2,
    samples: { paper: 8, fast: 4, quality: 16 }[preset],
    mmse: 'map',
  };
}
