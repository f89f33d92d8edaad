// The reverse-diffusion kernel shared by every sampler: MAP-RPS stage 2, CCDF, and the peers run from T.
// Several chains (seeds, t0 branches, variance scales) advance together: each tick makes one batched denoiser
// call over all active chains (plus one for DPS's JVP probes), so a sweep costs its longest chain, not the sum.
import type { Denoiser } from '../denoiser';
import type { Measurement } from '../operators';
import type { Rng } from '../rng';
import { DDPM_SCHEDULE, type Spacing, timestepGrid, type VpSchedule } from '../schedule';
import { createImage, shapeSize } from '../tensor';
import { DenoiserCalls } from './calls';
import { jacobianVectorProducts } from './jacobian';
import { assertSamplerConfig, callsPerStep, createStepRule, type SamplerConfig, type StepInput } from './rules';
import { keepsSnapshot } from './snapshots';
import type { Snapshot, SolveOptions, SolveResult, Stage } from './types';
import { clip, combine, mean } from './vec';

export interface ReverseConfig {
  sampler: SamplerConfig;
  /** Denoiser steps of a run from T (fewer for a branch from a smaller t0 with steps = 'full'). */
  steps: number | 'full';
  spacing: Spacing;
  /** Clamp x̂0 to [-1, 1] before the update, as the DDPM-family code does for natural images. */
  clipX0: boolean;
  schedule?: VpSchedule;
}

/** A chain of the reverse process: VE state at timestep grid[position], running down to grid's last entry, 0. */
export interface Chain {
  x: Float32Array;
  grid: Int32Array;
  position: number;
  rng: Rng;
  /** Multiplies the fresh noise of every step (1 = the sampler as published). */
  noiseScale: number;
  snapshots?: Snapshot[];
}

/** What the kernel reports through; `nfeTotal` is the plan of the whole solve for progress bars. */
export interface RunContext {
  calls: DenoiserCalls;
  measurement: Measurement;
  options: Omit<SolveOptions, 'rng'>;
  nfeTotal: number;
}

export function scheduleOf(config: { schedule?: VpSchedule }): VpSchedule {
  return config.schedule ?? DDPM_SCHEDULE;
}

/** The timesteps a chain starting at tStart visits ('full' = every timestep). */
export function chainGrid(config: ReverseConfig, tStart: number): Int32Array {
  const count = config.steps === 'full' ? Math.max(tStart, 1) : config.steps;
  return timestepGrid(tStart, count, config.spacing);
}

/** Denoiser calls a set of chains from these start timesteps needs when batched together. */
export function plannedReverseCalls(config: ReverseConfig, starts: readonly number[]): number {
  const longest = Math.max(0, ...starts.map((t) => chainGrid(config, t).length - 1));
  return longest * callsPerStep(config.sampler);
}

export function assertReverseConfig(config: ReverseConfig): void {
  assertSamplerConfig(config.sampler);
  if (config.steps !== 'full' && (!Number.isInteger(config.steps) || config.steps < 1)) {
    throw new Error(`reverse steps must be 'full' or a positive integer, got ${config.steps}`);
  }
}

/**
 * x_{t0} = estimate + σ_{t0} z in VE form (√ᾱ_{t0}·estimate + √(1 − ᾱ_{t0}) z in VP form), with z from the chain's rng.
 */
export function renoisedChain(config: ReverseConfig, estimate: Float32Array, t0: number, rng: Rng): Chain {
  const sigma = scheduleOf(config).sigma[t0];
  const x =
    t0 === 0
      ? estimate.slice()
      : combine([
          [1, estimate],
          [sigma, rng.fillNormal(new Float32Array(estimate.length))],
        ]);
  return { x, grid: chainGrid(config, t0), position: 0, rng, noiseScale: 1 };
}

function isActive(chain: Chain): boolean {
  return chain.position < chain.grid.length - 1;
}

/**
 * Advances all chains to timestep 0 in batched ticks; `onFinished(i)` fires as chain i reaches 0 (its x is then the
 * output image). Chains that start at 0 finish before the first call.
 */
export async function runChains(
  context: RunContext,
  config: ReverseConfig,
  chains: readonly Chain[],
  onFinished: (index: number) => void,
): Promise<void> {
  const schedule = scheduleOf(config);
  const rule = createStepRule(context.measurement, config.sampler);
  const { calls, options } = context;
  chains.forEach((chain, i) => {
    if (!isActive(chain)) onFinished(i);
  });
  for (;;) {
    const active = chains.map((chain, i) => ({ chain, i })).filter(({ chain }) => isActive(chain));
    if (active.length === 0) return;
    const sigmas = active.map(({ chain }) => schedule.sigma[chain.grid[chain.position]]);
    const states = active.map(({ chain }) => chain.x);
    const denoised = await calls.denoise(states, sigmas);
    const estimates = config.clipX0 ? denoised.map((x0) => clip(x0, -1, 1)) : denoised;
    const inputs: StepInput[] = active.map(({ chain }, k) => {
      const t = chain.grid[chain.position];
      const tNext = chain.grid[chain.position + 1];
      return {
        x: chain.x,
        x0: estimates[k],
        sigma: sigmas[k],
        sigmaNext: schedule.sigma[tNext],
        scale: Math.sqrt(schedule.alphaBar[t]),
        scaleNext: Math.sqrt(schedule.alphaBar[tNext]),
        span: t - tNext,
        rng: chain.rng,
        noiseScale: chain.noiseScale,
      };
    });
    if (rule.direction) {
      const directions = inputs.map((input) => rule.direction?.(input) ?? new Float32Array(input.x.length));
      const products = await jacobianVectorProducts(calls, states, sigmas, directions, denoised);
      inputs.forEach((input, k) => {
        input.jv = products[k];
      });
    }
    active.forEach(({ chain, i }, k) => {
      const input = inputs[k];
      const t = chain.grid[chain.position];
      const stage: Stage = {
        kind: 'sample',
        step: chain.position + 1,
        of: chain.grid.length - 1,
        t,
        sigma: input.sigma,
      };
      if (chain.snapshots && keepsSnapshot(options.keepSnapshots, stage)) {
        chain.snapshots.push({ stage, xt: combine([[input.scale, chain.x]]), x0: input.x0 });
      }
      if (k === 0) options.onStep?.({ stage, nfe: calls.calls, nfeTotal: context.nfeTotal, preview: input.x0 });
      chain.x = rule.update(input);
      chain.position += 1;
      if (!isActive(chain)) onFinished(i);
    });
  }
}

/**
 * Random streams of one seed's rng: stage 1, the stage-2 branches (then forked by t0) and the samples from noise
 * (then forked by index), so a result depends only on (seed, knob), not on what else is computed with it.
 */
export const STREAMS = { stage1: 1, stage2: 2, samples: 3 } as const;

/** A chain from pure noise at T: x_VE = σ_T z (x_T = √(1 − ᾱ_T) z, the signal part √ᾱ_T x0 ≈ 0.006 x0 dropped). */
export function noiseChain(config: ReverseConfig, size: number, rng: Rng, noiseScale = 1): Chain {
  const schedule = scheduleOf(config);
  const x = rng.fillNormal(new Float32Array(size)).map((v) => v * schedule.sigma[schedule.steps]);
  return { x, grid: chainGrid(config, schedule.steps), position: 0, rng, noiseScale };
}

/** The distortion reference: the mean of `samples` runs of a posterior sampler from T (an MMSE estimate). */
export interface PosteriorMeanConfig {
  sampler: ReverseConfig;
  samples: number;
}

/**
 * The posterior mean E[x | y] estimated as the average of N posterior samples from T, all N chains batched (NFE =
 * the sampler's steps). Sample i draws from the seed's samples stream i, as 'averaging' does, so sample 0 is the
 * sampler's own output for that seed.
 */
export async function solvePosteriorMean(
  denoiser: Denoiser,
  measurement: Measurement,
  config: PosteriorMeanConfig,
  options: SolveOptions,
): Promise<SolveResult> {
  assertReverseConfig(config.sampler);
  if (!Number.isInteger(config.samples) || config.samples < 1) {
    throw new Error(`the posterior mean needs a positive integer sample count, got ${config.samples}`);
  }
  const shape = measurement.operator.inShape;
  const calls = new DenoiserCalls(denoiser, shape, options.signal);
  const nfeTotal = plannedReverseCalls(config.sampler, [scheduleOf(config.sampler).steps]);
  const samples = options.rng.fork(STREAMS.samples);
  const chains = Array.from({ length: config.samples }, (_, i) =>
    noiseChain(config.sampler, shapeSize(shape), samples.fork(i)),
  );
  await runChains({ calls, measurement, options, nfeTotal }, config.sampler, chains, () => {});
  return { image: createImage(shape, mean(chains.map((chain) => chain.x))), nfe: calls.calls };
}

/**
 * A posterior sampler run from pure noise at T (DDNM+, DDRM, DiffPIR, DMPS, DPS, clamp-and-release):
 * NFE = steps · (2 for DPS, else 1).
 */
export async function solvePosteriorSampler(
  denoiser: Denoiser,
  measurement: Measurement,
  config: ReverseConfig,
  options: SolveOptions,
): Promise<SolveResult> {
  assertReverseConfig(config);
  const shape = measurement.operator.inShape;
  const calls = new DenoiserCalls(denoiser, shape, options.signal);
  const nfeTotal = plannedReverseCalls(config, [scheduleOf(config).steps]);
  const chain = noiseChain(config, shapeSize(shape), options.rng.fork(STREAMS.samples).fork(0));
  if (options.keepSnapshots) chain.snapshots = [];
  await runChains({ calls, measurement, options, nfeTotal }, config, [chain], () => {});
  return { image: createImage(shape, chain.x), nfe: calls.calls, snapshots: chain.snapshots };
}
