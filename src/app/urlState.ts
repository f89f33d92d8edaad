// Settings ⇄ URL query string. Versioned; unknown or invalid values fall back to the defaults, so any link opens.
// Version 2 added the comparison panels (compare.*); a version-1 link decodes as before, with the comparison off.
// Version 3 writes the dotted settings under short keys (SHORT_KEYS), so links stay short; every version decodes.
import { methodInfo } from './methods';
import { checkField, GALLERY_ID, MAX_UPLOAD_NAME, nearestValid, PRESET_IDS, SETTINGS_FIELDS, shown } from './schema';
import {
  DEFAULT_SETTINGS,
  MAX_PANELS,
  type MethodSettings,
  MIN_PANELS,
  type PresetId,
  type Settings,
} from './settings';

export const URL_STATE_VERSION = 3;

/** The link's key of each dotted setting (the others keep their names: prior, image, seed, slider). */
export const SHORT_KEYS: Readonly<Record<string, string>> = {
  'degradation.kind': 'deg',
  'degradation.kernelSize': 'ks',
  'degradation.blurStd': 'bs',
  'degradation.motionIntensity': 'mi',
  'degradation.boxFraction': 'bf',
  'degradation.missingFraction': 'mf',
  'degradation.halfSide': 'hs',
  'degradation.sigmaY': 'sy',
  'degradation.noiseSeed': 'ns',
  'method.method': 'm',
  'method.preset': 'pre',
  'method.samples': 'n',
  chartMetric: 'chart',
  'compare.panels': 'panels',
  'compare.wipeLeft': 'wl',
  'compare.wipeRight': 'wr',
  'compare.strip': 'strip',
};

const linkKey = (path: string) => SHORT_KEYS[path] ?? path;

/** A setting's value in a link of any version: under its short key (version 3) or its dotted path (1, 2). */
const linkValue = (params: URLSearchParams, path: string) => params.get(linkKey(path)) ?? params.get(path);

/** Query keys that are views of the app, not settings (read by the controller and the first screen). */
export const VIEW_KEYS: readonly string[] = ['teach', 'embed', 'run'];

type Leaf = string | number;

/** Scalar settings by dotted path; lists (the panels) have a codec of their own. */
function leaves(value: unknown, prefix = ''): [string, Leaf][] {
  if (typeof value === 'string' || typeof value === 'number') return [[prefix, value]];
  if (Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    leaves(child, prefix ? `${prefix}.${key}` : key),
  );
}

/**
 * One field of the link, checked against the schema: the value, or the nearest valid one (a number out of range
 * is clamped, rounded or made odd; anything else takes the default) with a note that names the field.
 */
function parseLeaf(key: string, raw: string, fallback: Leaf): { value: Leaf; note?: string } {
  const spec = SETTINGS_FIELDS[key];
  const parsed = spec.kind === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  const problem = checkField(key, spec, parsed);
  if (!problem) return { value: parsed };
  // A panel index has no "nearest" panel: it takes its default.
  const clampable = spec.kind === 'number' && typeof parsed === 'number' && !key.startsWith('compare.');
  const nearest = clampable ? nearestValid(spec, parsed) : undefined;
  const value = nearest ?? fallback;
  const used = nearest === undefined ? `the default ${key} = ${value}` : `${key} = ${value}`;
  return { value, note: `In the link, ${problem}, so ${used} is used.` };
}

function withLeaf(target: Record<string, unknown>, path: string[], value: Leaf): void {
  const [head, ...rest] = path;
  if (rest.length === 0) target[head] = value;
  else withLeaf(target[head] as Record<string, unknown>, rest, value);
}

const PANELS_KEY = 'compare.panels';

/** Panels as "method:preset" pairs joined by commas, e.g. "map-rps:fast,ccdf:fast". */
function panelsToParam(panels: readonly MethodSettings[]): string {
  return panels.map((panel) => `${panel.method}:${panel.preset}`).join(',');
}

function panelsFromParam(raw: string): MethodSettings[] | undefined {
  const panels = raw.split(',').map((pair) => {
    const [method, preset, ...extra] = pair.split(':');
    const valid = extra.length === 0 && methodInfo(method) && (PRESET_IDS as readonly string[]).includes(preset);
    return valid ? { method, preset: preset as PresetId } : undefined;
  });
  if (panels.length < MIN_PANELS || panels.length > MAX_PANELS) return undefined;
  return panels.every((panel) => panel !== undefined) ? panels : undefined;
}

function validPanelIndex(index: number, count: number, fallback: number): number {
  return Number.isInteger(index) && index >= 0 && index < count ? index : fallback;
}

/** The query string for these settings; an uploaded image is named but cannot travel in a link. */
export function settingsToQuery(settings: Settings): string {
  const params = new URLSearchParams({ v: String(URL_STATE_VERSION) });
  const { image, ...rest } = settings;
  params.set('image', image.kind === 'gallery' ? image.id : `upload:${image.name.slice(0, MAX_UPLOAD_NAME)}`);
  for (const [key, value] of leaves(rest)) params.set(linkKey(key), String(value));
  if (settings.compare.panels.length > 0) params.set(linkKey(PANELS_KEY), panelsToParam(settings.compare.panels));
  return params.toString();
}

/**
 * Settings from a query string, plus a note for everything that could not be restored as written (a field out of
 * its range, an unknown key, an uploaded image): each note names the field. The result always passes the schema.
 */
export function settingsFromQuery(query: string): { settings: Settings; notes: string[] } {
  const params = new URLSearchParams(query);
  const settings = structuredClone(DEFAULT_SETTINGS);
  const notes: string[] = [];
  if (!params.has('v')) return { settings, notes };
  const version = params.get('v');
  if (!['1', '2', String(URL_STATE_VERSION)].includes(version ?? '')) {
    notes.push(
      `The link's version v = ${shown(version)} is not one this build reads (1 to ${URL_STATE_VERSION}): it is read as version ${URL_STATE_VERSION}.`,
    );
  }
  const { image: _image, ...rest } = DEFAULT_SETTINGS;
  const known = new Set(['v', 'image', PANELS_KEY, linkKey(PANELS_KEY), ...VIEW_KEYS]);
  for (const [key, fallback] of leaves(rest)) {
    known.add(key).add(linkKey(key));
    const raw = linkValue(params, key);
    if (raw === null) continue;
    const { value, note } = parseLeaf(key, raw, fallback);
    withLeaf(settings as unknown as Record<string, unknown>, key.split('.'), value);
    if (note) notes.push(note);
  }
  const unknown = [...new Set(params.keys())].filter((key) => !known.has(key));
  if (unknown.length > 0) {
    const names = unknown.slice(0, 5).map(shown).join(', ') + (unknown.length > 5 ? ', …' : '');
    notes.push(
      `The link's unknown setting${unknown.length === 1 ? '' : 's'} ${names} ${unknown.length === 1 ? 'is' : 'are'} ignored.`,
    );
  }
  const panels = linkValue(params, PANELS_KEY);
  if (panels !== null) {
    const parsed = panelsFromParam(panels);
    if (parsed) settings.compare.panels = parsed;
    else
      notes.push(
        `The link's comparison panels (compare.panels) ${shown(panels.slice(0, 200))} could not be read: the comparison is off.`,
      );
  }
  const { compare } = settings;
  const defaults = DEFAULT_SETTINGS.compare;
  const count = compare.panels.length === 0 ? MIN_PANELS : compare.panels.length;
  for (const key of ['wipeLeft', 'wipeRight', 'strip'] as const) {
    const index = validPanelIndex(compare[key], count, defaults[key]);
    if (index !== compare[key]) {
      notes.push(
        `In the link, compare.${key} = ${compare[key]} names no panel (there are ${count}), so compare.${key} = ${index} is used.`,
      );
      compare[key] = index;
    }
  }
  const image = params.get('image');
  if (image?.startsWith('upload:')) {
    const name = image.slice(7, 7 + MAX_UPLOAD_NAME);
    notes.push(`This link was made with an uploaded image (${name}): upload it again to reproduce the run.`);
  } else if (image !== null && GALLERY_ID.test(image)) {
    settings.image = { kind: 'gallery', id: image };
  } else if (image !== null) {
    notes.push(
      `In the link, image ${shown(image.slice(0, 100))} is not a gallery image id, so the default image is used.`,
    );
  }
  return { settings, notes };
}
