// Step 8: ground truth, measurement, result and the error map side by side.
import { useMemo } from 'react';
import { createImage } from '../../core/tensor';
import { useApp } from '../store';
import { ImageCanvas } from './ImageCanvas';
import { useShownResult } from './ResultSection';

/** |result − truth| in [0,1] units, amplified so small errors are visible. */
const ERROR_GAIN = 4;

export function SidePanel() {
  const truth = useApp((s) => s.truth);
  const problem = useApp((s) => s.problem);
  const shown = useShownResult();
  const result = shown.state === 'computed' ? shown.image : undefined;
  const error = useMemo(() => {
    if (!truth || !result) return undefined;
    return createImage(
      truth,
      result.data.map((v, i) => (ERROR_GAIN * Math.abs(v - truth.data[i])) / 2),
    );
  }, [truth, result]);
  return (
    <aside className="panel side" aria-label="Truth, measurement, result and error">
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
