// Step 2: the prior (which denoiser the solvers use).
import { ownImage } from '../../app/gallery';
import { PRIORS } from '../../app/priors';
import { PRIOR_IDS, type PriorId } from '../../app/settings';
import { loadGallery, openGalleryImage, retryModel } from '../controller';
import { updateSettings, useApp } from '../store';

/** The drawn T-shirt belongs to fashion32's world, as each model's samples (and faces64's face photos) to theirs. */
const DRAWING_PRIOR: Record<string, PriorId> = { garment: 'fashion32' };

/**
 * Chooses a prior. A gallery image made for another model (its samples, the face photos, the drawn garment) gives
 * way to the new model's first own image, so switching to faces64 does not keep the T-shirt; other photos and
 * uploads stay.
 */
async function choosePrior(id: PriorId): Promise<void> {
  updateSettings({ prior: id });
  const { image } = useApp.getState().settings;
  if (id === 'sandbox' || image.kind !== 'gallery') return;
  const gallery = await loadGallery().catch(() => []);
  const entry = gallery.find((e) => e.id === image.id);
  const belongsTo = entry && (entry.model ?? DRAWING_PRIOR[entry.id]);
  if (!belongsTo || belongsTo === id) return;
  const own = ownImage(gallery, id);
  // The user's own later choice (another prior, another image) wins over this replacement.
  const current = useApp.getState().settings;
  const unchanged = current.image.kind === 'gallery' && current.image.id === image.id;
  if (own && current.prior === id && unchanged) await openGalleryImage(own.id);
}
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
            <input type="radio" name="prior" value={id} checked={prior === id} onChange={() => void choosePrior(id)} />
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
