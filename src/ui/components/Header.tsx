// Title bar: the backend in use, the model's loading progress, and the About box (sources and licences).
import { useEffect, useState } from 'react';
import { PRIORS } from '../../app/priors';
import { type GalleryEntry, loadGallery, toggleTeacherMode } from '../controller';
import { formatBytes, formatSeconds } from '../format';
import { useApp } from '../store';

function ModelStatusLine() {
  const model = useApp((s) => s.model);
  const prior = useApp((s) => PRIORS[s.settings.prior]);
  if (!prior.model) return <span data-testid="model-status">Exact Gaussian denoiser (no model file)</span>;
  if (model.status === 'loading') {
    const phase = { download: 'downloading', compile: 'compiling', 'warm-up': 'warming up' }[model.phase ?? 'download'];
    return (
      <span className="model-loading" data-testid="model-status">
        {prior.label}: {phase}
        {model.totalBytes ? ` ${formatBytes(model.loadedBytes ?? 0)} / ${formatBytes(model.totalBytes)}` : ''}
        <progress max={model.totalBytes ?? 1} value={model.loadedBytes ?? 0} />
      </span>
    );
  }
  if (model.status === 'ready' && model.info) {
    const { info } = model;
    return (
      <span data-testid="model-status">
        {prior.label} ready ({info.fromCache ? 'from cache' : formatBytes(info.bytes)}, {formatSeconds(info.loadMs)})
      </span>
    );
  }
  if (model.status === 'error') return <span data-testid="model-status">{prior.label}: failed to load</span>;
  return <span data-testid="model-status">{prior.label}</span>;
}

function About() {
  const [gallery, setGallery] = useState<GalleryEntry[]>([]);
  useEffect(() => {
    loadGallery().then(setGallery, () => setGallery([]));
  }, []);
  return (
    <details className="about">
      <summary>About</summary>
      <div className="about-body">
        <p>
          Everything runs in this page: images never leave your device, and the app requests nothing but its own files.
        </p>
        <h3>Models</h3>
        <ul>
          <li>fashion32: trained by this project on Fashion-MNIST (Zalando Research, MIT licence).</li>
          <li>
            faces64: trained by this project on UTKFace, which is licensed for non-commercial research and education
            only; the model and its outputs inherit that restriction.
          </li>
        </ul>
        <h3>Face photos</h3>
        <p data-testid="about-faces">
          The face photos in the gallery come from the validation split of UTKFace (Zhang, Song &amp; Qi, “Age
          Progression/Regression by Conditional Adversarial Autoencoder”, CVPR 2017), which faces64 never trained on.
          UTKFace is for non-commercial research and education only, and the copyright of each photo stays with its
          owner. The Prior sample button shows what the model itself draws.
        </p>
        <h3>Sample images</h3>
        <ul>
          {gallery.map((entry) => (
            <li key={entry.id}>
              {entry.title}: {entry.source}; {entry.licence}.
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

export function Header() {
  const backend = useApp((s) => s.backend);
  const teach = useApp((s) => s.teach);
  return (
    <header className="topbar">
      <h1>D-P Playground</h1>
      <span
        className="badge"
        data-testid="backend"
        data-kind={backend?.kind}
        title={backend?.fallbackReasons.join('\n') || 'fastest backend available'}
      >
        {backend ? backend.label : 'detecting backend…'}
      </span>
      <ModelStatusLine />
      <label className="teach-toggle">
        <input type="checkbox" data-testid="teacher-mode" checked={teach} onChange={toggleTeacherMode} /> Teacher mode
      </label>
      <button
        type="button"
        className="shortcuts-button"
        data-testid="shortcuts-button"
        onClick={() => useApp.setState({ shortcutsOpen: true })}
      >
        Shortcuts <kbd>?</kbd>
      </button>
      <About />
    </header>
  );
}
