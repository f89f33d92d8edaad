// Step 3: the degradation A and the measurement noise σ_y; shows the kernel, y and A†y.
import { useMemo } from 'react';
import { DEGRADATION_LABELS, isBlur } from '../../app/problem';
import { DEGRADATION_FIELDS } from '../../app/schema';
import type { DegradationKind, DegradationSettings } from '../../app/settings';
import { kernelDisplayImage } from '../../core/operators';
import { useApp } from '../store';
import { Help } from './Help';
import { ImageCanvas } from './ImageCanvas';
import { MaskPainter } from './MaskPainter';
import { MessageLine } from './MessageLine';
import { NumberField } from './NumberField';

function update(patch: Partial<DegradationSettings>): void {
  useApp.getState().setSettings((s) => ({ ...s, degradation: { ...s.degradation, ...patch } }));
}

type NumericSetting = 'kernelSize' | 'blurStd' | 'motionIntensity' | 'boxFraction' | 'missingFraction' | 'sigmaY';

interface FieldSpec {
  key: NumericSetting;
  label: string;
  min: number;
  max: number;
  step: number;
  format?: (value: number) => string;
  /** Which degradations use the setting (all when absent). */
  shownFor?: (kind: DegradationKind) => boolean;
  testId: string;
  /** Hidden in teacher mode. */
  advanced?: boolean;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** A slider's range: the schema's, so the UI can show every value a link or file may carry. */
const range = (key: NumericSetting) => ({ min: DEGRADATION_FIELDS[key].min, max: DEGRADATION_FIELDS[key].max });

const FIELDS: readonly FieldSpec[] = [
  {
    key: 'kernelSize',
    label: 'Kernel size',
    ...range('kernelSize'),
    step: 2,
    format: (v) => `${v}×${v}`,
    shownFor: isBlur,
    testId: 'kernel-size',
    advanced: true,
  },
  {
    key: 'blurStd',
    label: 'Blur std (pixels)',
    ...range('blurStd'),
    step: 0.1,
    shownFor: (k) => k === 'blur-gaussian',
    testId: 'blur-std',
  },
  {
    key: 'motionIntensity',
    label: 'Shake intensity',
    ...range('motionIntensity'),
    step: 0.05,
    shownFor: (k) => k === 'blur-motion',
    testId: 'motion-intensity',
  },
  {
    key: 'boxFraction',
    label: 'Hole size',
    ...range('boxFraction'),
    step: 0.05,
    format: (v) => `${percent(v)} of the side`,
    shownFor: (k) => k === 'inpaint-box',
    testId: 'box-fraction',
  },
  {
    key: 'missingFraction',
    label: 'Missing pixels',
    ...range('missingFraction'),
    step: 0.05,
    format: percent,
    shownFor: (k) => k === 'inpaint-random',
    testId: 'missing-fraction',
  },
  { key: 'sigmaY', label: 'Noise σ_y', ...range('sigmaY'), step: 0.01, testId: 'sigma-y' },
];

function Parameters({ settings }: { settings: DegradationSettings }) {
  const { kind } = settings;
  const teach = useApp((s) => s.teach);
  const shown = FIELDS.filter((field) => (field.shownFor?.(kind) ?? true) && !(teach && field.advanced));
  return (
    <>
      {shown.map(({ key, shownFor: _, advanced: _advanced, ...field }) => (
        <NumberField
          key={key}
          {...field}
          help={key}
          value={settings[key]}
          onChange={(value) => update({ [key]: value })}
        />
      ))}
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
          <Help topic="halfSide" />
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
        <Help topic="degradation" />
      </div>
      <Parameters settings={settings} />
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
