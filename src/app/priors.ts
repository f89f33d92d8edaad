// The priors the app offers: two trained denoisers (ONNX, with model cards beside them) and the Gaussian sandbox.
import type { PriorId } from './settings';

export interface PriorInfo {
  id: PriorId;
  label: string;
  /** What the model was trained on, for the picker. */
  description: string;
  channels: 1 | 3;
  resolution: number;
  /** File name in models/ (ONNX priors). */
  model?: string;
  /** Its images are aligned face crops: the benchmark also reports face-descriptor distances (docs/metrics.md). */
  faces?: true;
}

export const PRIORS: Record<PriorId, PriorInfo> = {
  fashion32: {
    id: 'fashion32',
    label: 'fashion32',
    description: 'Fashion-MNIST garments, 32×32 gray',
    channels: 1,
    resolution: 32,
    model: 'fashion32',
  },
  faces64: {
    id: 'faces64',
    label: 'faces64',
    description: 'Faces (UTKFace), 64×64 colour',
    channels: 3,
    resolution: 64,
    model: 'faces64',
    faces: true,
  },
  sandbox: {
    id: 'sandbox',
    label: 'Gaussian sandbox',
    description: 'Analytic Gaussian field, 32×32 gray: exact denoiser and optimal frontier',
    channels: 1,
    resolution: 32,
  },
};

/**
 * A model load that reports no progress for this long is given up and the solver worker restarted. Downloads report
 * every chunk; compiling and the warm-up call report nothing, and take about 2 s for faces64 on a laptop.
 */
export const MODEL_LOAD_STALL_MS = 30_000;

/** Gallery id of the in-page sample of the Gaussian sandbox prior (the image the optimal frontier is about). */
export const PRIOR_SAMPLE_ID = 'gaussian-prior-sample';

/** The fields of a model card (models/<name>.json) the app relies on. */
export interface ModelCard {
  name: string;
  channels: number;
  native_resolution: number;
  /** Length of the ONNX file in bytes and its SHA-256 (lowercase hex), written by train/export.py. */
  bytes: number;
  sha256: string;
  licence?: string;
  [field: string]: unknown;
}

/** Reads a card and checks it describes a model the app can use. */
export function parseCard(text: string, expected: PriorInfo): ModelCard {
  let card: ModelCard;
  try {
    card = JSON.parse(text) as ModelCard;
  } catch {
    throw new Error(`the model card of ${expected.id} is not valid JSON`);
  }
  if (card.channels !== expected.channels || card.native_resolution !== expected.resolution) {
    throw new Error(
      `the model card of ${expected.id} describes ${card.channels} channels at ${card.native_resolution}×${card.native_resolution}, but the app expects ${expected.channels} at ${expected.resolution}×${expected.resolution}`,
    );
  }
  if (!Number.isSafeInteger(card.bytes) || card.bytes <= 0 || !/^[0-9a-f]{64}$/.test(String(card.sha256))) {
    throw new Error(
      `the model card of ${expected.id} has no valid bytes and sha256 of its model file, so the download cannot be checked`,
    );
  }
  return card;
}
