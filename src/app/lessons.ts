// Lesson presets for a class: each sets the whole problem so that one idea shows up on the first run.
import { PRIOR_SAMPLE_ID } from './priors';
import { DEFAULT_SETTINGS, type Settings } from './settings';

export interface Lesson {
  id: string;
  title: string;
  /** What to look at, in one sentence. */
  idea: string;
  settings: Settings;
}

const base = DEFAULT_SETTINGS;

export const LESSONS: readonly Lesson[] = [
  {
    id: 'blur-map-vs-sample',
    title: 'blur: MAP vs sample',
    idea: 'The MAP estimate has the lowest error but stays soft; moving t₀ up trades a little error for sharp, realistic texture.',
    settings: {
      ...base,
      prior: 'faces64',
      image: { kind: 'gallery', id: 'face-1' },
      degradation: { ...base.degradation, kind: 'blur-gaussian', kernelSize: 9, blurStd: 2, sigmaY: 0.05 },
      method: { ...base.method, method: 'map-rps', preset: 'fast' },
      slider: 0,
      chartMetric: 'psnr',
    },
  },
  {
    id: 'big-hole',
    title: 'big hole: why samples hallucinate',
    idea: 'Nothing in y says what lies inside the hole: the MAP fills it with a bland average, each sample with a different plausible guess.',
    settings: {
      ...base,
      prior: 'faces64',
      image: { kind: 'gallery', id: 'face-2' },
      degradation: { ...base.degradation, kind: 'inpaint-box', boxFraction: 0.4, sigmaY: 0.05 },
      method: { ...base.method, method: 'map-rps', preset: 'fast' },
      slider: 10,
      chartMetric: 'psnr',
    },
  },
  {
    id: 'gaussian-sandbox',
    title: 'Gaussian sandbox: the optimal frontier',
    idea: 'With a Gaussian prior the best possible distortion at each perception level is known exactly; watch how close the curve gets to the line.',
    settings: {
      ...base,
      prior: 'sandbox',
      image: { kind: 'gallery', id: PRIOR_SAMPLE_ID },
      degradation: { ...base.degradation, kind: 'blur-gaussian', kernelSize: 7, blurStd: 1.5, sigmaY: 0.05 },
      method: { ...base.method, method: 'map-rps', preset: 'fast' },
      slider: 0,
      chartMetric: 'rmse',
    },
  },
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((lesson) => lesson.id === id);
}
