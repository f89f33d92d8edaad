// Step 7: the distortion–perception chart of the current run (see DpPlot): one point per computed knob, the
// slider's point highlighted, click to jump; on the Gaussian sandbox with the theoretical optimal frontier.
import { useMemo } from 'react';
import { methodInfo } from '../../app/methods';
import { selectKnob } from '../controller';
import { useApp } from '../store';
import { DpPlot, MetricPicker } from './DpPlot';
import { Help } from './Help';

export function DpChart() {
  const points = useApp((s) => s.run.points);
  const method = useApp((s) => s.settings.method.method);
  const series = useMemo(() => [{ name: methodInfo(method)?.label ?? method, points }], [method, points]);
  return (
    <section className="panel chart" aria-labelledby="chart-heading">
      <div className="chart-header">
        <h2 id="chart-heading">7. Distortion–perception</h2>
        <MetricPicker />
        <Help topic="chartMetric" />
      </div>
      <DpPlot series={series} onSelect={selectKnob} testId="dp-chart" tableTestId="points-table" />
    </section>
  );
}
