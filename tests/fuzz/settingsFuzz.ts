// Seeded generators of links and settings files from the schema's own ranges and just outside them, shared by the
// unit fuzz test (tests/app/settingsFuzz.test.ts) and the browser sample (tests/e2e/settingsFuzz.test.ts).
import { type FieldSpec, type NumberSpec, SETTINGS_FIELDS } from '../../src/app/schema';
import { createRng, type Rng } from '../../src/core/rng';

export interface FuzzLink {
  query: string;
  /** Fields whose value is valid: the settings must hold exactly this. */
  kept: Record<string, string | number>;
  /** Fields whose value is not valid: a note must name them. */
  corrected: string[];
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng.uniform() * list.length)];

function validNumber(rng: Rng, spec: NumberSpec): number {
  if (rng.uniform() < 0.3) return rng.uniform() < 0.5 ? spec.min : spec.max;
  const x = spec.min + rng.uniform() * (spec.max - spec.min);
  if (!spec.integer) return Number(x.toPrecision(4));
  let n = Math.round(x);
  if (spec.odd && n % 2 === 0) n = n + 1 <= spec.max ? n + 1 : n - 1;
  return n;
}

/** Just outside the rule, or far outside, or not a number at all. */
function invalidNumber(rng: Rng, spec: NumberSpec): string {
  const span = spec.max - spec.min;
  const options = [
    String(spec.max + (spec.integer ? 1 : span * 0.01 + 1e-9)),
    String(spec.min - (spec.integer ? 1 : span * 0.01 + 1e-9)),
    '1e20',
    '1e308',
    '-1e308',
    'NaN',
    'Infinity',
    'abc',
    ' ',
    '1,5',
  ];
  if (spec.integer) options.push(String(Math.min(spec.max, spec.min + 1) - 0.5));
  if (spec.odd) options.push(String(spec.min + 1));
  if (spec.min > -1) options.push('-1');
  return pick(rng, options);
}

function invalidEnum(rng: Rng, spec: FieldSpec & { kind: 'enum' }): string {
  return pick(rng, ['nope', spec.values[0].toUpperCase(), `${spec.values[0]} `, '<script>alert(1)</script>', '']);
}

/** `count` links, each with 1–4 fields (valid or not), sometimes panels, an image, an unknown key. */
export function fuzzLinks(seed: number, count: number): FuzzLink[] {
  const rng = createRng(seed);
  const fields = Object.entries(SETTINGS_FIELDS);
  return Array.from({ length: count }, () => {
    const params = new URLSearchParams({ v: '2' });
    const kept: FuzzLink['kept'] = {};
    const corrected: string[] = [];
    const n = 1 + Math.floor(rng.uniform() * 4);
    for (let i = 0; i < n; i++) {
      const [name, spec] = pick(rng, fields);
      if (params.has(name) || name.startsWith('compare.')) continue;
      const valid = rng.uniform() < 0.5;
      if (valid) {
        const value = spec.kind === 'number' ? validNumber(rng, spec) : pick(rng, spec.values);
        params.set(name, String(value));
        kept[name] = value;
      } else {
        const raw = spec.kind === 'number' ? invalidNumber(rng, spec) : invalidEnum(rng, spec);
        // A value that happens to be valid after all (e.g. an upper-case id that exists) counts as kept.
        params.set(name, raw);
        corrected.push(name);
      }
    }
    const extra = rng.uniform();
    if (extra < 0.1) {
      params.set(
        'compare.panels',
        pick(rng, ['map-rps:fast,ccdf:fast', 'map-rps:fast', 'x:y,z:w', 'map-rps:fast,ccdf:slow']),
      );
    } else if (extra < 0.15) {
      params.set('image', 'upload:photo.png');
    } else if (extra < 0.2) {
      params.set('image', '../../etc/passwd');
      corrected.push('image');
    } else if (extra < 0.25) {
      params.set('colour', 'red');
      corrected.push('"colour"');
    }
    return { query: params.toString(), kept, corrected };
  });
}

/** The fixed cases of issue 19: each names the field whose note must appear. */
export const ISSUE_LINKS: readonly { query: string; field: string }[] = [
  ...['11', '999', '-1', '1.5'].map((slider) => ({ query: `v=2&slider=${slider}`, field: 'slider' })),
  ...['1.5', '1e20', '-1'].map((seed) => ({
    query: `v=2&degradation.noiseSeed=${seed}`,
    field: 'degradation.noiseSeed',
  })),
  ...['1e308', '1e30'].map((sigma) => ({ query: `v=2&degradation.sigmaY=${sigma}`, field: 'degradation.sigmaY' })),
  { query: 'v=2&degradation.blurStd=1e308', field: 'degradation.blurStd' },
  { query: 'v=2&seed=-1', field: 'seed' },
];

export interface FuzzFile {
  file: Record<string, unknown>;
  /** The field a refusal must name, or undefined for a valid file. */
  bad?: string;
}

const DEGRADATION_KEYS = Object.keys(SETTINGS_FIELDS)
  .filter((key) => key.startsWith('degradation.') && key !== 'degradation.kind')
  .map((key) => key.slice('degradation.'.length));

/** `count` settings files: half valid (every degradation field drawn in range), half with one field outside. */
export function fuzzFiles(seed: number, count: number): FuzzFile[] {
  const rng = createRng(seed);
  const kinds = (SETTINGS_FIELDS['degradation.kind'] as { values: readonly string[] }).values.filter(
    (k) => k !== 'inpaint-brush',
  );
  return Array.from({ length: count }, (_, i) => {
    const degradation: Record<string, unknown> = { kind: pick(rng, kinds) };
    for (const key of DEGRADATION_KEYS) {
      const spec = SETTINGS_FIELDS[`degradation.${key}`];
      if (rng.uniform() < 0.5) continue;
      degradation[key] = spec.kind === 'number' ? validNumber(rng, spec) : pick(rng, spec.values);
    }
    const file: Record<string, unknown> = {
      format: 'dp-playground-experiment',
      version: 1,
      prior: pick(rng, ['faces64', 'fashion32', 'sandbox']),
      degradation,
      methods: [pick(rng, ['map-rps', 'ccdf', 'dps', 'interp'])],
      knobs: [0, 0.5, 1],
      seeds: [0, 1],
    };
    if (i % 2 === 0) return { file };
    const target = pick(rng, [...DEGRADATION_KEYS, 'seeds', 'knobs', 'samples', 'version', 'prior']);
    const spec = SETTINGS_FIELDS[`degradation.${target}`];
    if (spec?.kind === 'number') {
      const raw = invalidNumber(rng, spec);
      const asNumber = Number(raw);
      // Files carry JSON: a number outside the rule, or the text itself (a string where a number belongs).
      degradation[target] = raw.trim() !== '' && Number.isFinite(asNumber) ? asNumber : raw;
      return { file, bad: `degradation.${target}` };
    }
    if (spec?.kind === 'enum') {
      degradation[target] = 'diagonal';
      return { file, bad: `degradation.${target}` };
    }
    const bad: Record<string, unknown> = {
      seeds: pick(rng, [[-1], [1.5], ['1'], Array.from({ length: 101 }, (_, k) => k), [2 ** 31]]),
      knobs: pick(rng, [[1.01], [-0.1], [], Array.from({ length: 102 }, (_, k) => k / 101)]),
      samples: pick(rng, [0, 65, 1.5, '8']),
      version: pick(rng, ['1', 2, null]),
      prior: pick(rng, ['mnist', 'FACES64', 3]),
    };
    file[target] = bad[target];
    return { file, bad: target };
  });
}
