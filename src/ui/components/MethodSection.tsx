// Step 4: the method, its preset and the seed; shows the denoiser calls the run will make.
import { initialKnobs, METHODS, type MethodId, methodInfo, plannedNfe } from '../../app/methods';
import { MAX_POSTERIOR_MEAN_SAMPLES, POSTERIOR_MEAN_SAMPLES } from '../../core/solvers';
import { MAX_SEED, type PresetId, randomSeed } from '../../app/settings';
import { updateSettings, useApp } from '../store';
import { Advanced } from './Advanced';
import { Help } from './Help';

const PRESET_LABELS: Record<PresetId, string> = {
  fast: 'fast (≤ 60 calls per point)',
  paper: 'paper (published, for reproduction)',
  quality: 'quality',
};

const GROUPS = [
  { kind: 'curve', label: 'Move along the D-P curve (slider)' },
  { kind: 'single', label: 'One output per run' },
] as const;

export function MethodSection() {
  const method = useApp((s) => s.settings.method);
  const seed = useApp((s) => s.settings.seed);
  const kind = useApp((s) => s.settings.degradation.kind);
  const teach = useApp((s) => s.teach);
  const info = methodInfo(method.method);
  const nfe = info
    ? plannedNfe(info.id, kind, method.preset, initialKnobs(info.id as MethodId), method.samples)
    : undefined;
  return (
    <section className="panel" aria-labelledby="method-heading">
      <h2 id="method-heading">4. Method</h2>
      <div className="field">
        <label>
          Solver{' '}
          <select
            data-testid="method"
            value={method.method}
            onChange={(e) => updateSettings({ method: { ...method, method: e.target.value } })}
          >
            {GROUPS.map(({ kind: groupKind, label }) => {
              // Teacher mode offers the curve methods only, but the method in use is always listed (a link may
              // name a single-output one): the select never shows another method than the one that runs.
              const offered = METHODS.filter(
                (m) => m.kind === groupKind && (!teach || groupKind === 'curve' || m.id === method.method),
              );
              return (
                offered.length > 0 && (
                  <optgroup key={groupKind} label={label}>
                    {offered.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.label}
                      </option>
                    ))}
                  </optgroup>
                )
              );
            })}
          </select>
        </label>
        <Help topic="method" />
      </div>
      {method.method === 'posterior-mean' && (
        <div className="field">
          <label>
            Samples N{' '}
            <input
              type="number"
              data-testid="posterior-samples"
              min={1}
              max={MAX_POSTERIOR_MEAN_SAMPLES}
              value={method.samples ?? POSTERIOR_MEAN_SAMPLES}
              onChange={(e) => {
                const value = Math.trunc(Number(e.target.value));
                if (value >= 1 && value <= MAX_POSTERIOR_MEAN_SAMPLES) {
                  updateSettings({ method: { ...method, samples: value } });
                }
              }}
            />
          </label>
        </div>
      )}
      <Advanced>
        <div className="field">
          <label>
            Preset{' '}
            <select
              data-testid="preset"
              value={method.preset}
              onChange={(e) => updateSettings({ method: { ...method, preset: e.target.value as PresetId } })}
            >
              {(Object.keys(PRESET_LABELS) as PresetId[]).map((id) => (
                <option key={id} value={id}>
                  {PRESET_LABELS[id]}
                </option>
              ))}
            </select>
          </label>
          <Help topic="preset" />
        </div>
        <div className="field row">
          <label>
            Seed{' '}
            <input
              type="number"
              data-testid="seed"
              min={0}
              max={MAX_SEED}
              value={seed}
              onChange={(e) => {
                const value = Math.trunc(Number(e.target.value));
                if (Number.isFinite(value) && value >= 0 && value <= MAX_SEED) updateSettings({ seed: value });
              }}
            />
          </label>
          <button
            type="button"
            className="dice"
            aria-label="New random seed"
            title="New random seed"
            onClick={() => updateSettings({ seed: randomSeed() })}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <rect x="3" y="3" width="18" height="18" rx="4" fill="none" stroke="currentColor" strokeWidth="2" />
              {[
                [8, 8],
                [16, 8],
                [12, 12],
                [8, 16],
                [16, 16],
              ].map(([cx, cy]) => (
                <circle key={`${cx}-${cy}`} cx={cx} cy={cy} r="1.6" fill="currentColor" />
              ))}
            </svg>
          </button>
          <Help topic="seed" />
        </div>
        {nfe !== undefined && (
          <p className="budget" data-testid="nfe-budget">
            Budget: <strong>{nfe}</strong> denoiser calls
          </p>
        )}
      </Advanced>
    </section>
  );
}
