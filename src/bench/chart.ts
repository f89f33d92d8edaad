// A small, dependency-free SVG line chart for the distortion–perception plane: one curve per method (points in knob
// order, each labelled with its setting), a single marker for single-output methods.

export interface ChartPoint {
  x: number;
  y: number;
  label: string;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
}

// Okabe & Ito's colour-blind-safe palette (black last: it is the default text colour).
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];
const WIDTH = 720;
const HEIGHT = 440;
const PLOT = { left: 70, right: 190, top: 40, bottom: 56 };

/** About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function padded(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.abs(lo) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

function formatTick(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}

export function dpChartSvg(spec: ChartSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  if (all.length === 0) throw new Error('a chart needs at least one point');
  const [x0, x1] = padded(all.map((p) => p.x));
  const [y0, y1] = padded(all.map((p) => p.y));
  const plotW = WIDTH - PLOT.left - PLOT.right;
  const plotH = HEIGHT - PLOT.top - PLOT.bottom;
  const sx = (x: number) => PLOT.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => PLOT.top + (1 - (y - y0) / (y1 - y0)) * plotH;
  const f = (v: number) => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PLOT.left}" y="22" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  for (const t of niceTicks(x0, x1)) {
    parts.push(
      `<line x1="${f(sx(t))}" y1="${PLOT.top}" x2="${f(sx(t))}" y2="${PLOT.top + plotH}" stroke="#e5e5e5"/>`,
      `<text x="${f(sx(t))}" y="${PLOT.top + plotH + 16}" text-anchor="middle" fill="#444">${formatTick(t)}</text>`,
    );
  }
  for (const t of niceTicks(y0, y1)) {
    parts.push(
      `<line x1="${PLOT.left}" y1="${f(sy(t))}" x2="${PLOT.left + plotW}" y2="${f(sy(t))}" stroke="#e5e5e5"/>`,
      `<text x="${PLOT.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end" fill="#444">${formatTick(t)}</text>`,
    );
  }
  parts.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    `<text x="${PLOT.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text transform="translate(18 ${PLOT.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  );
  spec.series.forEach((series, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const coords = series.points.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ');
    parts.push(`<g fill="${colour}" stroke="${colour}"><title>${escapeXml(series.name)}</title>`);
    if (series.points.length > 1) parts.push(`<polyline points="${coords}" fill="none" stroke-width="2"/>`);
    for (const p of series.points) {
      parts.push(
        `<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="${series.points.length > 1 ? 3.5 : 5}"><title>${escapeXml(`${series.name}, ${p.label}: (${p.x.toPrecision(4)}, ${p.y.toPrecision(4)})`)}</title></circle>`,
      );
    }
    const ends = series.points.length > 1 ? [series.points[0], series.points[series.points.length - 1]] : [];
    for (const p of ends) {
      // Labels near the right edge go to the left of their point.
      const left = sx(p.x) > PLOT.left + plotW - 60;
      parts.push(
        `<text x="${f(sx(p.x) + (left ? -6 : 6))}" y="${f(sy(p.y) - 6)}" text-anchor="${left ? 'end' : 'start'}" stroke="none" font-size="10">${escapeXml(p.label)}</text>`,
      );
    }
    parts.push('</g>');
    const ly = PLOT.top + 10 + i * 20;
    const lx = PLOT.left + plotW + 16;
    parts.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
      `<circle cx="${lx + 11}" cy="${ly}" r="3.5" fill="${colour}"/>`,
      `<text x="${lx + 28}" y="${ly + 4}">${escapeXml(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
