// The one schema of every setting: each field's type, range and rule, read by every entry point (the link in
// urlState.ts, the settings file in experiment.ts, the CLI flags in bench/dp.ts, the UI's sliders). Values are
// checked with valibot; every message names the field and says what it must be and what it got.
import * as v from 'valibot';
import { MAX_POSTERIOR_MEAN_SAMPLES } from '../core/solvers/presets';
import { KNOB_GRID, METHODS } from './methods';
import { DEGRADATION_KINDS, MAX_PANELS, MAX_SEED, PRIOR_IDS, type Settings } from './settings';

export interface NumberSpec {
  kind: 'number';
  min: number;
  max: number;
  integer?: boolean;
  /** Odd integers only (blur kernel sides). */
  odd?: boolean;
}

export interface EnumSpec {
  kind: 'enum';
  values: readonly string[];
}

export type FieldSpec = NumberSpec | EnumSpec;

const integer = (min: number, max: number): NumberSpec => ({ kind: 'number', min, max, integer: true });
const real = (min: number, max: number): NumberSpec => ({ kind: 'number', min, max });
const oneOf = (values: readonly string[]): EnumSpec => ({ kind: 'enum', values });

/** The degradation's fields (the UI's sliders take their ranges from here). */
export const DEGRADATION_FIELDS = {
  kind: oneOf(DEGRADATION_KINDS),
  kernelSize: { ...integer(3, 65), odd: true },
  blurStd: real(0.3, 8),
  motionIntensity: real(0, 1),
  boxFraction: real(0, 1),
  missingFraction: real(0, 1),
  halfSide: oneOf(['left', 'right', 'top', 'bottom']),
  sigmaY: real(0, 0.5),
  noiseSeed: integer(0, MAX_SEED),
} as const satisfies Record<string, FieldSpec>;

export const PRESET_IDS = ['paper', 'fast', 'quality'] as const;
export const METHOD_IDS: readonly string[] = METHODS.map((m) => m.id);

/** Every scalar field of the app's settings, by dotted path (the panels and the image have codecs of their own). */
export const SETTINGS_FIELDS: Readonly<Record<string, FieldSpec>> = {
  prior: oneOf(PRIOR_IDS),
  ...Object.fromEntries(Object.entries(DEGRADATION_FIELDS).map(([key, spec]) => [`degradation.${key}`, spec])),
  'method.method': oneOf(METHOD_IDS),
  'method.preset': oneOf(PRESET_IDS),
  'method.samples': integer(1, MAX_POSTERIOR_MEAN_SAMPLES),
  seed: integer(0, MAX_SEED),
  slider: integer(0, KNOB_GRID.length - 1),
  chartMetric: oneOf(['psnr', 'ssim', 'rmse']),
  'compare.wipeLeft': integer(0, MAX_PANELS - 1),
  'compare.wipeRight': integer(0, MAX_PANELS - 1),
  'compare.strip': integer(0, MAX_PANELS - 1),
};

/** What a value must be, in words: "an integer in 0..10", "a number in [0, 0.5]", "one of left, right". */
export function rule(spec: FieldSpec): string {
  if (spec.kind === 'enum') return `one of ${spec.values.join(', ')}`;
  if (spec.odd) return `an odd integer in ${spec.min}..${spec.max}`;
  if (spec.integer) return `an integer in ${spec.min}..${spec.max}`;
  return `a number in [${spec.min}, ${spec.max}]`;
}

/** A value as a message shows it: strings quoted (so "1" is told from 1), everything else as JSON or String. */
export function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

type Schema = v.GenericSchema<unknown, unknown>;

/** The valibot schema of one field; its message names the field. */
export function fieldSchema(name: string, spec: FieldSpec): Schema {
  const message = (issue: v.BaseIssue<unknown>) => `${name} must be ${rule(spec)}; got ${shown(issue.input)}`;
  if (spec.kind === 'enum') return v.picklist(spec.values as string[], message);
  return v.pipe(
    v.number(message),
    v.finite(message),
    v.check((x: number) => !spec.integer || Number.isInteger(x), message),
    v.minValue<number, number, typeof message>(spec.min, message),
    v.maxValue<number, number, typeof message>(spec.max, message),
    v.check((x: number) => !spec.odd || x % 2 === 1, message),
  );
}

const schemas = new Map<string, { spec: FieldSpec; schema: Schema }>();

/** The field's problem, or undefined when the value is valid. */
export function checkField(name: string, spec: FieldSpec, value: unknown): string | undefined {
  let cached = schemas.get(name);
  if (cached?.spec !== spec) {
    cached = { spec, schema: fieldSchema(name, spec) };
    schemas.set(name, cached);
  }
  const result = v.safeParse(cached.schema, value);
  return result.success ? undefined : result.issues[0].message;
}

/**
 * The nearest valid value to a number outside its field's rule (clamped, rounded, made odd), or undefined for
 * what is not a finite number.
 */
export function nearestValid(spec: NumberSpec, value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  let x = Math.min(spec.max, Math.max(spec.min, value));
  if (spec.integer) x = Math.round(x);
  if (spec.odd && x % 2 === 0) x = x + 1 <= spec.max ? x + 1 : x - 1;
  return x;
}

function at(settings: Settings, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], settings);
}

/** Gallery image ids as links carry them; uploaded files by a name of at most MAX_UPLOAD_NAME characters. */
export const GALLERY_ID = /^[\w.-]{1,100}$/;
export const MAX_UPLOAD_NAME = 120;

/**
 * Every problem of a whole settings object (each field, the panels, and the cross-checks: the wipe and strip
 * panels exist); empty when the app can show and run it as it is.
 */
export function settingsProblems(settings: Settings): string[] {
  const problems: string[] = [];
  for (const [path, spec] of Object.entries(SETTINGS_FIELDS)) {
    if (path === 'method.samples' && settings.method.samples === undefined) continue;
    const problem = checkField(path, spec, at(settings, path));
    if (problem) problems.push(problem);
  }
  const { panels } = settings.compare;
  if (panels.length !== 0 && (panels.length < 2 || panels.length > MAX_PANELS)) {
    problems.push(`compare.panels must hold 2..${MAX_PANELS} panels or none; got ${panels.length}`);
  }
  panels.forEach((panel, i) => {
    for (const key of ['method', 'preset'] as const) {
      const problem = checkField(`compare.panels[${i}].${key}`, SETTINGS_FIELDS[`method.${key}`], panel[key]);
      if (problem) problems.push(problem);
    }
  });
  const count = panels.length === 0 ? 2 : panels.length;
  for (const key of ['wipeLeft', 'wipeRight', 'strip'] as const) {
    if (settings.compare[key] >= count) {
      problems.push(
        `compare.${key} must name one of the ${count} panels (0..${count - 1}); got ${settings.compare[key]}`,
      );
    }
  }
  const { image } = settings;
  if (image.kind === 'gallery' && !GALLERY_ID.test(image.id)) {
    problems.push(`image must be a gallery id (letters, digits, . _ -, at most 100); got ${shown(image.id)}`);
  }
  if (image.kind === 'upload' && image.name.length > MAX_UPLOAD_NAME) {
    problems.push(`image: an uploaded file's name is kept to ${MAX_UPLOAD_NAME} characters`);
  }
  return problems;
}

/**
 * The noise seed of image i is noiseSeed + i (the benchmark gives each image its own noise): with `images` images
 * the last one must still be a valid seed.
 */
export function noiseSeedProblem(noiseSeed: number, images: number): string | undefined {
  const last = noiseSeed + images - 1;
  if (last <= MAX_SEED) return undefined;
  return `degradation.noiseSeed must be at most ${MAX_SEED - images + 1} for ${images} images (image i uses noiseSeed + i, which must stay ≤ ${MAX_SEED}); got ${noiseSeed}`;
}
