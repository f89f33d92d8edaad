// The distortion–perception plot behind the single-run chart and the comparison: one curve per series (PSNR, SSIM
// or RMSE against patch-SWD, or against W2 to the prior on the Gaussian sandbox, with its optimal frontier), the
// slider's point marked on every curve, exact values in the tooltip, click to jump, and a text table behind it.
import { memo, type Ref, useMemo } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
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
        const colour = curves.length > 1 ? SERIES_STYLES[series % SERIES_STYLES.length].colour : undefined;
        return (
          <circle
            key={series}
            cx={cx}
            cy={cy}
            r={11}
            className="highlight-point"
            style={colour ? { stroke: colour } : undefined}
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

interface Props {
  /** Memoise it in the caller: a new array redraws the whole chart. */
  series: PlotSeries[];
  onSelect(index: number): void;
  testId: string;
  tableTestId: string;
  /** Shows a legend (the comparison; a single curve needs none). */
  legend?: boolean;
  /** The box around the chart's SVG, for the SVG/PNG export. */
  boxRef?: Ref<HTMLDivElement>;
}

interface Frontier {
  x: number;
  y: number;
}

interface ChartProps {
  curves: readonly Datum[][];
  names: readonly string[];
  frontier: readonly Frontier[];
  metric: ChartMetric;
  xName: string;
  onSelect(index: number): void;
  legend?: boolean;
}

/**
 * The chart itself: axes, curves, frontier and tooltip. Memoised on referentially stable data (recharts redraws every
 * layer when a prop changes identity); the slider's rings are the SliderMarkers layer inside it.
 */
const PlotChart = memo(function PlotChart({ curves, names, frontier, metric, xName, onSelect, legend }: ChartProps) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart margin={{ top: 8, right: 16, bottom: 28, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="x"
          name={xName}
          domain={['auto', 'auto']}
          tickFormatter={(v: number) => v.toPrecision(3)}
          label={{ value: xName, position: 'insideBottom', offset: -18 }}
        />
        <YAxis
          type="number"
          dataKey="y"
          name={METRIC_NAMES[metric]}
          domain={['auto', 'auto']}
          width={64}
          tickFormatter={(v: number) => (metric === 'psnr' ? v.toFixed(1) : v.toPrecision(3))}
          label={{ value: METRIC_NAMES[metric], angle: -90, position: 'insideLeft' }}
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
        {curves.map((data, i) => {
          const { colour, shape } = SERIES_STYLES[i % SERIES_STYLES.length];
          return (
            <Scatter
              key={`curve-${names[i]}`}
              name={names[i]}
              data={data}
              fill={colour}
              shape={shape}
              line={{ stroke: colour, strokeWidth: 2 }}
              isAnimationActive={false}
              onClick={(entry: { payload?: Datum }) => entry.payload && onSelect(entry.payload.index)}
              className="clickable"
            />
          );
        })}
        <SliderMarkers curves={curves} />
        {legend && <Legend verticalAlign="top" height={28} />}
        <Tooltip content={<TooltipBody />} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
});

export function DpPlot({ series, onSelect, testId, tableTestId, legend, boxRef }: Props) {
  const sandbox = useApp((s) => s.settings.prior === 'sandbox');
  const frontier = useApp((s) => s.problem?.frontier);
  const metric = usePlottedMetric();
  const xName = sandbox ? 'W2 to the prior (per pixel)' : 'patch-SWD (lower = more realistic)';
  const names = useMemo(() => series.map((s) => s.name), [series]);
  const curves = useMemo(
    () =>
      series.map(({ name, points }) =>
        KNOB_GRID.flatMap((knob, index): Datum[] => {
          const point = points[knob];
          if (!point) return [];
          const x = sandbox ? (point.metrics.w2 ?? Number.NaN) : point.metrics.patchSwd;
          return [{ x, y: point.metrics[metric], index, series: name, point }];
        }),
      ),
    [series, sandbox, metric],
  );
  const all = useMemo(() => curves.flat(), [curves]);
  const frontierData = useMemo(
    () => (sandbox && frontier ? frontier.map((f) => ({ x: f.w2, y: metric === 'rmse' ? f.rmse : f.psnr })) : []),
    [sandbox, frontier, metric],
  );
  return (
    <div className="dp-plot">
      <div className="chart-box" data-testid={testId} data-points={all.length} ref={boxRef}>
        <PlotChart
          curves={curves}
          names={names}
          frontier={frontierData}
          metric={metric}
          xName={xName}
          onSelect={onSelect}
          legend={legend}
        />
      </div>
      {sandbox && !frontier && (
        <p className="hint">The optimal frontier has a closed form for blur and denoising only.</p>
      )}
      <PointsTable data={all} sandbox={sandbox} testId={tableTestId} />
    </div>
  );
}
