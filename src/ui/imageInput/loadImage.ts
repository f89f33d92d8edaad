// Browser side of image input: check the bytes, decode with EXIF orientation, take the centred square crop
// (downscaled to a working size once) and prepare the model-resolution ground truth from it.
import { fromRgba, type Image, type Rgb, resizeArea, toSignedRange } from '../../core/tensor';
import { conversionNotes, type ImageFacts, inspectImageBytes, type PixelFacts, pixelFacts } from './inspectFile';

/** Transparent pixels are composited on black: the background of the Fashion-MNIST training images. */
export const ALPHA_BACKGROUND: Rgb = [0, 0, 0];
/** The square crop is kept at most this large; every model resolution is derived from it. */
const WORKING_SIZE = 256;
const THUMBNAIL_SIZE = 240;
/** An upload keeps a copy of itself this large (longer side) for moving and zooming its crop. */
const CROP_SOURCE_SIZE = 1024;
/** The crop's side can shrink to this fraction of the shorter side (4× zoom). */
export const MAX_CROP_ZOOM = 4;

export interface SourceImage {
  name: string;
  facts: ImageFacts;
  pixels: PixelFacts;
  /** Centred square crop of the upright image, RGBA, WORKING_SIZE or the crop's size if smaller. */
  square: { width: number; height: number; data: Uint8ClampedArray };
  /** Upright image scaled to fit THUMBNAIL_SIZE, as an object URL, with the crop in its coordinates (fractions). */
  thumbnailUrl: string;
  crop: { left: number; top: number; size: number; width: number; height: number };
  /** Uploads: the upright image (longer side ≤ CROP_SOURCE_SIZE) the crop can be moved and zoomed on. */
  croppable?: { bitmap: ImageBitmap; scale: number };
}

/** A square crop in the upright image's pixels. */
export interface CropRect {
  left: number;
  top: number;
  side: number;
}

/** The crop kept inside the image, its side between min(w, h) / MAX_CROP_ZOOM (at least 16 px) and min(w, h). */
export function clampCrop(crop: CropRect, width: number, height: number): CropRect {
  const shorter = Math.min(width, height);
  const side = Math.round(Math.max(Math.min(16, shorter), shorter / MAX_CROP_ZOOM, Math.min(shorter, crop.side)));
  const left = Math.round(Math.max(0, Math.min(width - side, crop.left)));
  const top = Math.round(Math.max(0, Math.min(height - side, crop.top)));
  return { left, top, side };
}

async function squareFrom(
  image: ImageBitmap,
  left: number,
  top: number,
  side: number,
): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const size = Math.max(1, Math.min(Math.round(side), WORKING_SIZE));
  const cropped = await createImageBitmap(image, left, top, side, side, {
    resizeWidth: size,
    resizeHeight: size,
    resizeQuality: 'high',
    premultiplyAlpha: 'none',
  });
  const context = canvas2d(size, size);
  context.drawImage(cropped, 0, 0);
  cropped.close();
  return { width: size, height: size, data: context.getImageData(0, 0, size, size).data };
}

/** The same upload with another square crop (in the upright image's pixels; clamped to fit). */
export async function recropSource(source: SourceImage, crop: CropRect): Promise<SourceImage> {
  if (!source.croppable) return source;
  const { width, height } = source.crop;
  const { left, top, side } = clampCrop(crop, width, height);
  const { bitmap, scale } = source.croppable;
  const square = await squareFrom(bitmap, left * scale, top * scale, side * scale);
  return {
    ...source,
    pixels: pixelFacts(square.data),
    square,
    crop: { left: left / width, top: top / height, size: side, width, height },
  };
}

export type LoadResult = { ok: true; image: SourceImage } | { ok: false; message: string };

function canvas2d(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser cannot create a 2D canvas');
  return context;
}

async function thumbnail(bitmap: ImageBitmap): Promise<string> {
  const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas2d(width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  return URL.createObjectURL(await (context.canvas as OffscreenCanvas).convertToBlob({ type: 'image/png' }));
}

/** A source made in the page from RGBA pixels (square), e.g. a sample of the Gaussian prior. */
export async function sourceFromPixels(name: string, size: number, data: Uint8ClampedArray): Promise<SourceImage> {
  const context = canvas2d(size, size);
  context.putImageData(new ImageData(data as Uint8ClampedArray<ArrayBuffer>, size, size), 0, 0);
  const blob = await (context.canvas as OffscreenCanvas).convertToBlob({ type: 'image/png' });
  return {
    name,
    facts: { format: 'png', width: size, height: size, frames: 1, orientation: 1 },
    pixels: pixelFacts(data),
    square: { width: size, height: size, data },
    thumbnailUrl: URL.createObjectURL(blob),
    crop: { left: 0, top: 0, size, width: size, height: size },
  };
}

/** Reads, checks and decodes an uploaded or bundled image; every refusal comes with a specific message. */
export async function loadImageFile(file: Blob, name: string): Promise<LoadResult> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const inspection = inspectImageBytes(bytes, name, file.type);
  if (!inspection.ok) return inspection;
  const { facts } = inspection;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image', premultiplyAlpha: 'none' });
  } catch {
    return {
      ok: false,
      message: `${name} could not be decoded by this browser: the ${facts.format.toUpperCase()} data is corrupt.`,
    };
  }
  try {
    const { width, height } = bitmap;
    const side = Math.min(width, height);
    const left = Math.floor((width - side) / 2);
    const top = Math.floor((height - side) / 2);
    const square = await squareFrom(bitmap, left, top, side);
    const scale = Math.min(1, CROP_SOURCE_SIZE / Math.max(width, height));
    const copy = await createImageBitmap(bitmap, {
      resizeWidth: Math.max(1, Math.round(width * scale)),
      resizeHeight: Math.max(1, Math.round(height * scale)),
      resizeQuality: 'high',
      premultiplyAlpha: 'none',
    });
    return {
      ok: true,
      image: {
        name,
        facts,
        pixels: pixelFacts(square.data),
        square,
        thumbnailUrl: await thumbnail(bitmap),
        crop: { left: left / width, top: top / height, size: side, width, height },
        croppable: { bitmap: copy, scale },
      },
    };
  } finally {
    bitmap.close();
  }
}

/** The ground truth for a model: `channels` planes at size×size in [-1,1]. */
export function modelImage(source: SourceImage, size: number, channels: 1 | 3): Image {
  return toSignedRange(resizeArea(fromRgba(source.square, channels, ALPHA_BACKGROUND), size, size));
}

export function notesFor(source: SourceImage, size: number, channels: number): string[] {
  const notes = conversionNotes(source.facts, source.pixels, channels);
  const side = source.crop.size;
  if (side < size) notes.push(`Upscaled: the ${side}×${side} crop is smaller than the model's ${size}×${size}.`);
  return notes;
}
