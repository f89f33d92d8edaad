// The distortion–perception plot behind the single-run chart and the comparison: one curve per series (PSNR, SSIM
// or RMSE against patch-SWD, or against W2 to the prior on the Gaussian sandbox, with its optimal frontier), its
// points joined in knob order and labelled with the knob's value (t0), the slider's point marked on every curve,
// axes that never zoom below a minimum span, with unique tick labels, exact values in the tooltip, click to jump, a
// legend for every mark (curves, frontier, posterior-mean reference, slider ring) and a text table behind it.
import { memo, type Ref, useMemo } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
} from 'recharts';
import { KNOB_GRID } from '../../app/methods';
import type { ChartMetric } from '../../app/settings';
import type { PointResult } from '../../worker/api';
import { formatMetric } from '../format';
import { updateSettings, useApp } from '../store';
import { Segmented } from './Segmented';

export const METRIC_NAMES: Record<ChartMetric, string> = { psnr: 'PSNR (dB)', ssim: 'SSIM', rmse: 'RMSE' };

/** Okabe–Ito colours (colour-blind safe) and marker shapes, one per series; vermillion is the frontier's. */
export const SERIES_STYLES = [
  { colour: '#0072b2', shape: 'circle' },
  { colour: '#e69f00', shape: 'square' },
  { colour: '#009e73', shape: 'triangle' },
  { colour: '#cc79a7', shape: 'diamond' },
] as const;
const FRONTIER_COLOUR = '#d55e00';
/** The posterior-mean reference point (Okabe–Ito sky blue) and the slider's ring (ink): neither is a series colour. */
const REFERENCE_COLOUR = '#56b4e9';
export const RING_COLOUR = '#111418';

/** The chart's type size (px), normal and in teacher mode; the margins and the axis width follow it. */
const CHART_FONT = { normal: 14, teach: 18 } as const;

/** The smallest span an axis shows, so that noise-level differences do not fill the chart (PSNR: 1 dB). */
const MIN_SPAN: Record<ChartMetric | 'patchSwd' | 'w2', number> = {
  psnr: 1,
  ssim: 0.02,
  rmse: 0.01,
  patchSwd: 0.02,
  w2: 0.01,
};

export interface Axis {
  domain: [number, number];
  ticks: number[];
  /** Decimals that make every tick label distinct. */
  decimals: number;
}

/**
 * A padded axis over these values with at least `minSpan` (centred on the data), "nice" ticks (1, 2 or 5 × 10^k
 * apart, 3 to 6 of them) and as many decimals as the step needs, so no two tick labels read the same.
 */
export function niceAxis(values: readonly number[], minSpan: number): Axis {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length > 0 ? Math.min(...finite) : 0;
  let hi = finite.length > 0 ? Math.max(...finite) : 1;
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const span = Math.max(hi - lo, minSpan, Math.abs((lo + hi) / 2) * 1e-6, 1e-9);
  const centre = (lo + hi) / 2;
  lo = centre - span / 2;
  hi = centre + span / 2;
  const rough = span / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const count = Math.round((last - first) / step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks = Array.from({ length: count + 1 }, (_, i) => Number((first + i * step).toFixed(decimals)));
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, decimals };
}

export interface PlotSeries {
  name: string;
  points: Record<string, PointResult>;
}

interface Datum {
  x: number;
  y: number;
  index: number;
  series: string;
  point: PointResult;
}

/** The knob's value at a point ("t0 = 25" → "25"), for its label on the chart. */
function knobValue(point: PointResult): string {
  return point.label.replace(/^.* = /, '');
}

/** The knob's name at a curve's points ("t0"), or undefined for single outputs. */
function knobName(points: readonly Datum[]): string | undefined {
  const match = /^(.*) = /.exec(points[0]?.point.label ?? '');
  return match?.[1];
}

function TooltipBody({ active, payload }: { active?: boolean; payload?: { payload?: Datum }[] }) {
  const datum = payload?.[0]?.payload;
  if (!active || !datum?.point) return null;
  const { point } = datum;
  return (
    <div className="chart-tooltip">
      <strong>
        {datum.series}: {point.label || 'result'}
      </strong>
      <br />
      PSNR {formatMetric('psnr', point.metrics.psnr)} · SSIM {formatMetric('ssim', point.metrics.ssim)}
      <br />
      RMSE {formatMetric('rmse', point.metrics.rmse)} · patch-SWD {formatMetric('patchSwd', point.metrics.patchSwd)}
      {point.metrics.w2 !== undefined && (
        <>
          <br />
          W2 to the prior {formatMetric('w2', point.metrics.w2)}
        </>
      )}
      <br />
      {point.nfe} denoiser calls
    </div>
  );
}

/**
 * The slider's point on every curve: a ring, in the curve's colour where there are several curves. The only layer
 * that reads the slider, so a slider move redraws these rings and not the chart under them.
 */
function SliderMarkers({ curves }: { curves: readonly Datum[][] }) {
  const slider = useApp((s) => s.settings.slider);
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  if (!xScale || !yScale) return null;
  return (
    <g>
      {curves.map((data, series) => {
        const datum = data.find((d) => d.index === slider);
        const cx = datum && xScale(datum.x);
        const cy = datum && yScale(datum.y);
        if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return null;
        const colour = curves.length > 1 ? SERIES_STYLES[series % SERIES_STYLES.length].colour : RING_COLOUR;
        return (
          <circle
            key={series}
            cx={cx}
            cy={cy}
            r={11}
            className="highlight-point"
            style={{ stroke: colour }}
            data-testid="highlight-point"
            data-series={series}
            data-cx={cx.toFixed(1)}
            data-cy={cy.toFixed(1)}
          />
        );
      })}
    </g>
  );
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Each point's knob value beside it, in knob order along its curve. A label goes to the first of four places
 * around its point that overlaps no earlier label, no point and leaves the plot area; one with no free place is left
 * out (the table and the tooltip still have it), except the curve's two ends, which always get one.
 */
function PointLabels({ curves, fontSize }: { curves: readonly Datum[][]; fontSize: number }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  if (!xScale || !yScale || !plot) return null;
  const placed: Box[] = [];
  const markers: Box[] = [];
  const located = curves.map((data) =>
    data.flatMap((datum) => {
      const cx = xScale(datum.x);
      const cy = yScale(datum.y);
      if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return [];
      markers.push({ x0: cx - 5, y0: cy - 5, x1: cx + 5, y1: cy + 5 });
      return [{ datum, cx, cy }];
    }),
  );
  const labels: { key: string; x: number; y: number; anchor: 'start' | 'end'; text: string; knob: number }[] = [];
  located.forEach((data, series) => {
    // The ends first, so they get the best places.
    const order = data
      .map((_, i) => i)
      .sort((a, b) => Number(b === 0 || b === data.length - 1) - Number(a === 0 || a === data.length - 1));
    for (const i of order) {
      const { datum, cx, cy } = data[i];
      const text = knobValue(datum.point);
      if (!text || text === datum.point.label) continue;
      const width = 0.62 * fontSize * text.length;
      const height = fontSize;
      const gap = 7;
      const candidates = [
        { x: cx + gap, y: cy - gap, anchor: 'start' as const },
        { x: cx + gap, y: cy + gap + height, anchor: 'start' as const },
        { x: cx - gap, y: cy - gap, anchor: 'end' as const },
        { x: cx - gap, y: cy + gap + height, anchor: 'end' as const },
      ].map((c) => ({
        ...c,
        box: {
          x0: c.anchor === 'start' ? c.x : c.x - width,
          x1: c.anchor === 'start' ? c.x + width : c.x,
          y0: c.y - height * 0.85,
          y1: c.y + height * 0.15,
        },
      }));
      const inside = (b: Box) =>
        b.x0 >= plot.x && b.x1 <= plot.x + plot.width && b.y0 >= plot.y && b.y1 <= plot.y + plot.height;
      const free = candidates.find(
        (c) => inside(c.box) && !placed.some((p) => overlaps(p, c.box)) && !markers.some((m) => overlaps(m, c.box)),
      );
      const end = i === 0 || i === data.length - 1;
      const chosen =
        free ?? (end ? candidates.find((c) => inside(c.box) && !placed.some((p) => overlaps(p, c.box))) : undefined);
      if (!chosen) continue;
      placed.push(chosen.box);
      labels.push({
        key: `${series}|${datum.point.knob}`,
        x: chosen.x,
        y: chosen.y,
        anchor: chosen.anchor,
        text,
        knob: datum.point.knob,
      });
    }
  });
  return (
    <g className="point-labels" data-testid="point-labels" pointerEvents="none">
      {labels.map((label) => (
        <text
          key={label.key}
          x={label.x}
          y={label.y}
          textAnchor={label.anchor}
          fontSize={fontSize * 0.9}
          fill="#111418"
          stroke="#ffffff"
          strokeWidth={3}
          paintOrder="stroke"
          data-knob={label.knob}
          data-testid="point-label"
        >
          {label.text}
        </text>
      ))}
    </g>
  );
}

/** Axis titles drawn in the margins the chart keeps for them: the y title above the plot, the x title below. */
function AxisTitles({ x, y, fontSize }: { x: string; y: string; fontSize: number }) {
  const plot = usePlotArea();
  if (!plot) return null;
  return (
    <g className="axis-titles" fill="#4a5260" fontSize={fontSize} pointerEvents="none">
      <text x={plot.x} y={plot.y - 0.6 * fontSize} textAnchor="start" data-testid="y-title">
        ↑ {y}
      </text>
      <text x={plot.x + plot.width} y={plot.y + plot.height + 2.6 * fontSize} textAnchor="end" data-testid="x-title">
        {x} →
      </text>
    </g>
  );
}

/** The plot's numbers as a table, for screen readers (and the browser tests). */
function PointsTable({ data, sandbox, testId }: { data: Datum[]; sandbox: boolean; testId: string }) {
  return (
    <div className="visually-hidden">
      <table data-testid={testId}>
        <caption>Computed points</caption>
        <thead>
          <tr>
            <th>curve</th>
            <th>knob</th>
            <th>setting</th>
            <th>PSNR</th>
            <th>SSIM</th>
            <th>RMSE</th>
            <th>patch-SWD</th>
            {sandbox && <th>W2</th>}
          </tr>
        </thead>
        <tbody>
          {data.map(({ point, series }) => (
            <tr key={`${series}|${point.knob}`} data-knob={point.knob} data-series={series}>
              <td>{series}</td>
              <td>{point.knob}</td>
              <td>{point.label}</td>
              <td data-metric="psnr">{point.metrics.psnr}</td>
              <td data-metric="ssim">{point.metrics.ssim}</td>
              <td data-metric="rmse">{point.metrics.rmse}</td>
              <td data-metric="patchSwd">{point.metrics.patchSwd}</td>
              {sandbox && <td data-metric="w2">{point.metrics.w2}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The distortion measure on the y axis (a setting: it travels in the link). */
export function MetricPicker() {
  const chosen = useApp((s) => s.settings.chartMetric);
  return (
    <Segmented
      label="Distortion measure"
      name="chart-metric"
      options={Object.keys(METRIC_NAMES) as ChartMetric[]}
      value={chosen}
      onChange={(id) => updateSettings({ chartMetric: id })}
      format={(id) => id.toUpperCase()}
    />
  );
}

/** The y-axis measure actually plotted: the sandbox's frontier is in MSE terms, so there SSIM shows as PSNR. */
export function usePlottedMetric(): ChartMetric {
  const chosen = useApp((s) => s.settings.chartMetric);
  const sandbox = useApp((s) => s.settings.prior === 'sandbox');
  return sandbox && chosen === 'ssim' ? 'psnr' : chosen;
}

/** A reference result beside the curves (the posterior mean of the same inputs), one point. */
export interface PlotReference {
  name: string;
  point: PointResult;
}

interface Props {
  /** Memoise it in the caller: a new array redraws the whole chart. */
  series: PlotSeries[];
  onSelect(index: number): void;
  testId: string;
  tableTestId: string;
  /** The posterior-mean reference of the same inputs, when computed. */
  reference?: PlotReference;
  /** The box around the chart's SVG, for the SVG/PNG export. */
  boxRef?: Ref<HTMLDivElement>;
}

interface Frontier {
  x: number;
  y: number;
}

interface ChartProps {
  curves: readonly Datum[][];
  frontier: readonly Frontier[];
  reference: readonly Datum[];
  metric: ChartMetric;
  xName: string;
  xAxis: Axis;
  yAxis: Axis;
  fontSize: number;
  onSelect(index: number): void;
}

export interface LegendItem {
  name: string;
  colour: string;
  mark: 'line' | 'star' | 'ring' | 'number' | (typeof SERIES_STYLES)[number]['shape'];
}

/** The marks the chart draws, in the order the legend lists them. */
function legendItems(
  names: readonly string[],
  frontier: boolean,
  reference: PlotReference | undefined,
  knob: string | undefined,
): LegendItem[] {
  return [
    ...names.map((name, i) => {
      const { colour, shape } = SERIES_STYLES[i % SERIES_STYLES.length];
      return { name, colour, mark: shape };
    }),
    ...(knob ? [{ name: `number beside a point: its ${knob}`, colour: '', mark: 'number' as const }] : []),
    ...(frontier ? [{ name: 'optimal frontier (theory)', colour: FRONTIER_COLOUR, mark: 'line' as const }] : []),
    ...(reference ? [{ name: reference.name, colour: REFERENCE_COLOUR, mark: 'star' as const }] : []),
    ...(names.length === 1 ? [{ name: 'slider position', colour: RING_COLOUR, mark: 'ring' as const }] : []),
  ];
}

function LegendMark({ item }: { item: LegendItem }) {
  const { colour, mark } = item;
  return (
    <svg width="22" height="16" viewBox="0 0 22 16" aria-hidden="true">
      {mark === 'line' && <line x1="1" y1="8" x2="21" y2="8" stroke={colour} strokeWidth="3" />}
      {mark === 'ring' && <circle cx="11" cy="8" r="6" fill="none" stroke={colour} strokeWidth="2.5" />}
      {mark === 'star' && (
        <polygon points="11,1 13,6 19,6 14,10 16,15 11,12 6,15 8,10 3,6 9,6" fill={colour} stroke="#111418" />
      )}
      {mark === 'number' && (
        <text x="11" y="13" textAnchor="middle" fontSize="13" fill="#111418">
          25
        </text>
      )}
      {mark !== 'line' && mark !== 'ring' && mark !== 'star' && mark !== 'number' && (
        <>
          <line x1="1" y1="8" x2="21" y2="8" stroke={colour} strokeWidth="2" />
          <circle cx="11" cy="8" r="4" fill={colour} />
        </>
      )}
    </svg>
  );
}

/** The legend, in HTML (it wraps instead of clipping); the chart export draws the same entries into its SVG. */
function PlotLegend({ items, testId }: { items: readonly LegendItem[]; testId: string }) {
  return (
    <ul className="plot-legend" data-testid={testId}>
      {items.map((item) => (
        <li key={item.name} data-colour={item.colour} data-name={item.name} data-mark={item.mark}>
          <LegendMark item={item} />
          {item.name}
        </li>
      ))}
    </ul>
  );
}

/**
 * The chart itself: axes, curves, frontier and tooltip. Memoised on referentially stable data (recharts redraws every
 * layer when a prop changes identity); the slider's rings are the SliderMarkers layer inside it.
 */
const PlotChart = memo(function PlotChart({
  curves,
  frontier,
  reference,
  metric,
  xName,
  xAxis,
  yAxis,
  fontSize,
  onSelect,
}: ChartProps) {
  const format = (axis: Axis) => (v: number) => v.toFixed(axis.decimals);
  const longestTick = Math.max(...yAxis.ticks.map((t) => format(yAxis)(t).length));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart
        margin={{
          top: Math.round(1.8 * fontSize),
          right: Math.round(1.4 * fontSize),
          bottom: Math.round(2.2 * fontSize),
          left: 4,
        }}
        style={{ fontSize }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="x"
          name={xName}
          domain={xAxis.domain}
          ticks={xAxis.ticks}
          interval={0}
          allowDataOverflow
          tickFormatter={format(xAxis)}
          fontSize={fontSize}
        />
        <YAxis
          type="number"
          dataKey="y"
          name={METRIC_NAMES[metric]}
          domain={yAxis.domain}
          ticks={yAxis.ticks}
          interval={0}
          allowDataOverflow
          width={Math.ceil(0.62 * fontSize * longestTick) + 14}
          tickFormatter={format(yAxis)}
          fontSize={fontSize}
        />
        {frontier.length > 0 && (
          <Scatter
            name="optimal frontier"
            data={frontier}
            line={{ stroke: FRONTIER_COLOUR, strokeWidth: 3 }}
            shape={() => <g />}
            isAnimationActive={false}
            legendType="line"
          />
        )}
        {curves.flatMap((data, i) => {
          const { colour, shape } = SERIES_STYLES[i % SERIES_STYLES.length];
          const name = data[0]?.series ?? String(i);
          // The line joins the points in knob order; the clickable marks are drawn in reverse, so where neighbouring
          // points coincide (small t0 often lands on x_MAP) the lower knob is on top and x_MAP can always be clicked.
          return [
            <Scatter
              key={`curve-line-${i}`}
              name={name}
              data={data}
              line={{ stroke: colour, strokeWidth: 2 }}
              shape={() => <g />}
              isAnimationActive={false}
              legendType="none"
            />,
            <Scatter
              key={`curve-${i}`}
              name={name}
              data={[...data].reverse()}
              fill={colour}
              shape={shape}
              isAnimationActive={false}
              onClick={(entry: { payload?: Datum }) => entry.payload && onSelect(entry.payload.index)}
              className="clickable"
            />,
          ];
        })}
        {reference.length > 0 && (
          <Scatter
            name="posterior mean"
            data={reference}
            fill={REFERENCE_COLOUR}
            stroke="#111418"
            shape="star"
            isAnimationActive={false}
            className="reference-point"
          />
        )}
        <PointLabels curves={curves} fontSize={fontSize} />
        <AxisTitles x={xName} y={METRIC_NAMES[metric]} fontSize={fontSize} />
        <SliderMarkers curves={curves} />
        <Tooltip content={<TooltipBody />} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
});

export function DpPlot({ series, onSelect, testId, tableTestId, reference, boxRef }: Props) {
  const sandbox = useApp((s) => s.settings.prior === 'sandbox');
  const frontier = useApp((s) => s.problem?.frontier);
  const teach = useApp((s) => s.teach);
  const fontSize = teach ? CHART_FONT.teach : CHART_FONT.normal;
  const metric = usePlottedMetric();
  const xName = sandbox ? 'W2 to the prior (per pixel)' : 'patch-SWD, fine detail (lower = more realistic)';
  const names = useMemo(() => series.map((s) => s.name), [series]);
  const toDatum = useMemo(
    () =>
      (point: PointResult, index: number, name: string): Datum => ({
        x: sandbox ? (point.metrics.w2 ?? Number.NaN) : point.metrics.patchSwd,
        y: point.metrics[metric],
        index,
        series: name,
        point,
      }),
    [sandbox, metric],
  );
  const curves = useMemo(
    () =>
      series.map(({ name, points }) =>
        KNOB_GRID.flatMap((knob, index): Datum[] => {
          const point = points[knob];
          return point ? [toDatum(point, index, name)] : [];
        }),
      ),
    [series, toDatum],
  );
  const referenceData = useMemo(
    () => (reference ? [toDatum(reference.point, -1, reference.name)] : []),
    [reference, toDatum],
  );
  const all = useMemo(() => curves.flat(), [curves]);
  const frontierData = useMemo(
    () => (sandbox && frontier ? frontier.map((f) => ({ x: f.w2, y: metric === 'rmse' ? f.rmse : f.psnr })) : []),
    [sandbox, frontier, metric],
  );
  // The axes cover the curves and the reference; the frontier is drawn where it falls inside them.
  const xAxis = useMemo(
    () =>
      niceAxis(
        [...all, ...referenceData].map((d) => d.x),
        MIN_SPAN[sandbox ? 'w2' : 'patchSwd'],
      ),
    [all, referenceData, sandbox],
  );
  const yAxis = useMemo(
    () =>
      niceAxis(
        [...all, ...referenceData].map((d) => d.y),
        MIN_SPAN[metric],
      ),
    [all, referenceData, metric],
  );
  const knob = knobName(all);
  const legend = useMemo(
    () => legendItems(names, frontierData.length > 0, reference, knob),
    [names, frontierData.length, reference, knob],
  );
  return (
    <div className="dp-plot">
      <PlotLegend items={legend} testId={`${testId}-legend`} />
      <div
        className="chart-box"
        data-testid={testId}
        data-points={all.length}
        data-x-domain={xAxis.domain.join(',')}
        data-y-domain={yAxis.domain.join(',')}
        ref={boxRef}
      >
        <PlotChart
          curves={curves}
          frontier={frontierData}
          reference={referenceData}
          metric={metric}
          xName={xName}
          xAxis={xAxis}
          yAxis={yAxis}
          fontSize={fontSize}
          onSelect={onSelect}
        />
      </div>
      {sandbox && !frontier && (
        <p className="hint">The optimal frontier has a closed form for blur and denoising only.</p>
      )}
      {reference && (
        <p className="hint" data-testid={`${testId}-reference`}>
          {reference.name}: {metric.toUpperCase()} {formatMetric(metric, reference.point.metrics[metric])},{' '}
          {sandbox
            ? `W2 ${formatMetric('w2', reference.point.metrics.w2 ?? Number.NaN)}`
            : `patch-SWD ${formatMetric('patchSwd', reference.point.metrics.patchSwd)}`}
        </p>
      )}
      <PointsTable data={all} sandbox={sandbox} testId={tableTestId} />
      {sandbox && frontier && (
        <div className="visually-hidden">
          <table data-testid={`${testId}-frontier`}>
            <caption>Optimal frontier (theory)</caption>
            <thead>
              <tr>
                <th>W2</th>
                <th>RMSE</th>
                <th>PSNR</th>
              </tr>
            </thead>
            <tbody>
              {frontier.map((f, i) => (
                <tr key={i}>
                  <td data-metric="w2">{f.w2}</td>
                  <td data-metric="rmse">{f.rmse}</td>
                  <td data-metric="psnr">{f.psnr}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
