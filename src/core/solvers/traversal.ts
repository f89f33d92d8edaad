// Distortion–perception traversal strategies, each driven by one knob u ∈ [0, 1] (0 = distortion end, 1 = perception
// end), for the slider and for comparing strategies against the optimal frontier:
// - 'map-rps': MAP-RPS with t0 = round(t0Max·u²) (dense near 0, where the image changes fastest);
// - 'ccdf': the same t0 knob from the Wiener inverse of y (Chung et al. 2022), the baseline MAP-RPS must beat;
// - 'interpolation': x̂ = (1 − u)·x_MMSE + u·x_sample, x_MMSE = x_MAP or the mean of N samples (Freirich et al. 2021);
// - 'averaging': the mean of N(u) = round(N^(1−u)) posterior samples;
// - 'variance-scaling': the posterior sampler with every fresh noise draw scaled by λ = u (Wang et al. CVPR 2025).
import type { Denoiser } from '../denoiser';
import type { Measurement } from '../operators';
import { createRng, type Rng } from '../rng';
import { createImage, type Image, shapeSize } from '../tensor';
import { DenoiserCalls } from './calls';
import {
  assertMapEstimates,
  type MapRpsConfig,
  mapEstimates,
  plannedSweepNfe,
  type SweepOptions,
  type SweepSchedule,
  sweep,
} from './mapRps';
import {
  assertReverseConfig,
  type Chain,
  noiseChain,
  plannedReverseCalls,
  type ReverseConfig,
  type RunContext,
  runChains,
  STREAMS,
  scheduleOf,
} from './reverse';
import { combine, mean } from './vec';

export type TraversalStrategy = 'map-rps' | 'ccdf' | 'interpolation' | 'averaging' | 'variance-scaling';
export const TRAVERSAL_STRATEGIES: readonly TraversalStrategy[] = [
  'map-rps',
  'ccdf',
  'interpolation',
  'averaging',
  'variance-scaling',
];

export interface TraversalConfig {
  /** MAP-RPS stage 1 and stage 2 (stage 2 is also CCDF's sampler; x_MAP is interpolation's MMSE end with 'map'). */
  mapRps: Omit<MapRpsConfig, 't0'>;
  /** t0 at u = 1 for 'map-rps' and 'ccdf'. */
  t0Max: number;
  /** The posterior sampler run from T for 'interpolation', 'averaging' and 'variance-scaling'. */
  sampler: ReverseConfig;
  /** N: the most samples 'averaging' averages, and the samples behind 'interpolation' with mmse = 'average'. */
  samples: number;
  mmse: 'map' | 'average';
}

/** What the knob means for a strategy, for labels. */
export type KnobSetting =
  | { strategy: 'map-rps' | 'ccdf'; t0: number }
  | { strategy: 'interpolation'; alpha: number }
  | { strategy: 'averaging'; samples: number }
  | { strategy: 'variance-scaling'; lambda: number };

/** The t0 knob of 'map-rps' and 'ccdf': t0 = round(t0Max·u²). */
export function t0ForKnob(u: number, t0Max: number): number {
  return Math.round(t0Max * u * u);
}

export function knobSetting(strategy: TraversalStrategy, u: number, config: TraversalConfig): KnobSetting {
  if (!(u >= 0 && u <= 1)) throw new Error(`traversal knob must be in [0, 1], got ${u}`);
  switch (strategy) {
    case 'map-rps':
    case 'ccdf':
      return { strategy, t0: t0ForKnob(u, config.t0Max) };
    case 'interpolation':
      return { strategy, alpha: u };
    case 'averaging':
      return { strategy, samples: Math.round(config.samples ** (1 - u)) };
    case 'variance-scaling':
      return { strategy, lambda: u };
    default:
      throw new Error(`unknown traversal strategy ${strategy}`);
  }
}

export interface CurvePoint {
  knob: number;
  setting: KnobSetting;
  seed: number;
  image: Image;
  /** Denoiser calls behind this point when computed on its own. */
  nfe: number;
}

export interface CurveResult {
  points: CurvePoint[];
  /** Denoiser calls made for the whole curve (all knobs and seeds batched). */
  nfe: number;
  /** x_MAP per seed where the strategy uses one ('map-rps'; 'interpolation' with mmse = 'map'), to pass back later. */
  mapEstimates?: Float32Array[];
}

export type CurveOptions = Omit<SweepOptions, 'onPoint'> & { onPoint?: (point: CurvePoint) => void };

function assertTraversalConfig(config: TraversalConfig): void {
  assertReverseConfig(config.sampler);
  if (!Number.isInteger(config.samples) || config.samples < 1) {
    throw new Error(`traversal needs a positive integer sample count, got ${config.samples}`);
  }
  if (!Number.isInteger(config.t0Max) || config.t0Max < 0 || config.t0Max > scheduleOf(config.mapRps.stage2).steps) {
    throw new Error(`t0Max must be an integer timestep, got ${config.t0Max}`);
  }
}

/** Whether the strategy runs MAP-RPS stage 1 (and so can reuse its x_MAP through `mapEstimates`). */
export function usesMapEstimate(strategy: TraversalStrategy, config: TraversalConfig): boolean {
  return strategy === 'map-rps' || (strategy === 'interpolation' && config.mmse === 'map');
}

/** Denoiser calls a curve of this strategy will make (all knobs and seeds batched). */
export function plannedCurveNfe(
  strategy: TraversalStrategy,
  config: TraversalConfig,
  knobs: readonly number[],
  schedule: SweepSchedule = {},
): number {
  const fromNoise = plannedReverseCalls(config.sampler, [scheduleOf(config.sampler).steps]);
  const t0s = () => knobs.map((u) => t0ForKnob(u, config.t0Max));
  switch (strategy) {
    case 'map-rps':
      return plannedSweepNfe(config.mapRps, t0s(), schedule);
    case 'ccdf':
      return plannedSweepNfe({ stage2: config.mapRps.stage2 }, t0s(), { progressive: schedule.progressive });
    case 'interpolation':
      return fromNoise + (config.mmse === 'map' && !schedule.mapEstimates ? config.mapRps.map.iterations : 0);
    case 'averaging':
    case 'variance-scaling':
      return fromNoise;
  }
}

async function sweepCurve(
  strategy: 'map-rps' | 'ccdf',
  denoiser: Denoiser,
  measurement: Measurement,
  config: TraversalConfig,
  knobs: readonly number[],
  seeds: readonly number[],
  options: CurveOptions,
): Promise<CurveResult> {
  const knobT0s = knobs.map((u) => t0ForKnob(u, config.t0Max));
  const toCurvePoints = (point: { t0: number; seed: number; image: Image; nfe: number }) =>
    knobs.flatMap((knob, k) =>
      knobT0s[k] === point.t0
        ? [{ knob, setting: { strategy, t0: point.t0 }, seed: point.seed, image: point.image, nfe: point.nfe }]
        : [],
    );
  const t0s = [...new Set(knobT0s)];
  const { onPoint, mapEstimates: given, ...rest } = options;
  const sweepOptions: SweepOptions = {
    ...rest,
    mapEstimates: strategy === 'map-rps' ? given : undefined,
    onPoint: (point) => {
      for (const p of toCurvePoints(point)) onPoint?.(p);
    },
  };
  const plan = strategy === 'map-rps' ? config.mapRps : { stage2: config.mapRps.stage2 };
  const result = await sweep(denoiser, measurement, plan, t0s, seeds, sweepOptions);
  return {
    points: result.points.flatMap(toCurvePoints),
    nfe: result.nfe,
    mapEstimates: strategy === 'map-rps' ? result.estimates.map((x) => x.data) : undefined,
  };
}

/** A sampling strategy's output at one knob from one seed's chains (chain k is knob k for variance scaling). */
function combineOutputs(
  setting: KnobSetting,
  knobIndex: number,
  outputs: readonly Float32Array[],
  mapEstimate: Float32Array | undefined,
): Float32Array {
  switch (setting.strategy) {
    case 'variance-scaling':
      return outputs[knobIndex];
    case 'averaging':
      return mean(outputs.slice(0, setting.samples));
    case 'interpolation':
      return combine([
        [1 - setting.alpha, mapEstimate ?? mean(outputs)],
        [setting.alpha, outputs[0]],
      ]);
    default:
      throw new Error(`${setting.strategy} is not a sampling strategy`);
  }
}

/**
 * The strategy's outputs at every knob value and seed. All chains of all seeds run batched; seed s uses
 * createRng(s) with the same streams as the single solvers (so the λ = 1 chain of 'variance-scaling', sample 0 of
 * 'averaging' and the sample of 'interpolation' are the same image, and the MMSE end of 'interpolation' with
 * mmse = 'map' is MAP-RPS's x_MAP).
 */
export async function traversalCurve(
  strategy: TraversalStrategy,
  denoiser: Denoiser,
  measurement: Measurement,
  config: TraversalConfig,
  knobs: readonly number[],
  seeds: readonly number[],
  options: CurveOptions = {},
): Promise<CurveResult> {
  assertTraversalConfig(config);
  if (knobs.length === 0 || seeds.length === 0) throw new Error('a traversal curve needs knob values and seeds');
  const settings = knobs.map((u) => knobSetting(strategy, u, config));
  if (strategy === 'map-rps' || strategy === 'ccdf') {
    return sweepCurve(strategy, denoiser, measurement, config, knobs, seeds, options);
  }
  const shape = measurement.operator.inShape;
  const calls = new DenoiserCalls(denoiser, shape, options.signal);
  const context: RunContext = {
    calls,
    measurement,
    options,
    nfeTotal: plannedCurveNfe(strategy, config, knobs, options),
  };
  const rngs = seeds.map(createRng);
  const sampleStream = (rng: Rng, i: number) => rng.fork(STREAMS.samples).fork(i);
  // Chains per seed: variance scaling runs one per knob (same noise stream, scaled); the others draw N or 1 samples.
  const perSeed =
    strategy === 'variance-scaling'
      ? settings.map((s) => ({ stream: 0, noiseScale: (s as { lambda: number }).lambda }))
      : Array.from({ length: strategy === 'averaging' || config.mmse === 'average' ? config.samples : 1 }, (_, i) => ({
          stream: i,
          noiseScale: 1,
        }));
  const chains: Chain[][] = rngs.map((rng) =>
    perSeed.map(({ stream, noiseScale }) =>
      noiseChain(config.sampler, shapeSize(shape), sampleStream(rng, stream), noiseScale),
    ),
  );
  if (options.mapEstimates && usesMapEstimate(strategy, config)) {
    assertMapEstimates(options.mapEstimates, seeds.length, shapeSize(shape));
  }
  const mmseEnds = !usesMapEstimate(strategy, config)
    ? undefined
    : (options.mapEstimates?.map((x) => x.slice()) ??
      (await mapEstimates(context, config.mapRps.map, scheduleOf(config.mapRps.stage2), rngs)));
  await runChains(context, config.sampler, chains.flat(), () => {});
  const nfe = calls.calls;
  const points = rngs.flatMap((_, j) =>
    knobs.map((knob, k): CurvePoint => {
      const outputs = chains[j].map((chain) => chain.x);
      const image = combineOutputs(settings[k], k, outputs, mmseEnds?.[j]);
      return { knob, setting: settings[k], seed: seeds[j], image: createImage(shape, image), nfe };
    }),
  );
  for (const p of points) options.onPoint?.(p);
  return { points, nfe, mapEstimates: mmseEnds };
}
