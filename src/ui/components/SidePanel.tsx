// Step 8: ground truth, measurement, result and the error map side by side.
import { useMemo } from 'react';
import { createImage, type Image } from '../../core/tensor';
import { useApp } from '../store';
import { ImageCanvas } from './ImageCanvas';
import { useShownResult } from './ResultSection';

/** |result − truth| in [0,1] units, amplified so small errors are visible. */
const ERROR_GAIN = 4;

/** Error maps already computed, by result pixels (a point's image is kept while its run is): revisits reuse them. */
const errorMaps = new WeakMap<Float32Array, { truth: Image; error: Image }>();

function errorMap(truth: Image, result: Image): Image {
  const cached = errorMaps.get(result.data);
  if (cached?.truth === truth) return cached.error;
  const data = new Float32Array(result.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (ERROR_GAIN * Math.abs(result.data[i] - truth.data[i])) / 2;
  const error = createImage(truth, data);
  errorMaps.set(result.data, { truth, error });
  return error;
}

export function SidePanel() {
  const truth = useApp((s) => s.truth);
  const problem = useApp((s) => s.problem);
  const shown = useShownResult();
  const result = shown.state === 'computed' ? shown.image : undefined;
  const error = useMemo(() => (truth && result ? errorMap(truth, result) : undefined), [truth, result]);
  return (
    // Focusable: at projector sizes the column can scroll, and a scrolling region must be reachable by keyboard.
    <aside className="panel side" aria-label="Truth, measurement, result and error" tabIndex={0}>
      <figure>
        <ImageCanvas image={truth} label="Ground truth" testId="side-truth" />
        <figcaption>truth x</figcaption>
      </figure>
      <figure>
        <ImageCanvas image={problem?.y} label="Measurement y" testId="side-y" />
        <figcaption>measurement y</figcaption>
      </figure>
      <figure>
        <ImageCanvas image={result} label="Result" testId="side-result" />
        <figcaption>result x̂</figcaption>
      </figure>
      <figure>
        <ImageCanvas image={error} range="unit" label={`Error map |x̂ − x| × ${ERROR_GAIN}`} testId="side-error" />
        <figcaption>|x̂ − x| × {ERROR_GAIN}</figcaption>
      </figure>
    </aside>
  );
}
