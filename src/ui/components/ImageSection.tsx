// Step 1: the image. Drag-and-drop, file picker, paste, or a bundled gallery image; shows the centre crop used.
import { useEffect, useState } from 'react';
import { PRIOR_SAMPLE_ID, PRIORS } from '../../app/priors';
import { type GalleryEntry, galleryUrl, loadGallery, openFile, openGalleryImage } from '../controller';
import { notesFor } from '../imageInput/loadImage';
import { useApp } from '../store';
import { Help } from './Help';
import { ImageCanvas } from './ImageCanvas';
import { MessageLine } from './MessageLine';

function useGallery(): GalleryEntry[] {
  const [entries, setEntries] = useState<GalleryEntry[]>([]);
  useEffect(() => {
    loadGallery().then(setEntries, () => setEntries([]));
  }, []);
  return entries;
}

function CropPreview() {
  const source = useApp((s) => s.source);
  const truth = useApp((s) => s.truth);
  const prior = useApp((s) => PRIORS[s.settings.prior]);
  if (!source) return null;
  const { crop } = source;
  // The upright image scaled to fit 150×120 (small images scaled up, pixelated), the crop box drawn over it.
  const scale = Math.min(150 / crop.width, 120 / crop.height);
  const box = {
    left: `${crop.left * 100}%`,
    top: `${crop.top * 100}%`,
    width: `${(crop.size / crop.width) * 100}%`,
    height: `${(crop.size / crop.height) * 100}%`,
  };
  return (
    <div className="crop-row">
      <figure className="crop-source">
        <div className="crop-frame">
          <img
            src={source.thumbnailUrl}
            alt={`${source.name}, as uploaded`}
            width={Math.round(crop.width * scale)}
            height={Math.round(crop.height * scale)}
          />
          <div className="crop-box" style={box} />
        </div>
        <figcaption>
          {source.name}: {crop.width}×{crop.height}, centre crop {crop.size}×{crop.size}
        </figcaption>
      </figure>
      <figure>
        <ImageCanvas image={truth} label="Ground truth at the model resolution" testId="truth-thumb" />
        <figcaption>
          → {prior.resolution}×{prior.resolution} {prior.channels === 1 ? 'gray' : 'RGB'}
        </figcaption>
      </figure>
    </div>
  );
}

export function ImageSection() {
  const [dragging, setDragging] = useState(false);
  const gallery = useGallery();
  const message = useApp((s) => s.imageMessage);
  const selected = useApp((s) => (s.settings.image.kind === 'gallery' ? s.settings.image.id : undefined));
  const source = useApp((s) => s.source);
  const prior = PRIORS[useApp((s) => s.settings.prior)];
  const notes = source ? notesFor(source, prior.resolution, prior.channels) : [];

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const file = [...(event.clipboardData?.files ?? [])][0];
      if (file) {
        event.preventDefault();
        void openFile(file);
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);

  return (
    <section className="panel" aria-labelledby="image-heading">
      <div className="panel-head">
        <h2 id="image-heading">1. Image</h2>
        <Help topic="image" />
      </div>
      <label
        className={`dropzone ${dragging ? 'dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          const file = event.dataTransfer.files[0];
          if (file) void openFile(file);
        }}
      >
        <span>Drop an image here, paste it, or choose a file</span>
        <input
          type="file"
          data-testid="file-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void openFile(file);
            event.target.value = '';
          }}
        />
      </label>
      <div className="gallery" role="group" aria-label="Sample images">
        {gallery.map((entry) => (
          <button
            key={entry.id}
            type="button"
            className={`gallery-item ${selected === entry.id ? 'selected' : ''}`}
            title={`${entry.title} (${entry.source}; ${entry.licence})`}
            aria-pressed={selected === entry.id}
            onClick={() => void openGalleryImage(entry.id)}
          >
            <img src={galleryUrl(entry)} alt={entry.title} />
          </button>
        ))}
        <button
          type="button"
          className={`gallery-item prior-sample ${selected === PRIOR_SAMPLE_ID ? 'selected' : ''}`}
          title="A sample of the Gaussian sandbox prior, drawn in this page: the image the optimal frontier is about"
          aria-pressed={selected === PRIOR_SAMPLE_ID}
          onClick={() => void openGalleryImage(PRIOR_SAMPLE_ID)}
        >
          Prior sample
        </button>
      </div>
      {message && <MessageLine message={message} testId="image-message" />}
      <CropPreview />
      {notes.map((text) => (
        <MessageLine key={text} message={{ level: 'info', text }} testId="image-note" />
      ))}
    </section>
  );
}
