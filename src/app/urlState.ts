// Settings ⇄ URL query string. Versioned; unknown or invalid values fall back to the defaults, so any link opens.
// Version 2 added the comparison panels (compare.*); a version-1 link decodes as before, with the comparison off.
import { methodInfo } from './methods';
import {
  DEFAULT_SETTINGS,
  MAX_PANELS,
  type MethodSettings,
  MIN_PANELS,
  type PresetId,
  type Settings,
} from './settings';

export const URL_STATE_VERSION = 2;

const ENUMS: Record<string, readonly string[]> = {
  prior: ['fashion32', 'faces64', 'sandbox'],
  'degradation.kind': [
    'blur-gaussian',
    'blur-motion',
    'blur-box',
    'inpaint-box',
    'inpaint-random',
    'inpaint-half',
    'inpaint-brush',
    'sr2',
    'sr4',
    'denoise',
  ],
  'degradation.halfSide': ['left', 'right', 'top', 'bottom'],
  'method.preset': ['paper', 'fast', 'quality'],
  chartMetric: ['psnr', 'ssim', 'rmse'],
};

type Leaf = string | number;

/** Scalar settings by dotted path; lists (the panels) have a codec of their own. */
function leaves(value: unknown, prefix = ''): [string, Leaf][] {
  if (typeof value === 'string' || typeof value === 'number') return [[prefix, value]];
  if (Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    leaves(child, prefix ? `${prefix}.${key}` : key),
  );
}

function parseLeaf(key: string, raw: string, fallback: Leaf): Leaf {
  if (typeof fallback === 'number') {
    const value = Number(raw);
    return raw.trim() !== '' && Number.isFinite(value) ? value : fallback;
  }
  const allowed = ENUMS[key];
  return !allowed || allowed.includes(raw) ? raw : fallback;
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
    const valid = extra.length === 0 && methodInfo(method) && ENUMS['method.preset'].includes(preset);
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
  params.set('image', image.kind === 'gallery' ? image.id : `upload:${image.name}`);
  for (const [key, value] of leaves(rest)) params.set(key, String(value));
  if (settings.compare.panels.length > 0) params.set(PANELS_KEY, panelsToParam(settings.compare.panels));
  return params.toString();
}

/** Settings from a query string, plus what could not be restored (e.g. an uploaded image). */
export function settingsFromQuery(query: string): { settings: Settings; notes: string[] } {
  const params = new URLSearchParams(query);
  const settings = structuredClone(DEFAULT_SETTINGS);
  const notes: string[] = [];
  if (!params.has('v')) return { settings, notes };
  const { image: _image, ...rest } = DEFAULT_SETTINGS;
  for (const [key, fallback] of leaves(rest)) {
    const raw = params.get(key);
    if (raw !== null)
      withLeaf(settings as unknown as Record<string, unknown>, key.split('.'), parseLeaf(key, raw, fallback));
  }
  const panels = params.get(PANELS_KEY);
  if (panels !== null) {
    const parsed = panelsFromParam(panels);
    if (parsed) settings.compare.panels = parsed;
    else notes.push(`The link's comparison panels "${panels}" could not be read: the comparison is off.`);
  }
  const { compare } = settings;
  const defaults = DEFAULT_SETTINGS.compare;
  const count = compare.panels.length === 0 ? MIN_PANELS : compare.panels.length;
  compare.wipeLeft = validPanelIndex(compare.wipeLeft, count, defaults.wipeLeft);
  compare.wipeRight = validPanelIndex(compare.wipeRight, count, defaults.wipeRight);
  compare.strip = validPanelIndex(compare.strip, count, defaults.strip);
  const image = params.get('image');
  if (image?.startsWith('upload:')) {
    notes.push(`This link was made with an uploaded image (${image.slice(7)}): upload it again to reproduce the run.`);
  } else if (image) {
    settings.image = { kind: 'gallery', id: image };
  }
  return { settings, notes };
}
