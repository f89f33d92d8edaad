// Every computed point of a run or a comparison as table rows, for the CSV and JSON downloads.
import type { PointResult } from '../worker/api';
import { knobParameterOf, type MethodId } from './methods';
import type { DegradationKind, MethodSettings } from './settings';

/** One computed output with its scores; knob_name/knob_value say what the knob u means (t0, α, N or λ). */
export interface PointRow {
  panel: number;
  method: string;
  preset: string;
  seed: number;
  knob: number;
  knob_name: string;
  knob_value: number | null;
  psnr: number;
  ssim: number;
  rmse: number;
  patch_swd: number;
  /** Gaussian sandbox only: W2 to the prior per pixel. */
  w2: number | null;
  /** Denoiser calls this point needs on its own. */
  nfe: number;
  /** Wall time from the start of its run until this point was ready. */
  ms: number;
}

export const POINT_COLUMNS: readonly (keyof PointRow)[] = [
  'panel',
  'method',
  'preset',
  'seed',
  'knob',
  'knob_name',
  'knob_value',
  'psnr',
  'ssim',
  'rmse',
  'patch_swd',
  'w2',
  'nfe',
  'ms',
];

export interface PanelPoints {
  method: MethodSettings;
  points: readonly PointResult[];
}

/** Rows of every panel's points (panels numbered from 1), each panel's points in knob order. */
export function pointRows(panels: readonly PanelPoints[], seed: number, degradation: DegradationKind): PointRow[] {
  return panels.flatMap(({ method, points }, index) =>
    [...points]
      .sort((a, b) => a.knob - b.knob)
      .map((point) => {
        const parameter = knobParameterOf(method.method as MethodId, degradation, method.preset, point.knob);
        return {
          panel: index + 1,
          method: method.method,
          preset: method.preset,
          seed,
          knob: point.knob,
          knob_name: parameter?.name ?? '',
          knob_value: parameter?.value ?? null,
          psnr: point.metrics.psnr,
          ssim: point.metrics.ssim,
          rmse: point.metrics.rmse,
          patch_swd: point.metrics.patchSwd,
          w2: point.metrics.w2 ?? null,
          nfe: point.nfe,
          ms: point.ms,
        };
      }),
  );
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a header line; numbers at full precision, absent values empty. */
export function pointsCsv(rows: readonly PointRow[]): string {
  const lines = [POINT_COLUMNS.join(','), ...rows.map((row) => POINT_COLUMNS.map((c) => csvField(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export const POINTS_FORMAT = 'dp-playground-points';

/** The rows as JSON, with the link that reproduces them (the app's query string). */
export function pointsJson(rows: readonly PointRow[], query: string): string {
  return `${JSON.stringify({ format: POINTS_FORMAT, version: 1, query, points: rows }, null, 2)}\n`;
}
