// Steps 6: the result for the slider position, and the D-P slider itself.
import { useMemo } from 'react';
import { KNOB_GRID, knobLabel, type MethodId, methodInfo, taskOf } from '../../app/methods';
import { createImage, type Image } from '../../core/tensor';
import { selectKnob } from '../controller';
import { formatMetric } from '../format';
import { useApp } from '../store';
import { Help } from './Help';
import { ImageCanvas } from './ImageCanvas';

/** The image on screen for the slider position: its computed point, else the live preview while running. */
export function useShownResult(): { image?: Image; state: 'computed' | 'live' | 'queued' | 'missing' } {
  const truth = useApp((s) => s.truth);
  const run = useApp((s) => s.run);
  const slider = useApp((s) => s.settings.slider);
  const point = run.points[KNOB_GRID[slider]];
  return useMemo(() => {
    if (!truth) return { state: 'missing' };
    if (point) return { image: createImage(truth, point.image), state: 'computed' };
    if (run.status === 'running' && run.preview) return { image: createImage(truth, run.preview), state: 'live' };
    return { state: run.pending.includes(KNOB_GRID[slider]) ? 'queued' : 'missing' };
  }, [truth, point, run.status, run.preview, run.pending, slider]);
}

export function ResultSection() {
  const run = useApp((s) => s.run);
  const slider = useApp((s) => s.settings.slider);
  const method = useApp((s) => s.settings.method);
  const kind = useApp((s) => s.settings.degradation.kind);
  const prior = useApp((s) => s.settings.prior);
  const shown = useShownResult();
  const knob = KNOB_GRID[slider];
  const point = run.points[knob];
  const info = methodInfo(method.method);
  const isCurve = info?.kind === 'curve';
  const label = (k: number) => (info ? knobLabel(info.id as MethodId, taskOf(kind), method.preset, k) : '');
  const caption = {
    computed: point && `${point.label || 'result'} · PSNR ${formatMetric('psnr', point.metrics.psnr)}`,
    live: 'live x0-estimate (still computing)',
    queued: `${label(knob)}: queued`,
    missing: run.status === 'idle' ? 'Press Run to solve' : `${label(knob)}: not computed`,
  }[shown.state];
  return (
    <section className="panel result" aria-labelledby="result-heading">
      <h2 id="result-heading">6. Result</h2>
      <figure className="result-figure">
        <ImageCanvas image={shown.image} label={`Result: ${caption}`} className="result-image" testId="result-image" />
        <figcaption data-testid="result-caption" data-state={shown.state}>
          {caption}
        </figcaption>
      </figure>
      {point && (
        <p className="metrics-line" data-testid="result-metrics">
          SSIM {formatMetric('ssim', point.metrics.ssim)} · RMSE {formatMetric('rmse', point.metrics.rmse)} ·{' '}
          {prior === 'sandbox' && point.metrics.w2 !== undefined
            ? `W2 ${formatMetric('w2', point.metrics.w2)}`
            : `patch-SWD ${formatMetric('patchSwd', point.metrics.patchSwd)}`}
        </p>
      )}
      <div className="dp-slider">
        <label htmlFor="dp-slider">
          Distortion ← → perception{isCurve ? `: ${label(knob)}` : ' (this method gives one output)'}
        </label>
        <Help topic="slider" />
        <input
          id="dp-slider"
          data-testid="dp-slider"
          type="range"
          min={0}
          max={KNOB_GRID.length - 1}
          step={1}
          value={slider}
          disabled={!isCurve}
          aria-valuetext={label(knob)}
          onChange={(e) => selectKnob(Number(e.target.value))}
        />
        <div className="ticks" aria-hidden="true">
          {KNOB_GRID.map((k, i) => (
            <span key={k} className={run.points[k] ? 'done' : run.pending.includes(k) ? 'queued' : ''}>
              {i === 0 || i === KNOB_GRID.length - 1 || i === slider ? label(k).replace(/^.* = /, '') : '·'}
            </span>
          ))}
        </div>
      </div>
    </section>
  );
}
