// Step 1: the image. Drag-and-drop, file picker, paste, or a bundled gallery image; shows the square crop used,
// which on an uploaded photo can be moved (drag, arrow keys) and zoomed (wheel, +/−, buttons).
import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState, type WheelEvent } from 'react';
import { priorSampleId } from '../../app/gallery';
import { PRIORS } from '../../app/priors';
import { type GalleryEntry, galleryUrl, loadGallery, openFile, openGalleryImage, setCrop } from '../controller';
import { type CropRect, MAX_CROP_ZOOM, notesFor, type SourceImage } from '../imageInput/loadImage';
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

/** The source's crop in upright-image pixels. */
function cropRect(source: SourceImage): CropRect {
  const { crop } = source;
  return { left: Math.round(crop.left * crop.width), top: Math.round(crop.top * crop.height), side: crop.size };
}

/** The crop zoomed by `factor` (> 1: closer) about its centre. */
function zoomed(rect: CropRect, factor: number): CropRect {
  const side = rect.side / factor;
  return { left: rect.left + (rect.side - side) / 2, top: rect.top + (rect.side - side) / 2, side };
}

const ZOOM_STEP = 1.25;

function CropPreview() {
  const source = useApp((s) => s.source);
  const truth = useApp((s) => s.truth);
  const prior = useApp((s) => PRIORS[s.settings.prior]);
  const uploaded = useApp((s) => s.settings.image.kind === 'upload');
  const drag = useRef<{ x: number; y: number; rect: CropRect } | undefined>(undefined);
  if (!source) return null;
  const { crop } = source;
  const editable = uploaded && source.croppable !== undefined;
  const rect = cropRect(source);
  const shorter = Math.min(crop.width, crop.height);
  const zoom = shorter / crop.size;
  // The upright image scaled to fit 150×120 (small images scaled up, pixelated), the crop box drawn over it.
  const scale = Math.min(150 / crop.width, 120 / crop.height);
  const box = {
    left: `${crop.left * 100}%`,
    top: `${crop.top * 100}%`,
    width: `${(crop.size / crop.width) * 100}%`,
    height: `${(crop.size / crop.height) * 100}%`,
  };
  const centred =
    rect.left === Math.floor((crop.width - crop.size) / 2) && rect.top === Math.floor((crop.height - crop.size) / 2);
  const move = (dx: number, dy: number) => void setCrop({ ...rect, left: rect.left + dx, top: rect.top + dy });
  const zoomBy = (factor: number) => void setCrop(zoomed(rect, factor));
  const reset = () =>
    void setCrop({ left: (crop.width - shorter) / 2, top: (crop.height - shorter) / 2, side: shorter });
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 1 : Math.max(1, Math.round(rect.side / 10));
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    if (moves[event.key]) move(...moves[event.key]);
    else if (event.key === '+' || event.key === '=') zoomBy(ZOOM_STEP);
    else if (event.key === '-' || event.key === '_') zoomBy(1 / ZOOM_STEP);
    else if (event.key === 'Home' || event.key === '0') reset();
    else return;
    // The key is the crop's: not the D-P slider's shortcut.
    event.preventDefault();
    event.stopPropagation();
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, rect };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    const dx = (event.clientX - start.x) / scale;
    const dy = (event.clientY - start.y) / scale;
    void setCrop({ ...start.rect, left: start.rect.left + dx, top: start.rect.top + dy });
  };
  const onWheel = (event: WheelEvent) => {
    if (event.deltaY !== 0) zoomBy(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
  };
  const where = centred ? 'centre crop' : `crop at (${rect.left}, ${rect.top})`;
  return (
    <div className="crop-row">
      <figure className="crop-source">
        <div className="crop-frame" onWheel={editable ? onWheel : undefined}>
          <img
            src={source.thumbnailUrl}
            alt={`${source.name}, as uploaded`}
            width={Math.round(crop.width * scale)}
            height={Math.round(crop.height * scale)}
          />
          {editable ? (
            <div
              className="crop-box editable"
              style={box}
              role="slider"
              tabIndex={0}
              aria-label="Crop of the uploaded image (drag or arrow keys move it, + and − zoom, Home centres it)"
              aria-valuemin={100}
              aria-valuemax={MAX_CROP_ZOOM * 100}
              aria-valuenow={Math.round(zoom * 100)}
              aria-valuetext={`${crop.size}×${crop.size} at (${rect.left}, ${rect.top}), zoom ${zoom.toFixed(2)}×`}
              data-testid="crop-box"
              data-left={rect.left}
              data-top={rect.top}
              data-side={crop.size}
              onKeyDown={onKeyDown}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={() => (drag.current = undefined)}
              onPointerCancel={() => (drag.current = undefined)}
            />
          ) : (
            <div className="crop-box" style={box} />
          )}
        </div>
        <figcaption>
          {source.name}: {crop.width}×{crop.height}, {where} {crop.size}×{crop.size}
        </figcaption>
        {editable && (
          <div className="row crop-buttons">
            <button
              type="button"
              data-testid="crop-zoom-in"
              onClick={() => zoomBy(ZOOM_STEP)}
              disabled={zoom >= MAX_CROP_ZOOM - 1e-6}
            >
              Zoom in
            </button>
            <button
              type="button"
              data-testid="crop-zoom-out"
              onClick={() => zoomBy(1 / ZOOM_STEP)}
              disabled={zoom <= 1 + 1e-6}
            >
              Zoom out
            </button>
            <button type="button" data-testid="crop-reset" onClick={reset} disabled={centred && zoom <= 1 + 1e-6}>
              Centre
            </button>
          </div>
        )}
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

/**
 * Shows what the current prior draws: the trained model's own sample (a gallery entry not among the thumbnails), or
 * for the Gaussian sandbox a draw made in this page.
 */
function PriorSampleButton({ gallery, selected }: { gallery: GalleryEntry[]; selected: string | undefined }) {
  const prior = PRIORS[useApp((s) => s.settings.prior)];
  const sampleId = priorSampleId(gallery, prior.id);
  const sample = gallery.find((entry) => entry.id === sampleId);
  return (
    <button
      type="button"
      className={`gallery-item prior-sample ${selected === sampleId ? 'selected' : ''}`}
      data-testid="prior-sample"
      title={
        sample
          ? `${sample.title}: what the ${prior.label} prior draws (${sample.source}; ${sample.licence})`
          : 'A sample of the Gaussian sandbox prior, drawn in this page: the image the optimal frontier is about'
      }
      aria-pressed={selected === sampleId}
      onClick={() => void openGalleryImage(sampleId)}
    >
      Prior sample
    </button>
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
        {gallery.map((entry) =>
          entry.priorSample ? null : (
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
          ),
        )}
        <PriorSampleButton gallery={gallery} selected={selected} />
      </div>
      {message && <MessageLine message={message} testId="image-message" />}
      <CropPreview />
      {notes.map((text) => (
        <MessageLine key={text} message={{ level: 'info', text }} testId="image-note" />
      ))}
    </section>
  );
}
