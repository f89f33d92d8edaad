// Inside the diffusion: the method's schedule (timestep against step, stage 1, stage 2 and the re-noising jump
// marked) and, once recorded, the stored steps of the slider's position: play, pause, step and scrub through x_t and
// the x0-estimate, with the stage, σ and the residual ‖y − A x̂0‖.
import { memo, useDeferredValue, useEffect, useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import { KNOB_GRID, knobLabel, type MethodId, methodInfo } from '../../app/methods';
import { describeStage, methodSchedule, type ScheduleStep, schedulePosition } from '../../app/trace';
import { createImage } from '../../core/tensor';
import { runBlocker } from '../controller';
import { useApp } from '../store';
import { recordTrace, showTraceStep, stopTrace, toggleTracePlayback, traceKey } from '../traceController';
import { Help } from './Help';
import { ImageCanvas } from './ImageCanvas';

/** Time per step while playing. */
const PLAY_INTERVAL_MS = 180;

function scheduleSummary(schedule: readonly ScheduleStep[]): string {
  const stage1 = schedule.filter((s) => s.stage.kind === 'map');
  const jump = schedule.find((s) => s.stage.kind === 'renoise');
  const stage2 = schedule.filter((s) => s.stage.kind === 'sample');
  const parts = [];
  if (stage1.length > 0) {
    const t = stage1[0].t === stage1.at(-1)?.t ? `at t = ${stage1[0].t}` : `t ${stage1[0].t} → ${stage1.at(-1)?.t}`;
    parts.push(`stage 1: ${stage1.length} iterations ${t}`);
  }
  if (jump) parts.push(`re-noise jump to t0 = ${jump.t}`);
  if (stage2.length > 0) parts.push(`stage 2: ${stage2.length} steps from t = ${stage2[0].t} to 0`);
  return parts.join(' · ');
}

// Chart props that never change, hoisted: recharts re-registers an axis or a label whose props change identity.
const SCHEDULE_MARGIN = { top: 14, right: 12, bottom: 18, left: 0 };
const JUMP_LABEL = { value: 're-noise', position: 'top' } as const;
const STEP_LABEL = { value: 'step', position: 'insideBottom', offset: -8 } as const;
const T_DOMAIN: [number, 'auto'] = [0, 'auto'];

/** Memoised: it redraws only when the schedule or the marked step changes, not on every store update. */
const ScheduleChart = memo(function ScheduleChart({
  schedule,
  current,
}: {
  schedule: readonly ScheduleStep[];
  current?: number;
}) {
  const data = useMemo(() => schedule.map((step, i) => ({ i, t: step.t })), [schedule]);
  const stage1End = schedule.filter((s) => s.stage.kind === 'map').length - 1;
  const jump = schedule.findIndex((s) => s.stage.kind === 'renoise');
  const stage2Start = schedule.findIndex((s) => s.stage.kind === 'sample');
  const summary = scheduleSummary(schedule);
  const lastStep = Math.max(1, schedule.length - 1);
  const stepDomain = useMemo(() => [0, lastStep], [lastStep]);
  return (
    <figure className="schedule" data-testid="schedule-chart" data-steps={schedule.length}>
      <div className="schedule-box" role="img" aria-label={`Schedule: timestep t against step. ${summary}`}>
        <ResponsiveContainer width="100%" height="100%">
          {/* The caption below says what the chart shows, so the chart is an image, not a keyboard stop. */}
          <LineChart data={data} margin={SCHEDULE_MARGIN} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            {stage1End >= 0 && (
              <ReferenceArea x1={0} x2={Math.max(stage1End, 0.5)} fill="#56b4e9" fillOpacity={0.25} label="stage 1" />
            )}
            {stage2Start >= 0 && (
              <ReferenceArea
                x1={stage2Start}
                x2={schedule.length - 1}
                fill="#e69f00"
                fillOpacity={0.2}
                label="stage 2"
              />
            )}
            {jump >= 0 && <ReferenceLine x={jump} stroke="#d55e00" strokeWidth={2} label={JUMP_LABEL} />}
            {current !== undefined && current >= 0 && <ReferenceLine x={current} stroke="#111418" strokeWidth={2} />}
            <XAxis type="number" dataKey="i" domain={stepDomain} label={STEP_LABEL} />
            <YAxis type="number" dataKey="t" width={44} domain={T_DOMAIN} />
            <Line dataKey="t" stroke="#0072b2" strokeWidth={2} dot={false} isAnimationActive={false} type="linear" />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption data-testid="schedule-summary">t against step: {summary}</figcaption>
    </figure>
  );
});

/** `sigma`: the noise level of the step on screen, from the method's schedule. */
function Playback({ sigma }: { sigma?: number }) {
  const trace = useApp((s) => s.trace);
  const fresh = useApp((s) => s.trace?.key === traceKey(s));
  const truth = useApp((s) => s.truth);
  const playing = trace?.playing ?? false;
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const position = useApp.getState().trace?.position ?? 0;
      showTraceStep(position + 1);
    }, PLAY_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [playing]);
  const step = fresh ? trace?.steps[trace.position] : undefined;
  const images = useMemo(
    () => (step && truth ? { xt: createImage(truth, step.xt), x0: createImage(truth, step.x0) } : undefined),
    [step, truth],
  );
  if (!trace || !fresh) return null;
  if (trace.status !== 'done') {
    return (
      <p className={trace.status === 'error' ? 'message error' : 'hint'} role="status">
        {trace.status === 'running' ? 'Recording the steps…' : trace.message}
      </p>
    );
  }
  const last = trace.steps.length - 1;
  return (
    <div className="playback" data-testid="trace">
      <div className="trace-images">
        <figure>
          <ImageCanvas image={images?.xt} label="State x_t" testId="trace-xt" />
          <figcaption>x_t</figcaption>
        </figure>
        <figure>
          <ImageCanvas image={images?.x0} label="x0-estimate" testId="trace-x0" />
          <figcaption>x̂₀ estimate</figcaption>
        </figure>
        {step && (
          <p className="trace-status" data-testid="trace-status" aria-live={playing ? 'off' : 'polite'}>
            <strong>{describeStage(step.stage)}</strong>
            <br />
            {sigma !== undefined && `σ = ${sigma.toPrecision(3)}`}
            <br />
            ‖y − A x̂₀‖ = <span data-testid="trace-residual">{step.residual.toPrecision(4)}</span>
          </p>
        )}
      </div>
      <div className="row">
        <button type="button" onClick={() => showTraceStep(trace.position - 1)} disabled={trace.position === 0}>
          Step back
        </button>
        <button type="button" data-testid="trace-play" onClick={toggleTracePlayback}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => showTraceStep(trace.position + 1)} disabled={trace.position === last}>
          Step forward
        </button>
      </div>
      <label className="field">
        Stored step {trace.position + 1} of {trace.steps.length}
        <input
          type="range"
          data-testid="trace-scrub"
          min={0}
          max={last}
          value={trace.position}
          onChange={(e) => showTraceStep(Number(e.target.value))}
        />
      </label>
      <p className="hint">{trace.message}</p>
    </div>
  );
}

export function DiffusionInspector() {
  const method = useApp((s) => s.settings.method);
  const kind = useApp((s) => s.settings.degradation.kind);
  const slider = useApp((s) => s.settings.slider);
  const trace = useApp((s) => (s.trace?.key === traceKey(s) ? s.trace : undefined));
  const blocker = useApp(runBlocker);
  const info = methodInfo(method.method);
  const knob = KNOB_GRID[slider];
  const schedule = useMemo(
    () => (info ? methodSchedule(info.id, kind, method.preset, info.kind === 'curve' ? knob : 0) : []),
    [info, kind, method.preset, knob],
  );
  // The schedule chart follows the slider in a deferred render, after the frame that shows the new point.
  const shownSchedule = useDeferredValue(schedule);
  const step = trace?.status === 'done' ? trace.steps[trace.position] : undefined;
  const current = step ? schedulePosition(schedule, step.stage) : undefined;
  const label = info ? knobLabel(info.id as MethodId, kind, method.preset, knob) : '';
  return (
    <section className="panel inspector" aria-labelledby="inspector-heading">
      <div className="panel-head">
        <h2 id="inspector-heading">Inside the diffusion</h2>
        <Help topic="trace" />
      </div>
      {info && <ScheduleChart schedule={shownSchedule} current={shownSchedule === schedule ? current : undefined} />}
      {trace?.status === 'running' ? (
        <button type="button" data-testid="stop-trace" onClick={stopTrace}>
          Stop recording
        </button>
      ) : (
        <button
          type="button"
          data-testid="record-trace"
          disabled={blocker !== undefined}
          onClick={() => void recordTrace()}
        >
          Record the steps{label ? ` at ${label}` : ''}
        </button>
      )}
      <Playback sigma={current !== undefined && current >= 0 ? schedule[current].sigma : undefined} />
    </section>
  );
}
