// Step 3: the degradation A and the measurement noise σ_y; shows the kernel, y and A†y.
import { useMemo } from 'react';
import { DEGRADATION_LABELS, isBlur } from '../../app/problem';
import type { DegradationKind, DegradationSettings } from '../../app/settings';
import { kernelDisplayImage } from '../../core/operators';
import { useApp } from '../store';
import { ImageCanvas } from './ImageCanvas';
import { MaskPainter } from './MaskPainter';
import { MessageLine } from './MessageLine';
import { NumberField } from './NumberField';

function update(patch: Partial<DegradationSettings>): void {
  useApp.getState().setSettings((s) => ({ ...s, degradation: { ...s.degradation, ...patch } }));
}

function Parameters({ settings }: { settings: DegradationSettings }) {
  const { kind } = settings;
  return (
    <>
      {isBlur(kind) && (
        <NumberField
          label="Kernel size"
          value={settings.kernelSize}
          min={3}
          max={65}
          step={2}
          format={(v) => `${v}×${v}`}
          onChange={(kernelSize) => update({ kernelSize })}
          testId="kernel-size"
        />
      )}
      {kind === 'blur-gaussian' && (
        <NumberField
          label="Blur std (pixels)"
          value={settings.blurStd}
          min={0.3}
          max={8}
          step={0.1}
          onChange={(blurStd) => update({ blurStd })}
          testId="blur-std"
        />
      )}
      {kind === 'blur-motion' && (
        <NumberField
          label="Shake intensity"
          value={settings.motionIntensity}
          min={0}
          max={1}
          step={0.05}
          onChange={(motionIntensity) => update({ motionIntensity })}
        />
      )}
      {kind === 'inpaint-box' && (
        <NumberField
          label="Hole size"
          value={settings.boxFraction}
          min={0}
          max={1}
          step={0.05}
          format={(v) => `${Math.round(v * 100)}% of the side`}
          onChange={(boxFraction) => update({ boxFraction })}
          testId="box-fraction"
        />
      )}
      {kind === 'inpaint-random' && (
        <NumberField
          label="Missing pixels"
          value={settings.missingFraction}
          min={0}
          max={1}
          step={0.05}
          format={(v) => `${Math.round(v * 100)}%`}
          onChange={(missingFraction) => update({ missingFraction })}
          testId="missing-fraction"
        />
      )}
      {kind === 'inpaint-half' && (
        <div className="field">
          <label>
            Missing half{' '}
            <select
              value={settings.halfSide}
              onChange={(e) => update({ halfSide: e.target.value as DegradationSettings['halfSide'] })}
            >
              <option value="left">left</option>
              <option value="right">right</option>
              <option value="top">top</option>
              <option value="bottom">bottom</option>
            </select>
          </label>
        </div>
      )}
      {kind === 'inpaint-brush' && <MaskPainter />}
    </>
  );
}

export function DegradationSection() {
  const settings = useApp((s) => s.settings.degradation);
  const problem = useApp((s) => s.problem);
  const problemError = useApp((s) => s.problemError);
  const kernel = useMemo(() => problem?.kernel && kernelDisplayImage(problem.kernel), [problem]);
  return (
    <section className="panel" aria-labelledby="degradation-heading">
      <h2 id="degradation-heading">3. Degradation</h2>
      <div className="field">
        <label>
          Operator A{' '}
          <select
            data-testid="degradation-kind"
            value={settings.kind}
            onChange={(e) => update({ kind: e.target.value as DegradationKind })}
          >
            {Object.entries(DEGRADATION_LABELS).map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Parameters settings={settings} />
      <NumberField
        label="Noise σ_y"
        value={settings.sigmaY}
        min={0}
        max={0.5}
        step={0.01}
        onChange={(sigmaY) => update({ sigmaY })}
        testId="sigma-y"
      />
      {problemError && <MessageLine message={{ level: 'error', text: problemError }} testId="degradation-error" />}
      {problem?.notes.map((text) => (
        <MessageLine key={text} message={{ level: 'warning', text }} testId="degradation-note" />
      ))}
      {problem && (
        <div className="measurement-row">
          {kernel && (
            <figure>
              <ImageCanvas image={kernel} range="unit" label="Blur kernel" testId="kernel-preview" />
              <figcaption>kernel</figcaption>
            </figure>
          )}
          <figure>
            <ImageCanvas image={problem.y} label="Measurement y" testId="measurement-y" />
            <figcaption>y</figcaption>
          </figure>
          <figure>
            <ImageCanvas image={problem.pseudoInverse} label="Pseudo-inverse A†y" testId="pseudo-inverse" />
            <figcaption>A†y</figcaption>
          </figure>
        </div>
      )}
    </section>
  );
}
