// The guided tour of MAP-RPS in five steps: y → A†y → x_MAP (stage 1) → re-noising to t0 → posterior sampling,
// each with one sentence, its formula and the image it is about (from the current problem and run).
import { useMemo } from 'react';
import { KNOB_GRID, traversalOf } from '../../app/methods';
import { createRng } from '../../core/rng';
import { DDPM_SCHEDULE } from '../../core/schedule';
import { createImage, type Image } from '../../core/tensor';
import { selectKnob } from '../controller';
import { useApp } from '../store';
import { ImageCanvas } from './ImageCanvas';

type Shown = 'y' | 'pseudo-inverse' | 'map' | 'renoised' | 'sample';

interface TourStep {
  title: string;
  text: string;
  formula: string;
  shows: Shown;
  /** Slider position the step moves to (the image on the result panel then matches). */
  slider?: number;
}

const LAST = KNOB_GRID.length - 1;

export const TOUR: readonly TourStep[] = [
  {
    title: 'The measurement y',
    text: 'We never see the image, only y: the operator A applied to it, plus noise.',
    formula: 'y = A x + σ_y n',
    shows: 'y',
  },
  {
    title: 'The pseudo-inverse A†y',
    text: 'Undoing A directly keeps what y knows, leaves what A removed empty, and amplifies the noise.',
    formula: 'A†y = V Σ⁺ Uᵀ y',
    shows: 'pseudo-inverse',
  },
  {
    title: 'Stage 1: the MAP estimate',
    text: 'An optimiser finds the single most probable image given y: the lowest error, but soft.',
    formula: 'x_MAP = argmin ‖y − A x‖² / 2σ_y² − log p(x)',
    shows: 'map',
    slider: 0,
  },
  {
    title: 'Re-noising to t₀',
    text: 'Stage 2 starts by drowning x_MAP in noise of level t₀: the larger t₀, the more detail the prior may re-invent.',
    formula: 'x_t₀ = √ᾱ_t₀ · x_MAP + √(1 − ᾱ_t₀) · z',
    shows: 'renoised',
  },
  {
    title: 'Posterior sampling',
    text: 'The reverse diffusion from t₀ down to 0, kept consistent with y, ends in a sample of p(x | y): sharp, a little more error.',
    formula: 'x_t−1 ~ p(x_t−1 | x_t, y),  t = t₀, …, 1',
    shows: 'sample',
    slider: LAST,
  },
];

/** x_MAP re-noised to t0, in the VP scaling the network sees (the seed picks z). */
function renoised(xMap: Float32Array, t0: number, seed: number, shape: Image): Image {
  const scale = Math.sqrt(DDPM_SCHEDULE.alphaBar[t0]);
  const noise = createRng(seed).fillNormal(new Float32Array(xMap.length));
  return createImage(
    shape,
    xMap.map((v, i) => scale * v + Math.sqrt(1 - scale * scale) * noise[i]),
  );
}

function useTourImage(shows: Shown): Image | undefined {
  const problem = useApp((s) => s.problem);
  const truth = useApp((s) => s.truth);
  const xMap = useApp((s) => s.run.points[KNOB_GRID[0]]?.image);
  const sample = useApp((s) => s.run.points[KNOB_GRID[LAST]]?.image);
  const seed = useApp((s) => s.settings.seed);
  // The re-noising step shows the largest t0 of the slider.
  const t0 = useApp((s) => traversalOf(s.settings.degradation.kind, s.settings.method.preset).t0Max);
  return useMemo(() => {
    if (!truth) return undefined;
    switch (shows) {
      case 'y':
        return problem?.y;
      case 'pseudo-inverse':
        return problem?.pseudoInverse;
      case 'map':
        return xMap && createImage(truth, xMap);
      case 'renoised':
        return xMap && renoised(xMap, t0, seed, truth);
      case 'sample':
        return sample && createImage(truth, sample);
    }
  }, [shows, problem, truth, xMap, sample, seed, t0]);
}

export function Tour() {
  const step = useApp((s) => s.tourStep);
  if (step === undefined) return null;
  return <TourPanel step={step} />;
}

function TourPanel({ step }: { step: number }) {
  const current = TOUR[step];
  const image = useTourImage(current.shows);
  const go = (next: number) => {
    useApp.setState({ tourStep: next });
    const slider = TOUR[next].slider;
    if (slider !== undefined) selectKnob(slider);
  };
  return (
    <section className="panel tour" aria-labelledby="tour-heading" data-testid="tour" data-step={step + 1}>
      <h2 id="tour-heading">
        Tour {step + 1} of {TOUR.length}: {current.title}
      </h2>
      <div className="tour-body">
        <ImageCanvas image={image} label={current.title} testId="tour-image" />
        <div>
          <p aria-live="polite">{current.text}</p>
          <p className="formula">{current.formula}</p>
          {!image && <p className="hint">Press Run to see this step on your image.</p>}
        </div>
      </div>
      <div className="row">
        <button type="button" disabled={step === 0} onClick={() => go(step - 1)}>
          Back
        </button>
        <button type="button" disabled={step === TOUR.length - 1} onClick={() => go(step + 1)} data-testid="tour-next">
          Next
        </button>
        <button type="button" onClick={() => useApp.setState({ tourStep: undefined })}>
          Close tour
        </button>
      </div>
    </section>
  );
}
