// Step 7: the distortion–perception chart of the current run (see DpPlot): one point per computed knob, the
// slider's point highlighted, click to jump; on the Gaussian sandbox with the theoretical optimal frontier; the
// posterior mean of the same inputs as a reference point once it has been computed (method "Posterior mean").
import { useMemo } from 'react';
import { methodInfo } from '../../app/methods';
import { cachedPoints, runKey, selectKnob } from '../controller';
import { useApp } from '../store';
import { DpPlot, MetricPicker, type PlotReference } from './DpPlot';
import { Help } from './Help';

/** The posterior-mean result for the current image, degradation, preset and seed, if it is in the result cache. */
function usePosteriorMeanReference(): PlotReference | undefined {
  const settings = useApp((s) => s.settings);
  const brush = useApp((s) => s.brush);
  const points = useApp((s) => s.run.points);
  return useMemo(() => {
    if (settings.method.method === 'posterior-mean') return undefined;
    const method = { ...settings.method, method: 'posterior-mean' };
    const point = cachedPoints(runKey({ ...settings, method }, brush))[0];
    return point ? { name: `posterior mean (${point.label || 'reference'})`, point } : undefined;
    // `points` changes when a run of the current settings computes a point: the cache may have changed too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings.prior, settings.image, settings.degradation, settings.method, settings.seed, brush, points]);
}

export function DpChart() {
  const points = useApp((s) => s.run.points);
  const method = useApp((s) => s.settings.method.method);
  const series = useMemo(() => [{ name: methodInfo(method)?.label ?? method, points }], [method, points]);
  const reference = usePosteriorMeanReference();
  return (
    <section className="panel chart" aria-labelledby="chart-heading">
      <div className="chart-header">
        <h2 id="chart-heading">7. Distortion–perception</h2>
        <MetricPicker />
        <Help topic="chartMetric" />
        <Help topic="perception" />
      </div>
      <DpPlot
        series={series}
        onSelect={selectKnob}
        testId="dp-chart"
        tableTestId="points-table"
        reference={reference}
      />
    </section>
  );
}
