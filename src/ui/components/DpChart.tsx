// Step 7: the distortion–perception chart. One point per computed knob (PSNR, SSIM or RMSE against patch-SWD),
// the slider's point highlighted, exact values in the tooltip, click to jump. On the Gaussian sandbox the axes are
// RMSE/PSNR against W2 to the prior, with the theoretical optimal frontier (Freirich et al. 2021) as a line.
import { CartesianGrid, ComposedChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { KNOB_GRID } from '../../app/methods';
import type { ChartMetric } from '../../app/settings';
import type { PointResult } from '../../worker/api';
import { selectKnob } from '../controller';
import { formatMetric } from '../format';
import { updateSettings, useApp } from '../store';

interface Datum {
  x: number;
  y: number;
  index: number;
  point: PointResult;
}

const METRIC_NAMES: Record<ChartMetric, string> = { psnr: 'PSNR (dB)', ssim: 'SSIM', rmse: 'RMSE' };

function TooltipBody({ active, payload }: { active?: boolean; payload?: { payload?: Datum }[] }) {
  const datum = payload?.[0]?.payload;
  if (!active || !datum?.point) return null;
  const { point } = datum;
  return (
    <div className="chart-tooltip">
      <strong>{point.label || 'result'}</strong>
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

function Highlight(props: { cx?: number; cy?: number }) {
  if (props.cx === undefined || props.cy === undefined) return <g />;
  return (
    <circle
      cx={props.cx}
      cy={props.cy}
      r={11}
      className="highlight-point"
      data-testid="highlight-point"
      data-cx={props.cx.toFixed(1)}
      data-cy={props.cy.toFixed(1)}
    />
  );
}

/** The chart's numbers as a table, for screen readers (and the browser tests). */
function PointsTable({ data, sandbox }: { data: Datum[]; sandbox: boolean }) {
  return (
    <div className="visually-hidden">
      <table data-testid="points-table">
        <caption>Computed points</caption>
        <thead>
          <tr>
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
          {data.map(({ point }) => (
            <tr key={point.knob} data-knob={point.knob}>
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

export function DpChart() {
  const run = useApp((s) => s.run);
  const slider = useApp((s) => s.settings.slider);
  const chosen = useApp((s) => s.settings.chartMetric);
  const sandbox = useApp((s) => s.settings.prior === 'sandbox');
  const frontier = useApp((s) => s.problem?.frontier);
  // The sandbox's frontier is in MSE terms: SSIM has no frontier, so the sandbox plots PSNR then.
  const metric: ChartMetric = sandbox && chosen === 'ssim' ? 'psnr' : chosen;
  const xName = sandbox ? 'W2 to the prior (per pixel)' : 'patch-SWD (lower = more realistic)';
  const data: Datum[] = KNOB_GRID.flatMap((knob, index) => {
    const point = run.points[knob];
    if (!point) return [];
    const x = sandbox ? (point.metrics.w2 ?? Number.NaN) : point.metrics.patchSwd;
    return [{ x, y: point.metrics[metric], index, point }];
  });
  const highlighted = data.filter((d) => d.index === slider);
  const frontierData =
    sandbox && frontier ? frontier.map((f) => ({ x: f.w2, y: metric === 'rmse' ? f.rmse : f.psnr })) : [];
  return (
    <section className="panel chart" aria-labelledby="chart-heading">
      <div className="chart-header">
        <h2 id="chart-heading">7. Distortion–perception</h2>
        <div className="segmented" role="radiogroup" aria-label="Distortion measure">
          {(Object.keys(METRIC_NAMES) as ChartMetric[]).map((id) => (
            <label key={id} className={chosen === id ? 'selected' : ''}>
              <input
                type="radio"
                name="chart-metric"
                value={id}
                checked={chosen === id}
                onChange={() => updateSettings({ chartMetric: id })}
              />
              {id.toUpperCase()}
            </label>
          ))}
        </div>
      </div>
      <div className="chart-box" data-testid="dp-chart" data-points={data.length}>
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
            {frontierData.length > 0 && (
              <Scatter
                name="optimal frontier"
                data={frontierData}
                line={{ stroke: '#d55e00', strokeWidth: 3 }}
                shape={() => <g />}
                isAnimationActive={false}
                legendType="line"
              />
            )}
            <Scatter
              name="computed points"
              data={data}
              fill="#0072b2"
              line={{ stroke: '#0072b2', strokeWidth: 2 }}
              isAnimationActive={false}
              onClick={(entry: { payload?: Datum }) => entry.payload && selectKnob(entry.payload.index)}
              className="clickable"
            />
            <Scatter name="slider position" data={highlighted} shape={Highlight} isAnimationActive={false} />
            <Tooltip content={<TooltipBody />} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {sandbox && !frontier && (
        <p className="hint">The optimal frontier has a closed form for blur and denoising only.</p>
      )}
      <PointsTable data={data} sandbox={sandbox} />
    </section>
  );
}
