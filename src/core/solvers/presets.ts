// Named settings: "paper" (the published defaults), "fast" (≤ 100 denoiser calls per curve point) and "quality".
// Timesteps are in this project's convention (t = number of noising steps; the official code's index i is t = i + 1),
// so the official stage-1 noise_t = 10 is s = 11 here (σ_s ≈ 0.047) while t0 values match the official ones.
import type { CcdfConfig, MapRpsConfig } from './mapRps';
import type { RedDiffConfig } from './redDiff';
import type { ReverseConfig } from './reverse';
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
 * Stage-1 iterations of `fast` (measured by `npm run stage1` on faces64, docs/results.md): Gaussian deblurring has
 * converged by 60 (27.9 dB; 28.0 at 400), box inpainting peaks at 40–60 (20.85 dB) and then drifts (19.1 at 400).
 */
const FAST_MAP_ITERATIONS: Record<Task, number> = { inpaint: 40, deblur: 60, sr: 60, denoise: 60 };
const FAST_STAGE2_STEPS = 20;
/**
 * The fast MAP-RPS stage 2 per task, on 20 quadratic steps (measured in docs/solvers.md, "The fast stage 2"):
 * inpainting runs the paper's DPS (ξ as in `paper`, 40 calls), which then matches the paper curve; the other tasks run
 * clamp-and-release (20 calls), because DPS with skipping steps overshoots a blur where its guidance ζ/‖r‖ is large
 * for the image size (fashion32, 7×7 blur, t0 = 100: 3 dB below DPS on every step). DDNM+ re-adds the measurement
 * noise on weak blur frequencies at every step (faces64 deblurring at t0 = 100: 6 dB below the paper preset).
 */
function fastStage2(task: Task, paperSampler: SamplerConfig): SamplerConfig {
  return task === 'inpaint' ? paperSampler : { kind: 'clamp-release', eta: 1 };
}

function reverse(sampler: SamplerConfig, steps: number | 'full', spacing: 'linear' | 'quad' = 'linear'): ReverseConfig {
  return { sampler, steps, spacing, clipX0: true };
}

/** The t0 values of the official sweep for the task (also the app's default curve points). */
export function t0Sweep(task: Task): number[] {
  return [...MAP_RPS_TASKS[task].t0Sweep];
}

export function mapRpsPreset(task: Task, preset: Preset): Omit<MapRpsConfig, 't0'> {
  const { iterations, weight, xi } = MAP_RPS_TASKS[task];
  const map = { iterations, weight, timestep: 11, lrMax: 0.5, lrMin: 1e-5, weightDecay: 0.01 };
  const dps: SamplerConfig = { kind: 'dps', zeta: xi, eta: 1 };
  switch (preset) {
    case 'paper':
      return { map, stage2: reverse(dps, 'full') };
    case 'fast':
      return {
        map: { ...map, iterations: Math.min(iterations, FAST_MAP_ITERATIONS[task]) },
        stage2: reverse(fastStage2(task, dps), FAST_STAGE2_STEPS, 'quad'),
      };
    case 'quality':
      return { map: { ...map, iterations: 2 * iterations }, stage2: reverse(dps, 'full') };
  }
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

export function traversalPreset(task: Task, preset: Preset): TraversalConfig {
  const sweep = MAP_RPS_TASKS[task].t0Sweep;
  return {
    mapRps: mapRpsPreset(task, preset),
    t0Max: sweep[sweep.length - 1],
    sampler:
      preset === 'fast' ? reverse({ kind: 'ddnm', eta: 0.85 }, FAST_STAGE2_STEPS) : peerPreset('dps', task, preset),
    samples: { paper: 8, fast: 4, quality: 16 }[preset],
    mmse: 'map',
  };
}
