// An experiment: one prior, one degradation, several methods over knob values and seeds. The app exports it as
// JSON ("settings for the benchmark CLI") and `npm run dp -- --settings file.json` reruns it on a set of images,
// so both sides read and write exactly this format.
import type { Denoiser } from '../core/denoiser';
import type { Measurement } from '../core/operators';
import { createRng } from '../core/rng';
import {
  MAX_POSTERIOR_MEAN_SAMPLES,
  POSTERIOR_MEAN_SAMPLES,
  PRESETS,
  type Progress,
  peerPreset,
  posteriorMeanPreset,
  redDiffPreset,
  type SolveOptions,
  type SolveResult,
  solvePosteriorMean,
  solvePosteriorSampler,
  solveRedDiff,
  type TraversalStrategy,
  traversalCurve,
} from '../core/solvers';
import type { Image } from '../core/tensor';
import { isPeer, METHODS, type MethodId, methodInfo, taskOf, traversalOf } from './methods';
import { DEGRADATION_LABELS } from './problem';
import { checkField, DEGRADATION_FIELDS, shown } from './schema';
import {
  DEFAULT_SETTINGS,
  type DegradationKind,
  type DegradationSettings,
  MAX_SEED,
  PRIOR_IDS,
  type PresetId,
  type PriorId,
  type Settings,
} from './settings';

export const EXPERIMENT_FORMAT = 'dp-playground-experiment';
export const EXPERIMENT_VERSION = 1;

export interface Experiment {
  format: typeof EXPERIMENT_FORMAT;
  version: typeof EXPERIMENT_VERSION;
  prior: PriorId;
  /** The degradation; a painted mask cannot travel in a file, so 'inpaint-brush' is not allowed. */
  degradation: DegradationSettings;
  methods: MethodId[];
  preset: PresetId;
  /** Knob values u ∈ [0, 1] of the curve methods (MAP-RPS and CCDF: t0 = round(t0max·u²)). */
  knobs: number[];
  /** Solver seeds: every (image, method, knob) runs once per seed. */
  seeds: number[];
  /** N of the posterior-mean reference. */
  samples: number;
}

/** Short names the command line accepts besides the method ids. */
export const METHOD_ALIASES: Readonly<Record<string, MethodId>> = {
  interp: 'interpolation',
  varscale: 'variance-scaling',
  avg: 'averaging',
  reddiff: 'red-diff',
};

/** Every degradation but the painted mask. */
const FILE_DEGRADATIONS = (Object.keys(DEGRADATION_LABELS) as DegradationKind[]).filter((k) => k !== 'inpaint-brush');

/**
 * The experiment behind the app's current settings, for its "export for the benchmark CLI" button: the comparison
 * panels' methods when comparing, else the one method. Throws (with the reason) what a file cannot carry: panels
 * with different presets (a file has one) or a painted mask.
 */
export function experimentFromSettings(settings: Settings, knobs: readonly number[]): Experiment {
  const { panels } = settings.compare;
  const methods = panels.length > 0 ? panels : [settings.method];
  const presets = new Set(methods.map((m) => m.preset));
  if (presets.size > 1) {
    throw new Error(`the panels use different presets (${[...presets].join(', ')}); a settings file has one`);
  }
  return parseExperiment({
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    prior: settings.prior,
    degradation: settings.degradation,
    methods: [...new Set(methods.map((m) => m.method))],
    preset: methods[0].preset,
    knobs,
    seeds: [settings.seed],
    samples: settings.method.samples,
  });
}

/** The settings file the app downloads and `npm run dp -- --settings FILE` reads. */
export function experimentFile(settings: Settings, knobs: readonly number[]): string {
  return `${JSON.stringify(experimentFromSettings(settings, knobs), null, 2)}\n`;
}

export function resolveMethod(name: string): MethodId | undefined {
  return METHOD_ALIASES[name] ?? methodInfo(name)?.id;
}

/** Knob values u = √(t0/t0max) that give exactly these t0 values for MAP-RPS and CCDF under this task and preset. */
export function knobsForT0(t0s: readonly number[], degradation: DegradationKind, preset: PresetId): number[] {
  const { t0Max } = traversalOf(degradation, preset);
  return t0s.map((t0) => {
    if (!Number.isInteger(t0) || t0 < 0 || t0 > t0Max) {
      throw new Error(`t0 must be an integer in 0..${t0Max} for this task and preset, got ${t0}`);
    }
    return Math.sqrt(t0 / t0Max);
  });
}

/** The knob values a method runs at: the experiment's knobs for a curve method, the single position 0 otherwise. */
export function methodKnobs(method: MethodId, knobs: readonly number[]): number[] {
  return methodInfo(method)?.kind === 'curve' ? [...knobs] : [0];
}

type Problems = string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], where: string, problems: Problems) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${where}: unknown field "${key}" (allowed: ${allowed.join(', ')})`);
  }
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, problems: Problems): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${where} must be one of ${allowed.join(', ')}; got ${shown(value)}`);
  return allowed[0];
}

/** Longest knob and seed lists a file (or the CLI) may give: every cell is kept in memory until it is written. */
export const MAX_KNOBS = 101;
export const MAX_SEEDS = 100;

function numberList(
  value: unknown,
  where: string,
  valid: (v: number) => boolean,
  rule: string,
  max: number,
  problems: Problems,
) {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${where} must be a non-empty list of numbers; got ${shown(value)}`);
    return [];
  }
  if (value.length > max) {
    problems.push(`${where} may list at most ${max} values; got ${value.length}`);
    return [];
  }
  const bad = value.filter((v) => typeof v !== 'number' || !valid(v));
  if (bad.length > 0)
    problems.push(`${where}: every value must be ${rule}; got ${bad.slice(0, 10).map(shown).join(', ')}`);
  if (new Set(value).size !== value.length) problems.push(`${where} lists a value twice`);
  return value as number[];
}

function parseDegradation(value: unknown, problems: Problems): DegradationSettings {
  const defaults = DEFAULT_SETTINGS.degradation;
  if (!isRecord(value)) {
    problems.push(`degradation must be an object with at least a "kind"; got ${shown(value)}`);
    return defaults;
  }
  checkKeys(value, Object.keys(defaults), 'degradation', problems);
  const merged = { ...defaults, ...value } as Record<string, unknown>;
  for (const [key, spec] of Object.entries(DEGRADATION_FIELDS)) {
    if (key === 'kind') continue;
    const problem = checkField(`degradation.${key}`, spec, merged[key]);
    if (problem) problems.push(problem);
  }
  if (value.kind === 'inpaint-brush') {
    problems.push('degradation.kind "inpaint-brush" needs a painted mask, which a settings file cannot carry');
  } else {
    oneOf(value.kind, FILE_DEGRADATIONS, 'degradation.kind', problems);
  }
  return merged as unknown as DegradationSettings;
}

/**
 * Checks a parsed settings file; throws one error that lists every problem. Omitted optional fields take the app's
 * defaults (degradation fields, preset), knobs default to [0] and seeds to [0]. Method aliases become method ids.
 */
export function parseExperiment(value: unknown): Experiment {
  const problems: Problems = [];
  if (!isRecord(value)) throw new Error('experiment settings must be a JSON object');
  checkKeys(
    value,
    ['format', 'version', 'prior', 'degradation', 'methods', 'preset', 'knobs', 'seeds', 'samples'],
    'settings',
    problems,
  );
  if (value.format !== EXPERIMENT_FORMAT) {
    problems.push(`format must be "${EXPERIMENT_FORMAT}"; got ${shown(value.format)}`);
  }
  if (value.version !== EXPERIMENT_VERSION) {
    problems.push(
      `version must be ${EXPERIMENT_VERSION} (the only version this build reads); got ${shown(value.version)}`,
    );
  }
  const prior = oneOf(value.prior, PRIOR_IDS, 'prior', problems);
  const degradation = parseDegradation(value.degradation, problems);
  const preset =
    value.preset === undefined ? DEFAULT_SETTINGS.method.preset : oneOf(value.preset, PRESETS, 'preset', problems);
  const methods: MethodId[] = [];
  if (!Array.isArray(value.methods) || value.methods.length === 0) {
    problems.push(`methods must be a non-empty list of method names; got ${shown(value.methods)}`);
  } else if (value.methods.length > METHODS.length) {
    problems.push(`methods may list at most the ${METHODS.length} methods; got ${value.methods.length}`);
  } else {
    for (const name of value.methods) {
      const id = typeof name === 'string' ? resolveMethod(name) : undefined;
      if (!id) {
        const known = [...METHODS.map((m) => m.id), ...Object.keys(METHOD_ALIASES)].join(', ');
        problems.push(`unknown method ${shown(name)}; choose from ${known}`);
      } else if (methods.includes(id)) problems.push(`method ${id} is listed twice`);
      else methods.push(id);
    }
  }
  const knobs = numberList(value.knobs ?? [0], 'knobs', (u) => u >= 0 && u <= 1, 'in [0, 1]', MAX_KNOBS, problems);
  const seeds = numberList(
    value.seeds ?? [0],
    'seeds',
    (s) => Number.isInteger(s) && s >= 0 && s <= MAX_SEED,
    `an integer in 0..${MAX_SEED}`,
    MAX_SEEDS,
    problems,
  );
  const samples = value.samples ?? POSTERIOR_MEAN_SAMPLES;
  if (
    typeof samples !== 'number' ||
    !Number.isInteger(samples) ||
    samples < 1 ||
    samples > MAX_POSTERIOR_MEAN_SAMPLES
  ) {
    problems.push(`samples must be an integer in 1..${MAX_POSTERIOR_MEAN_SAMPLES}; got ${shown(samples)}`);
  }
  if (problems.length > 0) throw new Error(`invalid experiment settings:\n  - ${problems.join('\n  - ')}`);
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    prior,
    degradation,
    methods,
    preset,
    knobs,
    seeds,
    samples: samples as number,
  };
}

/** One finished output of a method run. */
export interface MethodPoint {
  knob: number;
  seed: number;
  image: Image;
  /** Denoiser calls this output needs when computed on its own. */
  nfe: number;
}

/**
 * x_MAP per solver seed for one set of inputs (prior, measurement, degradation, preset), kept by the caller so that
 * later runs with new knob values skip MAP-RPS stage 1 (`MapEstimateCache` scopes one to the inputs).
 */
export interface MapEstimateStore {
  get(seed: number): Float32Array | undefined;
  set(seed: number, estimate: Float32Array): void;
}

export interface MethodRun {
  denoiser: Denoiser;
  measurement: Measurement;
  degradation: DegradationKind;
  preset: PresetId;
  /** Knob values (curve methods); single-output methods run once per seed. */
  knobs: readonly number[];
  seeds: readonly number[];
  signal?: AbortSignal;
  onStep?: (progress: Progress) => void;
  onPoint: (point: MethodPoint) => void;
  /** Where x_MAP is reused from and kept for the next run (stage 1 runs only when a seed has none stored). */
  mapStore?: MapEstimateStore;
  /** N of the posterior-mean reference (absent: its default). */
  samples?: number;
  /** Stream a curve coarse to fine (x_MAP, the largest t0, then the rest) at the cost of one extra branch of calls. */
  progressive?: boolean;
}

type SingleSolver = (denoiser: Denoiser, measurement: Measurement, options: SolveOptions) => Promise<SolveResult>;

function singleSolver(method: MethodId, run: MethodRun): SingleSolver | undefined {
  const task = taskOf(run.degradation);
  if (method === 'red-diff') return (d, m, o) => solveRedDiff(d, m, redDiffPreset(run.preset), o);
  if (method === 'posterior-mean') {
    return (d, m, o) => solvePosteriorMean(d, m, posteriorMeanPreset(task, run.preset, run.samples), o);
  }
  if (isPeer(method)) return (d, m, o) => solvePosteriorSampler(d, m, peerPreset(method, task, run.preset), o);
  return undefined;
}

/**
 * Runs `method` at every knob and seed; resolves with the denoiser calls made. Curve methods batch all knobs and
 * seeds in their own calls; single-output methods run their seeds side by side (pass a coalescing denoiser to
 * batch those too), so their count is that of one seed's run.
 */
export async function runMethod(method: MethodId, run: MethodRun): Promise<number> {
  const { denoiser, measurement, signal, onStep, onPoint } = run;
  const single = singleSolver(method, run);
  if (single) {
    const calls = await Promise.all(
      run.seeds.map(async (seed) => {
        const result = await single(denoiser, measurement, { rng: createRng(seed), signal, onStep });
        onPoint({ knob: 0, seed, image: result.image, nfe: result.nfe });
        return result.nfe;
      }),
    );
    return Math.max(...calls);
  }
  const stored = run.seeds.map((seed) => run.mapStore?.get(seed));
  const mapEstimates = stored.every((x) => x !== undefined) ? stored : undefined;
  const curve = await traversalCurve(
    method as TraversalStrategy,
    denoiser,
    measurement,
    traversalOf(run.degradation, run.preset),
    run.knobs,
    run.seeds,
    {
      signal,
      onStep,
      mapEstimates,
      progressive: run.progressive,
      onPoint: (p) => onPoint({ knob: p.knob, seed: p.seed, image: p.image, nfe: p.nfe }),
    },
  );
  curve.mapEstimates?.forEach((estimate, j) => run.mapStore?.set(run.seeds[j], estimate));
  return curve.nfe;
}
