// The methods the app offers, their settings per task and preset (from the solvers' presets), their knob grid
// for the slider and their planned denoiser calls (shown before running). Shared by the UI and the worker.
import {
  type HoleShape,
  type KnobSetting,
  knobSetting,
  PEER_METHODS,
  type PeerMethod,
  type Preset,
  peerPreset,
  plannedCurveNfe,
  plannedReverseCalls,
  POSTERIOR_MEAN_SAMPLES,
  posteriorMeanPreset,
  redDiffPreset,
  type Task,
  type TraversalConfig,
  type TraversalStrategy,
  t0Sweep,
  traversalPreset,
} from '../core/solvers';
import type { DegradationKind } from './settings';

export type MethodId = TraversalStrategy | PeerMethod | 'red-diff' | 'posterior-mean';

export interface MethodInfo {
  id: MethodId;
  label: string;
  /** 'curve': a knob traverses the D-P tradeoff (the slider); 'single': one output per run. */
  kind: 'curve' | 'single';
}

export const METHODS: readonly MethodInfo[] = [
  { id: 'map-rps', label: 'MAP-RPS (knob: t0)', kind: 'curve' },
  { id: 'ccdf', label: 'CCDF from the Wiener inverse (knob: t0)', kind: 'curve' },
  { id: 'interpolation', label: 'MMSE ↔ sample (knob: α)', kind: 'curve' },
  { id: 'averaging', label: 'Average of N samples (knob: N)', kind: 'curve' },
  { id: 'variance-scaling', label: 'Variance scaling (knob: λ)', kind: 'curve' },
  { id: 'ddnm', label: 'DDNM+', kind: 'single' },
  { id: 'ddrm', label: 'DDRM', kind: 'single' },
  { id: 'diffpir', label: 'DiffPIR', kind: 'single' },
  { id: 'dps', label: 'DPS', kind: 'single' },
  { id: 'dmps', label: 'DMPS', kind: 'single' },
  { id: 'clamp-release', label: 'Clamp-and-release', kind: 'single' },
  { id: 'red-diff', label: 'RED-diff', kind: 'single' },
  {
    id: 'posterior-mean',
    label: 'Posterior mean (average of N clamp-and-release samples, 100 steps)',
    kind: 'single',
  },
];

export function methodInfo(id: string): MethodInfo | undefined {
  return METHODS.find((m) => m.id === id);
}

export function isPeer(id: MethodId): id is PeerMethod {
  return (PEER_METHODS as readonly string[]).includes(id);
}

export function taskOf(kind: DegradationKind): Task {
  if (kind.startsWith('blur-')) return 'deblur';
  if (kind.startsWith('inpaint-')) return 'inpaint';
  if (kind === 'sr2' || kind === 'sr4') return 'sr';
  return 'denoise';
}

/** What an inpainting degradation leaves missing: random pixels are scattered; a box, a half or a painted mask a region. */
export function holeShapeOf(kind: DegradationKind): HoleShape {
  return kind === 'inpaint-random' ? 'scattered' : 'region';
}

/** The curve methods' settings for this degradation (the t0 range depends on the hole's shape for inpainting). */
export function traversalOf(kind: DegradationKind, preset: Preset): TraversalConfig {
  return traversalPreset(taskOf(kind), preset, holeShapeOf(kind));
}

/** The t0 values a benchmark runs by default for this degradation (the preset's sweep, see `t0Sweep`). */
export function t0SweepOf(kind: DegradationKind, preset: Preset): number[] {
  return t0Sweep(taskOf(kind), preset, holeShapeOf(kind));
}

/** Slider positions: knob u = k/10; for t0 methods t0 = round(t0max·u²), dense near 0. */
export const KNOB_GRID: readonly number[] = Array.from({ length: 11 }, (_, k) => k / 10);

/**
 * Knobs the first run computes. Where each knob costs a chain of its own (t0 branches, variance scales) every other
 * grid position, both ends included; the rest are computed when the slider reaches them. Interpolation and
 * averaging combine the same samples, so every position comes free.
 */
export function initialKnobs(method: MethodId): number[] {
  const info = methodInfo(method);
  if (info?.kind === 'single') return [0];
  if (method === 'interpolation' || method === 'averaging') return [...KNOB_GRID];
  return KNOB_GRID.filter((_, k) => k % 2 === 0);
}

export function plannedNfe(
  method: MethodId,
  kind: DegradationKind,
  preset: Preset,
  knobs: readonly number[],
  samples = POSTERIOR_MEAN_SAMPLES,
): number {
  const task = taskOf(kind);
  if (method === 'red-diff') return redDiffPreset(preset).steps;
  if (method === 'posterior-mean') {
    return plannedReverseCalls(posteriorMeanPreset(task, preset, samples).sampler, [1000]);
  }
  if (isPeer(method)) return plannedReverseCalls(peerPreset(method, task, preset), [1000]);
  return plannedCurveNfe(method, traversalOf(kind, preset), knobs);
}

/** The knob's parameter under its paper symbol: t0 (re-noise step), α (MMSE↔sample weight), N (samples), λ (scale). */
export function knobParameter(setting: KnobSetting): { name: 't0' | 'α' | 'N' | 'λ'; value: number } {
  switch (setting.strategy) {
    case 'map-rps':
    case 'ccdf':
      return { name: 't0', value: setting.t0 };
    case 'interpolation':
      return { name: 'α', value: setting.alpha };
    case 'averaging':
      return { name: 'N', value: setting.samples };
    case 'variance-scaling':
      return { name: 'λ', value: setting.lambda };
  }
}

export type KnobParameter = ReturnType<typeof knobParameter>;

/** The knob's parameter for this method (t0 = 25 as { name: 't0', value: 25 }); undefined for single-output methods. */
export function knobParameterOf(
  method: MethodId,
  kind: DegradationKind,
  preset: Preset,
  knob: number,
): KnobParameter | undefined {
  if (methodInfo(method)?.kind !== 'curve') return undefined;
  return knobParameter(knobSetting(method as TraversalStrategy, knob, traversalOf(kind, preset)));
}

/** What the knob value means for this method ("t0 = 25"), or '' for single-output methods. */
export function knobLabel(method: MethodId, kind: DegradationKind, preset: Preset, knob: number): string {
  const parameter = knobParameterOf(method, kind, preset, knob);
  if (!parameter) return '';
  const { name, value } = parameter;
  return `${name} = ${name === 'α' || name === 'λ' ? value.toFixed(1) : value}`;
}
