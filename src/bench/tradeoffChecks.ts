// The distortion–perception checks of one `npm run dp` run, from its cells: is x_MAP at the distortion end (against
// the posterior-mean reference), does PSNR fall along MAP-RPS's t0 (paired per image, with bootstrap intervals), does
// perception improve to the right end, and how MAP-RPS compares with the other curves at matched perception.
import { bootstrapMean, type Cell } from './results';

type Metric = 'psnr' | 'patch_swd';

interface Point {
  setting: string;
  knob: number;
  /** Per image (averaged over seeds). */
  perImage: Map<string, { psnr: number; patch_swd: number }>;
}

function pointsOf(cells: readonly Cell[], method: string): Point[] {
  const byKnob = new Map<number, Cell[]>();
  for (const cell of cells.filter((c) => c.method === method)) {
    byKnob.set(cell.knob, [...(byKnob.get(cell.knob) ?? []), cell]);
  }
  return [...byKnob.entries()]
    .sort(([a], [b]) => a - b)
    .map(([knob, group]) => {
      const perImage = new Map<string, { psnr: number; patch_swd: number }>();
      for (const image of new Set(group.map((c) => c.image))) {
        const own = group.filter((c) => c.image === image);
        const mean = (m: Metric) => own.reduce((s, c) => s + c[m], 0) / own.length;
        perImage.set(image, { psnr: mean('psnr'), patch_swd: mean('patch_swd') });
      }
      return { setting: group[0].setting, knob, perImage };
    });
}

const meanOf = (point: Point, metric: Metric) =>
  [...point.perImage.values()].reduce((s, v) => s + v[metric], 0) / point.perImage.size;

/** Paired per-image differences b − a of a metric over the images both points have. */
function pairedDifference(a: Point, b: Point, metric: Metric) {
  const diffs = [...a.perImage.keys()].flatMap((image) => {
    const other = b.perImage.get(image);
    return other ? [other[metric] - (a.perImage.get(image)?.[metric] ?? 0)] : [];
  });
  return bootstrapMean(diffs);
}

/** MAP-RPS's PSNR at a perception score, linear between its neighbouring curve points; undefined outside its range. */
function psnrAtPerception(curve: readonly Point[], patchSwd: number): number | undefined {
  const sorted = curve.map((p) => [meanOf(p, 'patch_swd'), meanOf(p, 'psnr')]).sort(([a], [b]) => a - b);
  for (let k = 1; k < sorted.length; k++) {
    const [s0, p0] = sorted[k - 1];
    const [s1, p1] = sorted[k];
    if (patchSwd >= s0 && patchSwd <= s1)
      return s1 === s0 ? Math.max(p0, p1) : p0 + ((p1 - p0) * (patchSwd - s0)) / (s1 - s0);
  }
  return undefined;
}

const dB = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;

/** The checks as a Markdown section; empty when the run has no MAP-RPS curve. */
export function tradeoffChecks(cells: readonly Cell[], title: string): string {
  const curve = pointsOf(cells, 'map-rps');
  if (curve.length < 2) return '';
  const lines = [`#### D-P checks: ${title}`, ''];
  const [reference] = pointsOf(cells, 'posterior-mean');
  const left = curve[0];
  const right = curve[curve.length - 1];
  if (reference) {
    const gap = pairedDifference(reference, left, 'psnr');
    lines.push(
      `- x_MAP against the posterior mean: ${meanOf(left, 'psnr').toFixed(2)} vs ${meanOf(reference, 'psnr').toFixed(2)} dB, ` +
        `${dB(gap.mean)} dB [${dB(gap.low)}, ${dB(gap.high)}] (${gap.mean >= -0.5 ? 'PASS' : 'FAIL'}: at most 0.5 dB below).`,
    );
  }
  const fall = pairedDifference(left, right, 'psnr');
  const perception = meanOf(right, 'patch_swd') / meanOf(left, 'patch_swd') - 1;
  lines.push(
    `- MAP-RPS from ${left.setting} to ${right.setting}: PSNR ${dB(fall.mean)} dB [${dB(fall.low)}, ${dB(fall.high)}] ` +
      `(${fall.mean <= -0.5 ? 'PASS' : 'FAIL'}: falls by at least 0.5 dB); patch-SWD ${(perception * 100).toFixed(1)} % ` +
      `(${perception < 0 ? 'PASS' : 'FAIL'}: better at the right end).`,
  );
  const steps = curve.slice(1).map((point, k) => {
    const step = pairedDifference(curve[k], point, 'psnr');
    const verdict = step.low > 0 ? 'rises beyond its interval' : step.mean > 0 ? 'rises within its interval' : 'falls';
    return `${curve[k].setting} → ${point.setting}: ${dB(step.mean)} [${dB(step.low)}, ${dB(step.high)}] ${verdict}`;
  });
  const rises = steps.filter((s) => s.includes('beyond')).length;
  lines.push(
    `- PSNR steps between neighbouring knobs (${rises === 0 ? 'PASS' : 'FAIL'}: none rises beyond its interval):`,
  );
  lines.push(...steps.map((s) => `  - ${s}`));
  for (const method of ['ccdf', 'interpolation', 'variance-scaling']) {
    const other = pointsOf(cells, method);
    if (other.length === 0) continue;
    const matched = other.flatMap((point) => {
      const at = psnrAtPerception(curve, meanOf(point, 'patch_swd'));
      return at === undefined ? [] : [{ point, gap: at - meanOf(point, 'psnr') }];
    });
    const worst = matched.reduce((w, m) => (m.gap < w ? m.gap : w), Number.POSITIVE_INFINITY);
    lines.push(
      `- At matched per-image patch-SWD against ${method} (${matched.length} of its ${other.length} points inside MAP-RPS's range): ` +
        (matched.length === 0
          ? 'no overlap.'
          : `MAP-RPS's PSNR minus ${method}'s: ${matched.map((m) => `${m.point.setting} ${dB(m.gap)}`).join(', ')} dB ` +
            `(${worst >= -0.05 ? 'PASS' : 'FAIL'}: MAP-RPS at or above).`),
    );
  }
  lines.push('');
  return lines.join('\n');
}
