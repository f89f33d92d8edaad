// The bundled gallery (public/gallery/gallery.json): its entries, and which of them belong to which prior.
import { PRIOR_SAMPLE_ID } from './priors';

export interface GalleryEntry {
  id: string;
  file: string;
  title: string;
  kind: 'photo' | 'drawing' | 'model-sample';
  source: string;
  licence: string;
  /** The prior the image is made for (its samples, faces64's face photos): a switch to another prior replaces it. */
  model?: string;
  /** The model's draw behind the Prior sample button, not shown among the gallery's thumbnails. */
  priorSample?: boolean;
}

/** The image a prior opens on when the current one was made for another prior: its first own gallery image. */
export function ownImage(gallery: readonly GalleryEntry[], prior: string): GalleryEntry | undefined {
  return gallery.find((e) => e.model === prior && !e.priorSample);
}

/**
 * What the Prior sample button opens: for a trained prior, a sample the model drew (its entry marked priorSample,
 * else its first model sample); for the Gaussian sandbox, the in-page draw (PRIOR_SAMPLE_ID).
 */
export function priorSampleId(gallery: readonly GalleryEntry[], prior: string): string {
  if (prior === 'sandbox') return PRIOR_SAMPLE_ID;
  const draws = gallery.filter((e) => e.kind === 'model-sample' && e.model === prior);
  return (draws.find((e) => e.priorSample) ?? draws[0])?.id ?? PRIOR_SAMPLE_ID;
}
