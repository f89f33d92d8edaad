// Image files for the benchmark: a set of PNG/JPEG files from a folder or a .tar archive, decoded, centre-cropped
// and resized to the prior's resolution; outputs written and read back as 8-bit PNG.
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { extract } from 'tar-stream';
import { cropAndResize, fromRgba, type Image, type RgbaPixels, toRgba } from '../core/tensor';

export interface NamedImage {
  /** File name inside the folder or archive: the image's key in the results. */
  name: string;
  /** [0,1] range, the prior's channels and resolution, on the 8-bit grid. */
  image: Image;
}

const IMAGE_FILE = /\.(png|jpe?g)$/i;

function decode(name: string, bytes: Uint8Array): RgbaPixels {
  try {
    if (/\.png$/i.test(name)) {
      const png = PNG.sync.read(Buffer.from(bytes));
      return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
    }
    const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
    return { width: decoded.width, height: decoded.height, data: new Uint8ClampedArray(decoded.data) };
  } catch (error) {
    throw new Error(
      `cannot decode ${name}, it is truncated or corrupt (${error instanceof Error ? error.message : error})`,
      {
        cause: error,
      },
    );
  }
}

/** Rounds to the 8-bit grid, as a PNG of the image holds it. */
export function quantise(image: Image): Image {
  const pixels = { width: image.w, height: image.h, data: toRgba(image) };
  return fromRgba(pixels, image.c as 1 | 3);
}

async function* tarEntries(file: string): AsyncGenerator<{ name: string; bytes: Uint8Array }> {
  const archive = extract();
  createReadStream(file).pipe(archive);
  for await (const entry of archive) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type === 'file') yield { name: entry.header.name, bytes: Buffer.concat(chunks) };
  }
}

async function* folderEntries(folder: string): AsyncGenerator<{ name: string; bytes: Uint8Array }> {
  for (const name of readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    if (statSync(file).isFile()) yield { name, bytes: readFileSync(file) };
  }
}

/** A file of the set that could not be read: skipped with this reason. */
export interface SkippedImage {
  name: string;
  reason: string;
}

/**
 * The first `limit` PNG/JPEG images of a folder (sorted by name) or a .tar archive (archive order), as [0,1] images
 * with `channels` channels, centre-cropped to a square and area-resized to `resolution`. A file that cannot be
 * decoded (truncated, corrupt) is skipped and listed in `skipped`; only a set with no readable image fails.
 */
export async function readImageSet(
  source: string,
  options: { limit: number; channels: 1 | 3; resolution: number },
): Promise<NamedImage[] & { skipped: SkippedImage[] }> {
  if (!existsSync(source)) throw new Error(`--images: ${source} does not exist`);
  const isFolder = statSync(source).isDirectory();
  if (!isFolder && !/\.tar$/i.test(source)) throw new Error(`--images must be a folder or a .tar file, got ${source}`);
  const images = Object.assign([] as NamedImage[], { skipped: [] as SkippedImage[] });
  for await (const { name, bytes } of isFolder ? folderEntries(source) : tarEntries(source)) {
    if (images.length >= options.limit) break;
    if (!IMAGE_FILE.test(name)) continue;
    let pixels: RgbaPixels;
    try {
      pixels = decode(name, bytes);
      if (pixels.width < 1 || pixels.height < 1) throw new Error(`cannot decode ${name}: it has no pixels`);
    } catch (error) {
      images.skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const full = fromRgba(pixels, options.channels);
    images.push({ name, image: quantise(cropAndResize(full, options.resolution)) });
  }
  if (images.length === 0) {
    const skipped = images.skipped.length > 0 ? ` (${images.skipped.length} could not be decoded)` : '';
    throw new Error(`--images: no readable PNG or JPEG files in ${source}${skipped}`);
  }
  return images;
}

/** 8-bit PNG bytes of a [0,1] image. */
export function encodePng(image: Image): Buffer {
  const png = new PNG({ width: image.w, height: image.h });
  png.data = Buffer.from(toRgba(image));
  return PNG.sync.write(png);
}

export function writePng(file: string, image: Image): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, encodePng(image));
}

export function readPng(file: string, channels: 1 | 3): Image {
  return fromRgba(decode(file, readFileSync(file)), channels);
}
