// The benchmark's tables: one CSV row per (image, method, knob, seed) cell, written as each cell finishes (so an
// interrupted run leaves a valid file that the next run resumes from), and the summary per (method, knob) with
// 95% bootstrap intervals over images and the set-level patch-SWD between all outputs and the clean images.
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { patchSwdSets } from '../core/metrics';
import type { FaceDistances } from './faceDescriptors';
import { createRng, randomInt } from '../core/rng';
import type { Image } from '../core/tensor';

export const CELL_COLUMNS = [
  'image',
  'method',
  'setting',
  'knob',
  'seed',
  'psnr',
  'ssim',
  'rmse',
  'patch_swd',
  'nfe',
  'ms',
  'batch_cells',
] as const;

export interface Cell {
  image: string;
  method: string;
  /** What the knob means for the method ("t0=25", "alpha=0.5", "from T"). */
  setting: string;
  /** Knob value u ∈ [0, 1] (0 for single-output methods). */
  knob: number;
  seed: number;
  psnr: number;
  ssim: number;
  rmse: number;
  patch_swd: number;
  /** Denoiser calls the output needs on its own (a batched call counts once). */
  nfe: number;
  /** Wall time from the start of the batched run that produced the cell to the moment its output was ready. */
  ms: number;
  /** Cells that batched run computed together. */
  batch_cells: number;
}

const NUMERIC = new Set<string>(CELL_COLUMNS.filter((c) => !['image', 'method', 'setting'].includes(c)));

/** Knob values as the CSV writes them (and as resumption compares them). */
export function formatKnob(u: number): string {
  return String(Number(u.toFixed(6)));
}

export function cellKey(cell: Pick<Cell, 'image' | 'method' | 'knob' | 'seed'>): string {
  return JSON.stringify([cell.image, cell.method, formatKnob(cell.knob), cell.seed]);
}

function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[], header: boolean): string {
  return `${Papa.unparse({ fields: [...columns], data: rows.map((r) => columns.map((c) => r[c])) }, { header, newline: '\n' })}\n`;
}

/** The cells of an earlier (possibly interrupted) run; a missing file is an empty run. */
export function readCells(file: string): Cell[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const missing = CELL_COLUMNS.filter((c) => !parsed.meta.fields?.includes(c));
  if (missing.length > 0)
    throw new Error(`${file} is not a cells table of this tool (no column ${missing.join(', ')})`);
  // A row cut short by a hard kill (power loss) is dropped; its cell runs again.
  return parsed.data
    .filter((row) => CELL_COLUMNS.every((c) => row[c] !== undefined && row[c] !== ''))
    .map((row) => {
      const cell: Record<string, string | number> = {};
      for (const c of CELL_COLUMNS) cell[c] = NUMERIC.has(c) ? Number(row[c]) : row[c];
      return cell as unknown as Cell;
    });
}

/** Appends finished cells (the header first when the file is new), synchronously, so each survives Ctrl+C. */
export class CellWriter {
  private headerWritten: boolean;

  constructor(private readonly file: string) {
    this.headerWritten = existsSync(file) && statSync(file).size > 0;
  }

  append(cell: Cell): void {
    appendFileSync(this.file, toCsv([cell as unknown as Record<string, unknown>], CELL_COLUMNS, !this.headerWritten));
    this.headerWritten = true;
  }
}

export interface Interval {
  mean: number;
  low: number;
  high: number;
}

const BOOTSTRAP_RESAMPLES = 2000;

/** Mean with a 95% percentile-bootstrap interval (seeded, so the same cells give the same interval). */
export function bootstrapMean(values: readonly number[], seed = 0): Interval {
  if (values.length === 0) throw new Error('bootstrapMean needs at least one value');
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (values.length === 1) return { mean, low: mean, high: mean };
  const rng = createRng(seed);
  const means = new Float64Array(BOOTSTRAP_RESAMPLES);
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[randomInt(rng, values.length)];
    means[b] = sum / values.length;
  }
  means.sort();
  const at = (q: number) => means[Math.min(BOOTSTRAP_RESAMPLES - 1, Math.floor(q * BOOTSTRAP_RESAMPLES))];
  return { mean, low: at(0.025), high: at(0.975) };
}

export const SUMMARY_METRICS = ['psnr', 'ssim', 'rmse', 'patch_swd'] as const;
type SummaryMetric = (typeof SUMMARY_METRICS)[number];

export interface SummaryRow {
  method: string;
  setting: string;
  knob: number;
  images: number;
  cells: number;
  metrics: Record<SummaryMetric, Interval>;
  /** patch-SWD between the set of all outputs (every image and seed) and the set of their clean images. */
  setPatchSwd: number;
  /** Face-descriptor FD and KID of the outputs against the clean images (face priors only; docs/metrics.md). */
  face?: FaceDistances;
  nfe: number;
  ms: number;
}

/**
 * Per (method, knob), in first-seen order: means over images (each image's cells averaged over seeds first, so the
 * interval reflects the spread over images) and the set-level perception of all outputs against the clean set.
 */
export function summarise(
  cells: readonly Cell[],
  output: (cell: Cell) => Image,
  clean: (image: string) => Image,
): SummaryRow[] {
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const key = JSON.stringify([cell.method, formatKnob(cell.knob)]);
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  return [...groups.values()].map((group) => {
    const byImage = new Map<string, Cell[]>();
    for (const cell of group) byImage.set(cell.image, [...(byImage.get(cell.image) ?? []), cell]);
    const perImage = (metric: SummaryMetric) =>
      [...byImage.values()].map((cs) => cs.reduce((s, c) => s + c[metric], 0) / cs.length);
    const metrics = Object.fromEntries(SUMMARY_METRICS.map((m) => [m, bootstrapMean(perImage(m))])) as Record<
      SummaryMetric,
      Interval
    >;
    const setPatchSwd = patchSwdSets(group.map(output), [...byImage.keys()].map(clean), { seed: 0 }).value;
    const mean = (key: 'nfe' | 'ms') => group.reduce((s, c) => s + c[key], 0) / group.length;
    const { method, setting, knob } = group[0];
    return {
      method,
      setting,
      knob,
      images: byImage.size,
      cells: group.length,
      metrics,
      setPatchSwd,
      nfe: mean('nfe'),
      ms: mean('ms'),
    };
  });
}

export function writeSummaryCsv(file: string, rows: readonly SummaryRow[]): void {
  const columns = [
    'method',
    'setting',
    'knob',
    'images',
    'cells',
    ...SUMMARY_METRICS.flatMap((m) => [`${m}_mean`, `${m}_ci_low`, `${m}_ci_high`]),
    'set_patch_swd',
    'set_face_fd',
    'set_face_kid',
    'nfe_mean',
    'ms_mean',
  ];
  const records = rows.map((r) => ({
    method: r.method,
    setting: r.setting,
    knob: formatKnob(r.knob),
    images: r.images,
    cells: r.cells,
    ...Object.fromEntries(
      SUMMARY_METRICS.flatMap((m) => [
        [`${m}_mean`, r.metrics[m].mean],
        [`${m}_ci_low`, r.metrics[m].low],
        [`${m}_ci_high`, r.metrics[m].high],
      ]),
    ),
    set_patch_swd: r.setPatchSwd,
    set_face_fd: r.face?.fd ?? '',
    set_face_kid: r.face?.kid ?? '',
    nfe_mean: r.nfe,
    ms_mean: r.ms,
  }));
  writeFileSync(file, toCsv(records, columns, true));
}
