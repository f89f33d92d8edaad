// Browser side of image input: check the bytes, decode with EXIF orientation, take the centred square crop
// (downscaled to a working size once) and prepare the model-resolution ground truth from it.
import { fromRgba, type Image, type Rgb, resizeArea, toSignedRange } from '../../core/tensor';
import { conversionNotes, type ImageFacts, inspectImageBytes, type PixelFacts, pixelFacts } from './inspectFile';

/** Transparent pixels are composited on black: the background of the Fashion-MNIST training images. */
export const ALPHA_BACKGROUND: Rgb = [0, 0, 0];
/** The square crop is kept at most this large; every model resolution is derived from it. */
const WORKING_SIZE = 256;
const THUMBNAIL_SIZE = 240;

export interface SourceImage {
  name: string;
  facts: ImageFacts;
  pixels: PixelFacts;
  /** Centred square crop of the upright image, RGBA, WORKING_SIZE or the crop's size if smaller. */
  square: { width: number; height: number; data: Uint8ClampedArray };
  /** Upright image scaled to fit THUMBNAIL_SIZE, as an object URL, with the crop in its coordinates (fractions). */
  thumbnailUrl: string;
  crop: { left: number; top: number; size: number; width: number; height: number };
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
    const size = Math.min(side, WORKING_SIZE);
    const cropped = await createImageBitmap(bitmap, left, top, side, side, {
      resizeWidth: size,
      resizeHeight: size,
      resizeQuality: 'high',
      premultiplyAlpha: 'none',
    });
    const context = canvas2d(size, size);
    context.drawImage(cropped, 0, 0);
    cropped.close();
    const { data } = context.getImageData(0, 0, size, size);
    return {
      ok: true,
      image: {
        name,
        facts,
        pixels: pixelFacts(data),
        square: { width: size, height: size, data },
        thumbnailUrl: await thumbnail(bitmap),
        crop: { left: left / width, top: top / height, size: side, width, height },
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
