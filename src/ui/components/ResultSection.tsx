// Steps 6: the result for the slider position, and the D-P slider itself.
import { useMemo } from 'react';
import { KNOB_GRID, knobLabel, type MethodId, methodInfo } from '../../app/methods';
import { matchesPrecomputed, type PrecomputedPoint, precomputedPixels } from '../../app/precomputed';
import { createImage, type Image } from '../../core/tensor';
import { selectKnob } from '../controller';
import { formatMetric } from '../format';
import { useApp } from '../store';
import { Help } from './Help';
import { ImageCanvas } from './ImageCanvas';

/** The bundled precomputed point of the slider's knob, when the settings on screen are the ones it was made with. */
export function usePrecomputedPoint(): PrecomputedPoint | undefined {
  const precomputed = useApp((s) => s.precomputed);
  const { prior, image, degradation, method, seed, slider } = useApp((s) => s.settings);
  const knob = KNOB_GRID[slider];
  return useMemo(() => {
    if (!precomputed) return undefined;
    const settings = { prior, image, degradation, method, seed };
    if (!matchesPrecomputed(precomputed, settings as Parameters<typeof matchesPrecomputed>[1])) return undefined;
    return precomputed.points.find((p) => p.knob === knob);
  }, [precomputed, prior, image, degradation, method, seed, knob]);
}

const precomputedImages = new WeakMap<PrecomputedPoint, Float32Array>();

/**
 * The image on screen for the slider position: its computed point, else the bundled precomputed point of the same
 * settings (first screen, while the model loads), else the live preview while running.
 */
export function useShownResult(): {
  image?: Image;
  state: 'computed' | 'stale' | 'precomputed' | 'live' | 'queued' | 'missing';
} {
  const truth = useApp((s) => s.truth);
  const run = useApp((s) => s.run);
  const slider = useApp((s) => s.settings.slider);
  const point = run.points[KNOB_GRID[slider]];
  const stale = run.stale?.[KNOB_GRID[slider]];
  const precomputed = usePrecomputedPoint();
  return useMemo(() => {
    if (!truth) return { state: 'missing' };
    if (point) return { image: createImage(truth, point.image), state: 'computed' };
    if (stale && stale.image.length === truth.data.length)
      return { image: createImage(truth, stale.image), state: 'stale' };
    if (precomputed) {
      let pixels = precomputedImages.get(precomputed);
      if (!pixels) precomputedImages.set(precomputed, (pixels = precomputedPixels(precomputed)));
      if (pixels.length === truth.data.length) return { image: createImage(truth, pixels), state: 'precomputed' };
    }
    if (run.status === 'running' && run.preview) return { image: createImage(truth, run.preview), state: 'live' };
    return { state: run.pending.includes(KNOB_GRID[slider]) ? 'queued' : 'missing' };
  }, [truth, point, stale, precomputed, run.status, run.preview, run.pending, slider]);
}

export function ResultSection() {
  const run = useApp((s) => s.run);
  const slider = useApp((s) => s.settings.slider);
  const method = useApp((s) => s.settings.method);
  const kind = useApp((s) => s.settings.degradation.kind);
  const prior = useApp((s) => s.settings.prior);
  const shown = useShownResult();
  const precomputed = usePrecomputedPoint();
  const modelLoading = useApp((s) => s.model.status === 'loading' || s.model.status === 'idle');
  const knob = KNOB_GRID[slider];
  const point = run.points[knob];
  const info = methodInfo(method.method);
  const isCurve = info?.kind === 'curve';
  const label = (k: number) => (info ? knobLabel(info.id as MethodId, kind, method.preset, k) : '');
  const stale = run.stale?.[knob];
  const caption = {
    stale:
      stale &&
      `Stale (before your change): ${stale.label || 'result'} · PSNR ${formatMetric('psnr', stale.metrics.psnr)}; ${run.status === 'running' ? 'recomputing' : 'waiting to recompute'} with the new settings…`,
    computed: point && `${point.label || 'result'} · PSNR ${formatMetric('psnr', point.metrics.psnr)}`,
    precomputed:
      precomputed &&
      `Precomputed (bundled, same settings): ${precomputed.label || 'result'} · PSNR ${formatMetric('psnr', precomputed.metrics.psnr)}; ${modelLoading ? 'the model is loading' : 'computing live'}…`,
    live: 'live x0-estimate (still computing)',
    queued: `${label(knob)}: queued`,
    missing:
      run.status === 'idle'
        ? modelLoading
          ? 'The model is loading…'
          : 'Press Run to solve'
        : `${label(knob)}: not computed`,
  }[shown.state];
  return (
    <section className="panel result" aria-labelledby="result-heading">
      <h2 id="result-heading">6. Result</h2>
      <figure className="result-figure">
        <ImageCanvas
          image={shown.image}
          label={`Result: ${caption}`}
          className={`result-image ${shown.state === 'precomputed' || shown.state === 'stale' ? shown.state : ''}`}
          testId="result-image"
        />
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
