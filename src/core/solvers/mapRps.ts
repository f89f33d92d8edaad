// MAP-RPS (arXiv:2605.28711; official code weigerzan/MAP_RPS, runners/inverse_algorithms.py::map_rps) and CCDF.
// Stage 1: x ← the Wiener inverse of y (mapStart; A†y in the official code), then N AdamW steps with cosine lr on
// the gradient −2Aᵀ(y − Ax) + w·ε̂(√ᾱ_s x + √(1−ᾱ_s) z, s) (fresh z each step, no gradient through the network):
// one denoiser call per iteration. The paper fixes a small s; `startTimestep` anneals s_k from coarse to fine
// (σ_{s_k} geometric from σ_start to σ_s) with w_k = 2σ_y²/σ_{s_k}, i.e. gradient descent on the negative log
// posterior under the prior smoothed to σ_{s_k} (graduated non-convexity), which fills large holes and ends near
// the posterior mean at our σ_y (docs/solvers.md, "Stage 1").
// Stage 2: re-noise x_MAP to t0 and run a posterior sampler from t0 to 0; t0 is the distortion–perception knob.
// CCDF (Chung et al. 2022) is stage 2 started from the Wiener inverse of y (mapStart, A†y when σ_y = 0) instead of
// x_MAP: with noise, A†y amplifies it up to 1/SINGULAR_THRESHOLD on weak blur frequencies, far beyond any t0's σ.
import type { Denoiser } from '../denoiser';
import type { Measurement } from '../operators';
import { createRng, type Rng } from '../rng';
import { assertTimestep, timestepAtOrBelowSigma, type VpSchedule } from '../schedule';
import { createImage, type Image, shapeSize } from '../tensor';
import { AdamW, cosineLearningRate, TORCH_ADAMW } from './adam';
import { DenoiserCalls } from './calls';
import {
  assertReverseConfig,
  type Chain,
  plannedReverseCalls,
  type ReverseConfig,
  type RunContext,
  renoisedChain,
  runChains,
  STREAMS,
  scheduleOf,
} from './reverse';
import { keepsSnapshot } from './snapshots';
import type { Snapshot, SolveOptions, SolveResult } from './types';
import { combine } from './vec';
import { forwardNoise, predictVp } from './vp';

export interface MapConfig {
  iterations: number;
  /** w_prior, or 'auto' = 2σ_y²/σ_s, which makes stage 1 the MAP of p(x | y) under the prior smoothed to σ_s. */
  weight: number | 'auto';
  /** The (final) small timestep s of the prior term (10 in the official pixel-space scripts). */
  timestep: number;
  /**
   * Coarse to fine: the prior timestep of the first iteration; σ then falls geometrically to σ_s by the last one.
   * Absent: s is fixed (the paper).
   */
  startTimestep?: number;
  /**
   * The prior term's input: 'fresh' (default) adds new noise σ_k z to x every iteration, as the paper does; 'none'
   * evaluates the denoiser at x itself.
   */
  priorNoise?: 'fresh' | 'none';
  /**
   * 'adam' (default): AdamW on the gradient above (the paper). 'hqs': half-quadratic splitting with the denoiser as
   * the prior's prox (DPIR), which needs no weight or learning rate (see hqsStage1).
   */
  optimiser?: 'adam' | 'hqs';
  /** AdamW's cosine learning-rate range (ignored by 'hqs'). */
  lrMax: number;
  lrMin: number;
  /** AdamW decoupled weight decay (torch default 0.01, as in the official code). */
  weightDecay: number;
}

export interface MapRpsConfig {
  map: MapConfig;
  stage2: ReverseConfig;
  /** Re-noising timestep; 0 returns x_MAP. */
  t0: number;
}

export interface CcdfConfig {
  stage2: ReverseConfig;
  t0: number;
}

export interface SweepPoint {
  t0: number;
  seed: number;
  image: Image;
  /** Denoiser calls this point needs when computed on its own. */
  nfe: number;
  snapshots?: Snapshot[];
}

export interface SweepResult {
  points: SweepPoint[];
  /** The stage-2 starting estimate of each seed (x_MAP for MAP-RPS, the Wiener inverse of y for CCDF). */
  estimates: Image[];
  /** Denoiser calls made: stage-1 iterations + the longest branch, all seeds and branches batched. */
  nfe: number;
}

/** How a sweep is scheduled; it changes the calls made and the order points stream in, never their pixels. */
export interface SweepSchedule {
  /**
   * x_MAP per seed from an earlier sweep (its `estimates`) with the same denoiser, measurement, stage-1 settings and
   * seeds: stage 1 is skipped, so new t0 values cost their branches only. Snapshots then start at the re-noising.
   */
  mapEstimates?: readonly Float32Array[];
  /**
   * Stream coarse to fine: x_MAP (t0 = 0), then the largest t0, then the t0 values between (one batched run each),
   * so a curve spans its whole range early. Costs the largest branch's calls once more than the all-batched run.
   */
  progressive?: boolean;
}

export type SweepOptions = Omit<SolveOptions, 'rng'> & SweepSchedule & { onPoint?: (point: SweepPoint) => void };

/**
 * The σ_y that weight 'auto' assumes at least: with σ_y = 0 the posterior is the data constraint alone and w would
 * vanish; a floor keeps the prior term. (The HQS stage 1 of `fast` needs no weight: at σ_y = 0 its data step is the
 * exact projection onto {Ax = y}.)
 */
export const MAP_SIGMA_Y_FLOOR = 0.01;

/** The prior timestep of each stage-1 iteration: s throughout, or σ geometric from σ_start down to σ_s. */
export function mapTimesteps(config: MapConfig, schedule: VpSchedule): Int32Array {
  const steps = new Int32Array(config.iterations).fill(config.timestep);
  const start = config.startTimestep;
  if (start === undefined || start <= config.timestep || config.iterations === 1) return steps;
  const from = Math.log(schedule.sigma[start]);
  const to = Math.log(schedule.sigma[config.timestep]);
  for (let k = 0; k < config.iterations; k++) {
    const sigma = Math.exp(from + ((to - from) * k) / (config.iterations - 1));
    steps[k] = Math.max(config.timestep, timestepAtOrBelowSigma(schedule, sigma * (1 + 1e-9)));
  }
  return steps;
}

/**
 * w_prior at prior timestep t with 'auto' resolved: w·σ_t = 2σ_y² (stage-1 gradient = 2σ_y² × ∇ of the negative log
 * posterior under the prior smoothed to σ_t), σ_y raised to MAP_SIGMA_Y_FLOOR.
 */
export function resolveMapWeight(config: MapConfig, sigmaY: number, schedule: VpSchedule, t = config.timestep): number {
  if (config.weight !== 'auto') return config.weight;
  const noise = Math.max(sigmaY, MAP_SIGMA_Y_FLOOR);
  return (2 * noise * noise) / schedule.sigma[t];
}

function assertMapConfig(config: MapConfig, schedule: VpSchedule): void {
  if (!Number.isInteger(config.iterations) || config.iterations < 1) {
    throw new Error(`MAP iterations must be a positive integer, got ${config.iterations}`);
  }
  assertTimestep(schedule, config.timestep, 'MAP prior timestep s');
  if (config.timestep === 0) throw new Error('MAP prior timestep s must be ≥ 1');
  if (config.startTimestep !== undefined) {
    assertTimestep(schedule, config.startTimestep, 'MAP start timestep');
    if (config.startTimestep < config.timestep) {
      throw new Error(`MAP start timestep must be ≥ s = ${config.timestep}, got ${config.startTimestep}`);
    }
  }
  if (config.weight !== 'auto' && !(config.weight >= 0 && Number.isFinite(config.weight))) {
    throw new Error(`MAP weight must be 'auto' or finite and ≥ 0, got ${config.weight}`);
  }
  if (!(config.lrMax > 0 && config.lrMin >= 0 && config.lrMin <= config.lrMax)) {
    throw new Error(`MAP learning rates need 0 ≤ lrMin ≤ lrMax, lrMax > 0; got ${config.lrMin}..${config.lrMax}`);
  }
}

function assertT0s(t0s: readonly number[], schedule: VpSchedule): void {
  if (t0s.length === 0) throw new Error('a sweep needs at least one t0');
  for (const t0 of t0s) assertTimestep(schedule, t0, 't0');
}

/** Checks precomputed stage-1 estimates: one finite image of `size` values per seed. */
export function assertMapEstimates(estimates: readonly Float32Array[], seeds: number, size: number): void {
  if (estimates.length !== seeds) {
    throw new Error(`precomputed x_MAP given for ${estimates.length} seeds, but the run has ${seeds}`);
  }
  for (const x of estimates) {
    if (x.length !== size) throw new Error(`precomputed x_MAP has ${x.length} values, expected ${size}`);
    if (!x.every(Number.isFinite)) throw new Error('precomputed x_MAP contains NaN or infinite values');
  }
}

/** The t0 groups a sweep runs one after another: all at once, or progressive (0 and the largest first, then the rest). */
function sweepPhases(t0s: readonly number[], progressive: boolean | undefined): number[][] {
  if (!progressive) return [[...t0s]];
  const largest = Math.max(...t0s);
  const ends = t0s.filter((t0) => t0 === 0 || t0 === largest);
  const between = t0s.filter((t0) => t0 !== 0 && t0 !== largest);
  return between.length > 0 ? [ends, between] : [ends];
}

/**
 * The stage-1 start: the posterior mean of x given y under a white N(0, I) prior (pixels of [-1,1] images have second
 * moment ≤ 1), i.e. the Tikhonov/Wiener inverse V diag(s/(s² + σ_y²)) Uᵀy (Tikhonov 1963; the per-coefficient
 * Gaussian conditional DDRM and DiffPIR use for their data steps). The official code starts from A†y, which it
 * equals for σ_y = 0; with noise, A† amplifies it by 1/s on weak blur frequencies (up to 1/SINGULAR_THRESHOLD),
 * whereas this start gains at most 1/(2σ_y) there, so few stage-1 iterations suffice.
 */
export function mapStart(measurement: Measurement): Float32Array {
  return measurement.proxData(new Float32Array(shapeSize(measurement.operator.inShape)), 1);
}

/** One stage-1 iteration's report: progress, and the snapshot of each seed when kept. */
function reportMapStep(
  context: RunContext,
  config: MapConfig,
  k: number,
  xs: readonly Float32Array[],
  inputs: readonly Float32Array[],
  snapshots: Snapshot[][] | undefined,
): void {
  const stage = { kind: 'map', iteration: k + 1, of: config.iterations } as const;
  context.options.onStep?.({ stage, nfe: context.calls.calls, nfeTotal: context.nfeTotal, preview: xs[0] });
  if (!snapshots || !keepsSnapshot(context.options.keepSnapshots, stage)) return;
  xs.forEach((x, j) => snapshots[j].push({ stage, xt: inputs[j], x0: x.slice() }));
}

/** z per seed for the prior term: fresh N(0, I) draws, or zeros with priorNoise = 'none'. */
function priorNoiseDraws(config: MapConfig, rngs: readonly Rng[], size: number): Float32Array[] {
  return rngs.map((rng) =>
    config.priorNoise === 'none' ? new Float32Array(size) : rng.fillNormal(new Float32Array(size)),
  );
}

/** The paper's stage 1: AdamW with cosine lr on 2(AᵀAx − Aᵀy) + w_k ε̂(√ᾱ_s x + √(1−ᾱ_s) z, s_k). */
async function adamStage1(
  context: RunContext,
  config: MapConfig,
  schedule: VpSchedule,
  rngs: readonly Rng[],
  xs: Float32Array[],
  snapshots: Snapshot[][] | undefined,
): Promise<void> {
  const { operator, y, sigmaY } = context.measurement;
  const timesteps = mapTimesteps(config, schedule);
  const adjointY = operator.adjoint(y);
  const optimisers = xs.map((x) => new AdamW(x, { ...TORCH_ADAMW, weightDecay: config.weightDecay }));
  for (let k = 0; k < config.iterations; k++) {
    const lr = cosineLearningRate(k, config.iterations, config.lrMax, config.lrMin);
    const s = timesteps[k];
    const weight = resolveMapWeight(config, sigmaY, schedule, s);
    const zs = priorNoiseDraws(config, rngs, xs[0].length);
    const noisy = xs.map((x, j) => forwardNoise(schedule, x, s, zs[j]));
    const predictions = await predictVp(
      context.calls,
      schedule,
      noisy,
      noisy.map(() => s),
    );
    reportMapStep(context, config, k, xs, noisy, snapshots);
    xs.forEach((x, j) => {
      // ∇‖y − A x‖² = 2(AᵀA x − Aᵀy)
      const gradient = combine([
        [2, operator.gram(x)],
        [-2, adjointY],
        [weight, predictions[j].eps],
      ]);
      optimisers[j].update(gradient, lr);
    });
  }
}

/**
 * Stage 1 by half-quadratic splitting (DPIR, Zhang et al. 2021, Alg. 1) on the same objective ‖y − Ax‖²/(2σ_y²) −
 * log p(x): the denoiser is the prox of the prior smoothed to σ_k, and the data step is closed form:
 * z = D(x + σ_k n, σ_k) (n = 0 with priorNoise 'none'), x ← argmin ‖y − Ax‖²/(2σ_y²) + ‖x − z‖²/(2σ_k²).
 * No weight or learning rate; σ_y = 0 makes the data step the exact projection onto {Ax = y}.
 */
async function hqsStage1(
  context: RunContext,
  config: MapConfig,
  schedule: VpSchedule,
  rngs: readonly Rng[],
  xs: Float32Array[],
  snapshots: Snapshot[][] | undefined,
): Promise<void> {
  const timesteps = mapTimesteps(config, schedule);
  for (let k = 0; k < config.iterations; k++) {
    const s = timesteps[k];
    const sigma = schedule.sigma[s];
    const zs = priorNoiseDraws(config, rngs, xs[0].length);
    const inputs = xs.map((x, j) =>
      combine([
        [1, x],
        [sigma, zs[j]],
      ]),
    );
    const denoised = await context.calls.denoise(
      inputs,
      inputs.map(() => sigma),
    );
    const vpInputs = snapshots ? inputs.map((x) => combine([[Math.sqrt(schedule.alphaBar[s]), x]])) : inputs;
    reportMapStep(context, config, k, xs, vpInputs, snapshots);
    denoised.forEach((z, j) => {
      xs[j] = context.measurement.proxData(z, sigma);
    });
  }
}

/** Stage 1 for several seeds at once (one batched call per iteration); returns x_MAP per seed rng. */
export async function mapEstimates(
  context: RunContext,
  config: MapConfig,
  schedule: VpSchedule,
  seedRngs: readonly Rng[],
  snapshots?: Snapshot[][],
): Promise<Float32Array[]> {
  const rngs = seedRngs.map((rng) => rng.fork(STREAMS.stage1));
  const start = mapStart(context.measurement);
  const xs = rngs.map(() => start.slice());
  const run = config.optimiser === 'hqs' ? hqsStage1 : adamStage1;
  await run(context, config, schedule, rngs, xs, snapshots);
  return xs;
}

/**
 * Re-noises each seed's estimate to every t0 and runs the (seed, t0) branches batched (all at once, or in progressive
 * phases), streaming points as they finish (within a phase, small t0 first). The kernel, and so the stage-2 rule, is the same for MAP-RPS and CCDF.
 */
async function branchSweep(
  context: RunContext,
  stage2: ReverseConfig,
  estimates: readonly Float32Array[],
  rngs: readonly Rng[],
  seeds: readonly number[],
  t0s: readonly number[],
  stage1: { nfe: number; snapshots?: Snapshot[][] },
  { onPoint, progressive }: Pick<SweepOptions, 'onPoint' | 'progressive'>,
): Promise<SweepPoint[]> {
  const schedule = scheduleOf(stage2);
  const shape = context.measurement.operator.inShape;
  const branches = estimates.flatMap((estimate, j) =>
    t0s.map((t0) => {
      const chain: Chain = renoisedChain(stage2, estimate, t0, rngs[j].fork(STREAMS.stage2).fork(t0));
      if (stage1.snapshots) {
        const renoise: Snapshot = {
          stage: { kind: 'renoise', t0, sigma: schedule.sigma[t0] },
          xt: combine([[Math.sqrt(schedule.alphaBar[t0]), chain.x]]),
          x0: estimate,
        };
        chain.snapshots = [...stage1.snapshots[j], renoise];
      }
      return { chain, t0, seed: seeds[j] };
    }),
  );
  const points: SweepPoint[] = [];
  for (const phase of sweepPhases(t0s, progressive)) {
    const group = branches.filter((b) => phase.includes(b.t0));
    await runChains(
      context,
      stage2,
      group.map((b) => b.chain),
      (i) => {
        const { chain, t0, seed } = group[i];
        const point: SweepPoint = {
          t0,
          seed,
          image: createImage(shape, chain.x),
          nfe: stage1.nfe + plannedReverseCalls(stage2, [t0]),
          snapshots: chain.snapshots,
        };
        points.push(point);
        onPoint?.(point);
      },
    );
  }
  return points;
}

export interface SweepPlan {
  /** Stage-1 settings (MAP-RPS); absent for CCDF (start from the Wiener inverse of y). */
  map?: MapConfig;
  stage2: ReverseConfig;
}

async function sweepWithRngs(
  denoiser: Denoiser,
  measurement: Measurement,
  plan: SweepPlan,
  t0s: readonly number[],
  seeds: readonly number[],
  rngs: readonly Rng[],
  options: SweepOptions,
): Promise<SweepResult> {
  const schedule = scheduleOf(plan.stage2);
  assertReverseConfig(plan.stage2);
  assertT0s(t0s, schedule);
  if (plan.map) assertMapConfig(plan.map, schedule);
  if (rngs.length === 0) throw new Error('a sweep needs at least one seed');
  const shape = measurement.operator.inShape;
  const given = options.mapEstimates;
  if (given) {
    if (!plan.map) throw new Error('precomputed x_MAP needs a MAP-RPS plan (CCDF has no stage 1)');
    assertMapEstimates(given, rngs.length, shapeSize(shape));
  }
  const calls = new DenoiserCalls(denoiser, shape, options.signal);
  const context: RunContext = { calls, measurement, options, nfeTotal: plannedSweepNfe(plan, t0s, options) };
  const snapshots = options.keepSnapshots ? rngs.map((): Snapshot[] => []) : undefined;
  const estimates = given
    ? given.map((x) => x.slice())
    : plan.map
      ? await mapEstimates(context, plan.map, schedule, rngs, snapshots)
      : rngs.map(() => mapStart(measurement));
  const points = await branchSweep(
    context,
    plan.stage2,
    estimates,
    rngs,
    seeds,
    t0s,
    { nfe: plan.map?.iterations ?? 0, snapshots },
    options,
  );
  return { points, estimates: estimates.map((x) => createImage(shape, x)), nfe: calls.calls };
}

/**
 * A sweep over several t0 and seeds: MAP-RPS when `plan.map` is given (stage 1 once per seed, seeds batched, or
 * `options.mapEstimates` from an earlier sweep), CCDF (start from the Wiener inverse of y) otherwise; then every (seed, t0) branch
 * batched. NFE = map.iterations + longest branch (× 2 with DPS); see `plannedSweepNfe` for the other schedules.
 * Seed s gives the same pixels as solveMapRps / solveCcdf with rng = createRng(s), whatever the schedule.
 */
export function sweep(
  denoiser: Denoiser,
  measurement: Measurement,
  plan: SweepPlan,
  t0s: readonly number[],
  seeds: readonly number[],
  options: SweepOptions = {},
): Promise<SweepResult> {
  return sweepWithRngs(denoiser, measurement, plan, t0s, seeds, seeds.map(createRng), options);
}

async function solveOne(
  denoiser: Denoiser,
  measurement: Measurement,
  plan: SweepPlan,
  t0: number,
  options: SolveOptions,
): Promise<SolveResult> {
  const { rng, ...rest } = options;
  const { points, nfe } = await sweepWithRngs(denoiser, measurement, plan, [t0], [0], [rng], rest);
  return { image: points[0].image, nfe, snapshots: points[0].snapshots };
}

/** MAP-RPS at one t0: NFE = map.iterations + stage-2 steps (× 2 with DPS); t0 = 0 returns x_MAP. */
export function solveMapRps(
  denoiser: Denoiser,
  measurement: Measurement,
  config: MapRpsConfig,
  options: SolveOptions,
): Promise<SolveResult> {
  return solveOne(denoiser, measurement, config, config.t0, options);
}

/** CCDF at one t0: NFE = stage-2 steps (× 2 with DPS); t0 = 0 returns the Wiener inverse of y. */
export function solveCcdf(
  denoiser: Denoiser,
  measurement: Measurement,
  config: CcdfConfig,
  options: SolveOptions,
): Promise<SolveResult> {
  return solveOne(denoiser, measurement, { stage2: config.stage2 }, config.t0, options);
}

/**
 * Denoiser calls a sweep will make (shown before running): stage 1 (none with precomputed x_MAP) plus the longest
 * branch of each phase (one phase unless progressive).
 */
export function plannedSweepNfe(config: SweepPlan, t0s: readonly number[], schedule: SweepSchedule = {}): number {
  const stage1 = schedule.mapEstimates ? 0 : (config.map?.iterations ?? 0);
  const phases = sweepPhases(t0s, schedule.progressive);
  return phases.reduce((sum, phase) => sum + plannedReverseCalls(config.stage2, phase), stage1);
}
