// Planar float images (C,H,W) and batches (N,C,H,W), with conversions to and from 8-bit RGBA pixels.
// Value ranges: pixels are [0,1] when displayed or scored; the diffusion models work on [-1,1].

export interface Shape {
  c: number;
  h: number;
  w: number;
}
export interface Image extends Shape {
  data: Float32Array; // CHW, length c*h*w
}
export interface Batch {
  n: number;
  c: number;
  h: number;
  w: number;
  data: Float32Array; // NCHW
}

/** 8-bit RGBA pixels, row-major (the layout of the DOM's ImageData, without depending on it). */
export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export type Rgb = readonly [number, number, number];
/** Transparent pixels are composited on this background unless another one is given. */
export const WHITE: Rgb = [1, 1, 1];

// ITU-R BT.601 luma weights (as in PIL's convert('L')).
const LUMA: Rgb = [0.299, 0.587, 0.114];

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value > 0;
}

export function assertShape(shape: Shape, what = 'image'): void {
  if (!isPositiveInteger(shape.c) || !isPositiveInteger(shape.h) || !isPositiveInteger(shape.w)) {
    throw new Error(`${what} shape must have positive integer c, h, w; got ${formatShape(shape)}`);
  }
}

export function formatShape(shape: Shape): string {
  return `${shape.c}×${shape.h}×${shape.w}`;
}

export function shapeSize(shape: Shape): number {
  return shape.c * shape.h * shape.w;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.c === b.c && a.h === b.h && a.w === b.w;
}

export function assertSameShape(a: Shape, b: Shape, what: string): void {
  if (!sameShape(a, b)) throw new Error(`${what}: shapes differ (${formatShape(a)} vs ${formatShape(b)})`);
}

export function assertLength(data: ArrayLike<number>, length: number, what: string): void {
  if (data.length !== length) throw new Error(`${what} must have length ${length}, got ${data.length}`);
}

/** An image of the given shape; zeros unless data (length c*h*w, used as is) is given. */
export function createImage(shape: Shape, data?: Float32Array): Image {
  assertShape(shape);
  const size = shapeSize(shape);
  if (data) assertLength(data, size, `image data for ${formatShape(shape)}`);
  return { c: shape.c, h: shape.h, w: shape.w, data: data ?? new Float32Array(size) };
}

function mapImage(image: Image, f: (v: number) => number): Image {
  return createImage(image, image.data.map(f));
}

/** [0,1] → [-1,1]. */
export function toSignedRange(image: Image): Image {
  return mapImage(image, (v) => 2 * v - 1);
}

/** [-1,1] → [0,1]. */
export function toUnitRange(image: Image): Image {
  return mapImage(image, (v) => (v + 1) / 2);
}

export function clampImage(image: Image, lo = 0, hi = 1): Image {
  return mapImage(image, (v) => Math.min(hi, Math.max(lo, v)));
}

export function crop(image: Image, top: number, left: number, h: number, w: number): Image {
  if (
    !isPositiveInteger(h) ||
    !isPositiveInteger(w) ||
    top < 0 ||
    left < 0 ||
    top + h > image.h ||
    left + w > image.w
  ) {
    throw new Error(`crop ${h}×${w} at (${top}, ${left}) does not fit in a ${image.h}×${image.w} image`);
  }
  const out = createImage({ c: image.c, h, w });
  for (let ch = 0; ch < image.c; ch++) {
    for (let y = 0; y < h; y++) {
      const from = (ch * image.h + top + y) * image.w + left;
      out.data.set(image.data.subarray(from, from + w), (ch * h + y) * w);
    }
  }
  return out;
}

export function centreCrop(image: Image, h: number, w: number): Image {
  return crop(image, Math.floor((image.h - h) / 2), Math.floor((image.w - w) / 2), h, w);
}

/** The largest centred square. */
export function centreCropSquare(image: Image): Image {
  const side = Math.min(image.h, image.w);
  return centreCrop(image, side, side);
}

// Area resampling weights along one axis: output pixel o averages the input interval [o·r, (o+1)·r), r = n/m,
// each input pixel weighted by its overlap with that interval (a box filter; exact pooling for integer factors).
function areaWeights(inLength: number, outLength: number): { index: Int32Array; weight: Float32Array }[] {
  const ratio = inLength / outLength;
  return Array.from({ length: outLength }, (_, o) => {
    const start = o * ratio;
    const end = start + ratio;
    const first = Math.floor(start);
    const last = Math.min(inLength, Math.ceil(end));
    const index = new Int32Array(last - first);
    const weight = new Float32Array(last - first);
    for (let i = first; i < last; i++) {
      index[i - first] = i;
      weight[i - first] = (Math.min(end, i + 1) - Math.max(start, i)) / ratio;
    }
    return { index, weight };
  });
}

/** Area (box-filter) resize to h×w: averages for downscaling, piecewise constant for upscaling. */
export function resizeArea(image: Image, h: number, w: number): Image {
  if (!isPositiveInteger(h) || !isPositiveInteger(w)) throw new Error(`resize target must be positive, got ${h}×${w}`);
  const columns = areaWeights(image.w, w);
  const rows = areaWeights(image.h, h);
  const wide = new Float32Array(image.h * w);
  const out = createImage({ c: image.c, h, w });
  for (let ch = 0; ch < image.c; ch++) {
    const plane = image.data.subarray(ch * image.h * image.w, (ch + 1) * image.h * image.w);
    for (let y = 0; y < image.h; y++) {
      for (let x = 0; x < w; x++) {
        const { index, weight } = columns[x];
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += weight[k] * plane[y * image.w + index[k]];
        wide[y * w + x] = sum;
      }
    }
    for (let y = 0; y < h; y++) {
      const { index, weight } = rows[y];
      for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += weight[k] * wide[index[k] * w + x];
        out.data[(ch * h + y) * w + x] = sum;
      }
    }
  }
  return out;
}

/** What the app does to an upload: centre-crop to a square, then area-resize to size×size. */
export function cropAndResize(image: Image, size: number): Image {
  return resizeArea(centreCropSquare(image), size, size);
}

/** Luma (BT.601) of an RGB image; a 1-channel image is returned as a copy. */
export function toGrayscale(image: Image): Image {
  if (image.c === 1) return createImage(image, image.data.slice());
  if (image.c !== 3) throw new Error(`grayscale conversion needs 1 or 3 channels, got ${image.c}`);
  const n = image.h * image.w;
  const out = createImage({ c: 1, h: image.h, w: image.w });
  for (let i = 0; i < n; i++) {
    out.data[i] = LUMA[0] * image.data[i] + LUMA[1] * image.data[n + i] + LUMA[2] * image.data[2 * n + i];
  }
  return out;
}

/** Convert between 1 and 3 channels (gray is replicated into RGB; RGB becomes luma). */
export function toChannels(image: Image, channels: 1 | 3): Image {
  if (channels === 1) return toGrayscale(image);
  if (image.c === 3) return createImage(image, image.data.slice());
  if (image.c !== 1) throw new Error(`cannot convert ${image.c} channels to RGB`);
  const out = createImage({ c: 3, h: image.h, w: image.w });
  for (let ch = 0; ch < 3; ch++) out.data.set(image.data, ch * image.h * image.w);
  return out;
}

/** RGBA bytes → planar [0,1] image; alpha is composited over `background` (default white). */
export function fromRgba(pixels: RgbaPixels, channels: 1 | 3, background: Rgb = WHITE): Image {
  const { width, height, data } = pixels;
  assertShape({ c: 4, h: height, w: width }, 'RGBA pixels');
  assertLength(data, 4 * width * height, `RGBA data for ${width}×${height}`);
  const n = width * height;
  const rgb = createImage({ c: 3, h: height, w: width });
  for (let i = 0; i < n; i++) {
    const alpha = data[4 * i + 3] / 255;
    for (let ch = 0; ch < 3; ch++) {
      rgb.data[ch * n + i] = (alpha * data[4 * i + ch]) / 255 + (1 - alpha) * background[ch];
    }
  }
  return channels === 3 ? rgb : toGrayscale(rgb);
}

/** Planar [0,1] image (1 or 3 channels) → opaque RGBA bytes; values are clamped to [0,1]. */
export function toRgba(image: Image): Uint8ClampedArray {
  if (image.c !== 1 && image.c !== 3) throw new Error(`RGBA export needs 1 or 3 channels, got ${image.c}`);
  const n = image.h * image.w;
  const out = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < 3; ch++) {
      const v = image.data[(image.c === 3 ? ch * n : 0) + i];
      out[4 * i + ch] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
    out[4 * i + 3] = 255;
  }
  return out;
}

export function stackBatch(images: readonly Image[]): Batch {
  if (images.length === 0) throw new Error('cannot stack an empty list of images');
  const [first] = images;
  const size = shapeSize(first);
  const data = new Float32Array(images.length * size);
  images.forEach((image, i) => {
    assertSameShape(image, first, `batch item ${i}`);
    data.set(image.data, i * size);
  });
  return { n: images.length, c: first.c, h: first.h, w: first.w, data };
}

/** Item i of a batch as an image that shares the batch's memory. */
export function batchItem(batch: Batch, i: number): Image {
  if (!Number.isInteger(i) || i < 0 || i >= batch.n) throw new Error(`batch index ${i} out of range 0..${batch.n - 1}`);
  const size = shapeSize(batch);
  return createImage(batch, batch.data.subarray(i * size, (i + 1) * size));
}
