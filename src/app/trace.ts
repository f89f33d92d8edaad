// Inside the diffusion: the schedule a method follows (timestep and σ at every step, for the schedule chart) and a
// recorded run of one slider position (x_t and the x0-estimate at evenly spaced steps, with the residual ‖y − A x̂0‖).
import type { Denoiser } from '../core/denoiser';
import type { Measurement } from '../core/operators';
import { createRng } from '../core/rng';
import { timestepGrid } from '../core/schedule';
import {
  evenlySpacedSnapshots,
  type MapConfig,
  mapTimesteps,
  peerPreset,
  redDiffPreset,
  type Snapshot,
  type SolveResult,
  type Stage,
  solveCcdf,
  solveMapRps,
  solvePosteriorSampler,
  solveRedDiff,
  t0ForKnob,
  traversalPreset,
} from '../core/solvers';
import { chainGrid, scheduleOf } from '../core/solvers/reverse';
import { isPeer, type MethodId, taskOf } from './methods';
import type { DegradationKind, PresetId } from './settings';

/** One step of a method's schedule: where a snapshot of that step sits, and its timestep and noise level. */
export interface ScheduleStep {
  stage: Stage;
  t: number;
  sigma: number;
}

/** The stored steps per stage of a recorded run (so at most 2·TRACE_STEPS_PER_STAGE + 1 snapshots are kept). */
export const TRACE_STEPS_PER_STAGE = 24;

interface Plan {
  map?: MapConfig;
  t0?: number;
  /** Timesteps of the reverse chain (from its start down to 0), or RED-diff's descending timesteps. */
  grid: Int32Array;
  redDiff: boolean;
}

function plan(method: MethodId, degradation: DegradationKind, preset: PresetId, knob: number): Plan {
  const task = taskOf(degradation);
  if (method === 'red-diff') {
    const config = redDiffPreset(preset);
    return { grid: timestepGrid(scheduleOf(config).steps, config.steps).subarray(0, -1), redDiff: true };
  }
  if (isPeer(method) || method === 'posterior-mean') {
    // The posterior mean's trace is its first sample (a clamp-and-release run from T).
    const config = peerPreset(isPeer(method) ? method : 'clamp-release', task, preset);
    return { grid: chainGrid(config, scheduleOf(config).steps), redDiff: false };
  }
  const traversal = traversalPreset(task, preset);
  if (method === 'map-rps' || method === 'ccdf') {
    const t0 = t0ForKnob(knob, traversal.t0Max);
    const { map, stage2 } = traversal.mapRps;
    return { map: method === 'map-rps' ? map : undefined, t0, grid: chainGrid(stage2, t0), redDiff: false };
  }
  // Interpolation, averaging, variance scaling: the posterior sample from T behind the knob.
  return { grid: chainGrid(traversal.sampler, scheduleOf(traversal.sampler).steps), redDiff: false };
}

/**
 * Every step the method takes for this knob, in order, labelled with the Stage its solver reports: stage-1 iterations
 * (at the prior's small timestep s), the re-noising jump to t0, the reverse steps, and the final t = 0.
 */
export function methodSchedule(
  method: MethodId,
  degradation: DegradationKind,
  preset: PresetId,
  knob: number,
): ScheduleStep[] {
  const { map, t0, grid, redDiff } = plan(method, degradation, preset, knob);
  const sigma = scheduleOf({}).sigma;
  const steps: ScheduleStep[] = [];
  if (redDiff) {
    grid.forEach((t, k) => {
      steps.push({ stage: { kind: 'map', iteration: k + 1, of: grid.length }, t, sigma: sigma[t] });
    });
    return steps;
  }
  const mapSteps = map ? mapTimesteps(map, scheduleOf({})) : new Int32Array(0);
  mapSteps.forEach((s, k) => {
    steps.push({ stage: { kind: 'map', iteration: k + 1, of: mapSteps.length }, t: s, sigma: sigma[s] });
  });
  if (t0 !== undefined) steps.push({ stage: { kind: 'renoise', t0, sigma: sigma[t0] }, t: t0, sigma: sigma[t0] });
  const of = grid.length - 1;
  for (let k = 1; k <= of; k++) {
    const t = grid[k - 1];
    steps.push({ stage: { kind: 'sample', step: k, of, t, sigma: sigma[t] }, t, sigma: sigma[t] });
  }
  return steps;
}

/** What a step is, in words ("stage 1 (MAP): iteration 12 of 60"). */
export function describeStage(stage: Stage): string {
  if (stage.kind === 'map') return `stage 1 (MAP): iteration ${stage.iteration} of ${stage.of}`;
  if (stage.kind === 'renoise') return `re-noising to t0 = ${stage.t0}`;
  return `sampling: step ${stage.step} of ${stage.of} (t = ${stage.t})`;
}

/** Position of a solver's reported stage in the method's schedule (-1 if it is not part of it). */
export function schedulePosition(schedule: readonly ScheduleStep[], stage: Stage): number {
  const key = JSON.stringify(stage);
  return schedule.findIndex((step) => JSON.stringify(step.stage) === key);
}

/** ‖y − A x̂0‖₂: how far an estimate is from explaining the measurement. */
export function residualNorm(measurement: Measurement, x0: Float32Array): number {
  const predicted = measurement.operator.forward(x0);
  let sum = 0;
  for (let i = 0; i < predicted.length; i++) sum += (measurement.y[i] - predicted[i]) ** 2;
  return Math.sqrt(sum);
}

export interface TraceRun {
  denoiser: Denoiser;
  measurement: Measurement;
  degradation: DegradationKind;
  preset: PresetId;
  seed: number;
  knob: number;
  signal?: AbortSignal;
}

/**
 * Reruns one slider position with snapshots: the same solver and seed as the curve's point (MAP-RPS and CCDF give
 * the same pixels), or for the sample-based strategies the posterior sample behind the knob. Keeps at most
 * TRACE_STEPS_PER_STAGE evenly spaced steps per stage.
 */
export function traceMethod(method: MethodId, run: TraceRun): Promise<SolveResult & { snapshots: Snapshot[] }> {
  const { denoiser, measurement, preset, knob } = run;
  const task = taskOf(run.degradation);
  const options = {
    rng: createRng(run.seed),
    signal: run.signal,
    keepSnapshots: evenlySpacedSnapshots(TRACE_STEPS_PER_STAGE),
  };
  const traversal = traversalPreset(task, preset);
  const t0 = t0ForKnob(knob, traversal.t0Max);
  let solved: Promise<SolveResult>;
  if (method === 'map-rps') solved = solveMapRps(denoiser, measurement, { ...traversal.mapRps, t0 }, options);
  else if (method === 'ccdf')
    solved = solveCcdf(denoiser, measurement, { stage2: traversal.mapRps.stage2, t0 }, options);
  else if (method === 'red-diff') solved = solveRedDiff(denoiser, measurement, redDiffPreset(preset), options);
  else if (isPeer(method))
    solved = solvePosteriorSampler(denoiser, measurement, peerPreset(method, task, preset), options);
  else if (method === 'posterior-mean')
    solved = solvePosteriorSampler(denoiser, measurement, peerPreset('clamp-release', task, preset), options);
  else solved = solvePosteriorSampler(denoiser, measurement, traversal.sampler, options);
  return solved.then((result) => ({ ...result, snapshots: result.snapshots ?? [] }));
}
