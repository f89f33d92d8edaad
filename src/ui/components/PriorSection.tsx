// Step 2: the prior (which denoiser the solvers use).
import { PRIORS } from '../../app/priors';
import { PRIOR_IDS } from '../../app/settings';
import { retryModel } from '../controller';
import { updateSettings, useApp } from '../store';
import { Help } from './Help';
import { MessageLine } from './MessageLine';

export function PriorSection() {
  const prior = useApp((s) => s.settings.prior);
  const model = useApp((s) => s.model);
  return (
    <section className="panel" aria-labelledby="prior-heading">
      <div className="panel-head">
        <h2 id="prior-heading">2. Prior</h2>
        <Help topic="prior" />
      </div>
      <div className="choices" role="radiogroup" aria-labelledby="prior-heading">
        {PRIOR_IDS.map((id) => (
          <label key={id} className={`choice ${prior === id ? 'selected' : ''}`}>
            <input
              type="radio"
              name="prior"
              value={id}
              checked={prior === id}
              onChange={() => updateSettings({ prior: id })}
            />
            <span>
              <strong>{PRIORS[id].label}</strong>
              <small>{PRIORS[id].description}</small>
            </span>
          </label>
        ))}
      </div>
      {model.status === 'error' && model.error && (
        <div className="row">
          <MessageLine message={{ level: 'error', text: model.error }} testId="model-error" />
          <button type="button" onClick={retryModel}>
            Retry
          </button>
        </div>
      )}
    </section>
  );
}
