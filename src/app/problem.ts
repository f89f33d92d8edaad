// From degradation settings to a linear operator and a measurement. The UI and the worker both build the
// operator from the same settings (deterministic, seeded), so only the settings and y cross the boundary.
import {
  averagePoolOperator,
  bitmapMask,
  blurOperator,
  boxKernel,
  boxMask,
  gaussianKernel,
  halfMask,
  identityOperator,
  inpaintingOperator,
  type LinearOperator,
  type Mask,
  type Measurement,
  maskWarning,
  measure,
  motionKernel,
  randomMask,
} from '../core/operators';
import { createRng } from '../core/rng';
import type { Image, Shape } from '../core/tensor';
import type { DegradationKind, DegradationSettings } from './settings';

export interface Degradation {
  operator: LinearOperator;
  /** The blur kernel (for the preview), when the operator is a blur. */
  kernel?: Image;
  /** The inpainting mask, when the operator is one. */
  mask?: Mask;
  /** Valid but noteworthy settings (empty mask, noiseless measurement). */
  notes: string[];
}

export type DegradationResult = ({ ok: true } & Degradation) | { ok: false; message: string };

// Independent random streams of the noise seed.
const STREAM = { mask: 1, motion: 2, noise: 3 } as const;

export const DEGRADATION_LABELS: Record<DegradationKind, string> = {
  'blur-gaussian': 'Gaussian blur',
  'blur-motion': 'Motion blur',
  'blur-box': 'Box blur',
  'inpaint-box': 'Inpainting: centre box',
  'inpaint-random': 'Inpainting: random pixels',
  'inpaint-half': 'Inpainting: half image',
  'inpaint-brush': 'Inpainting: paint a mask',
  sr2: 'Super-resolution ×2',
  sr4: 'Super-resolution ×4',
  denoise: 'Denoising',
};

export function isBlur(kind: DegradationKind): boolean {
  return kind.startsWith('blur-');
}

export function isInpainting(kind: DegradationKind): boolean {
  return kind.startsWith('inpaint-');
}

function blurKernel(settings: DegradationSettings): Image {
  const { kind, kernelSize, blurStd, motionIntensity, noiseSeed } = settings;
  if (kind === 'blur-gaussian') return gaussianKernel(kernelSize, blurStd);
  if (kind === 'blur-box') return boxKernel(kernelSize);
  return motionKernel(kernelSize, motionIntensity, createRng(noiseSeed).fork(STREAM.motion));
}

function inpaintingMask(settings: DegradationSettings, shape: Shape, brush: Uint8Array | undefined): Mask {
  const { h, w } = shape;
  switch (settings.kind) {
    case 'inpaint-box': {
      const side = Math.round(settings.boxFraction * Math.min(h, w));
      return boxMask(h, w, side);
    }
    case 'inpaint-random':
      return randomMask(h, w, settings.missingFraction, createRng(settings.noiseSeed).fork(STREAM.mask));
    case 'inpaint-half':
      return halfMask(h, w, settings.halfSide);
    default:
      // The brush paints missing pixels (1 in the bitmap); the mask marks observed ones.
      return bitmapMask(h, w, brush ? brush.map((painted) => 1 - painted) : new Uint8Array(h * w).fill(1));
  }
}

function operatorFor(settings: DegradationSettings, shape: Shape, brush: Uint8Array | undefined): Degradation {
  const { kind } = settings;
  if (isBlur(kind)) {
    const kernel = blurKernel(settings);
    return { operator: blurOperator(shape, kernel, DEGRADATION_LABELS[kind]), kernel, notes: [] };
  }
  if (isInpainting(kind)) {
    const mask = inpaintingMask(settings, shape, brush);
    const warning = maskWarning(mask);
    return { operator: inpaintingOperator(shape, mask), mask, notes: warning ? [warning] : [] };
  }
  if (kind === 'sr2' || kind === 'sr4')
    return { operator: averagePoolOperator(shape, kind === 'sr2' ? 2 : 4), notes: [] };
  return { operator: identityOperator(shape), notes: [] };
}

/** The operator for these settings on images of `shape`, or the reason it cannot be built. */
export function buildDegradation(settings: DegradationSettings, shape: Shape, brush?: Uint8Array): DegradationResult {
  const side = Math.min(shape.h, shape.w);
  if (isBlur(settings.kind) && settings.kernelSize > side) {
    const largest = side % 2 === 1 ? side : side - 1;
    return {
      ok: false,
      message: `The ${settings.kernelSize}×${settings.kernelSize} blur kernel is larger than the ${shape.h}×${shape.w} image; choose a kernel of at most ${largest}×${largest}.`,
    };
  }
  if (!(settings.sigmaY >= 0) || !Number.isFinite(settings.sigmaY)) {
    return { ok: false, message: `Measurement noise σ_y must be a number ≥ 0 (got ${settings.sigmaY}).` };
  }
  let degradation: Degradation;
  try {
    degradation = operatorFor(settings, shape, brush);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (settings.sigmaY === 0) {
    degradation.notes.push('σ_y = 0: a noiseless measurement; the data steps become exact projections onto Ax = y.');
  }
  return { ok: true, ...degradation };
}

/** y = A x + σ_y n, with the noise drawn from the settings' noise seed. */
export function measureTruth(degradation: Degradation, settings: DegradationSettings, truth: Image): Measurement {
  return measure(degradation.operator, truth.data, settings.sigmaY, createRng(settings.noiseSeed).fork(STREAM.noise));
}
