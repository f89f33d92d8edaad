// Checks an uploaded file's bytes before the browser decodes it: what format it really is, its size, and the
// structural damage decoders silently paper over (browsers paint a truncated JPEG or PNG grey and report
// success). Pure functions over bytes, so they run in Node tests too.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface ImageFacts {
  format: ImageFormat;
  width: number;
  height: number;
  /** Animation frames (GIF, APNG); 1 for still images. */
  frames: number;
  /** JPEG colour components: 1 grayscale, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  components?: number;
  /** EXIF orientation 1..8 (JPEG), 1 when absent. */
  orientation: number;
  /** Bits per channel (PNG: 1, 2, 4, 8 or 16); absent when 8 or unknown. */
  bitDepth?: number;
}

export type Inspection = { ok: true; facts: ImageFacts } | { ok: false; message: string };

/** Both sides at least this long: smaller images carry too little to crop and resize to a model. */
export const MIN_SIDE = 16;
/** Decoding needs 4 bytes per pixel at full size: 50 MP is 200 MB, the most we ask of a browser tab. */
export const MAX_PIXELS = 50_000_000;

const FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', bmp: 'BMP' };

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function u16be(b: Uint8Array, i: number): number {
  return (b[i] << 8) | b[i + 1];
}

function u32be(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

function u16le(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}

function u24le(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
}

function u32le(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

function sniff(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp';
  return undefined;
}

function looksLikeSvg(bytes: Uint8Array, fileName: string, mimeType: string): boolean {
  if (mimeType === 'image/svg+xml' || /\.svgz?$/i.test(fileName)) return true;
  return /<svg[\s>]/i.test(new TextDecoder().decode(bytes.subarray(0, 1024)));
}

function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 512);
  return head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127));
}

class Damaged extends Error {}

// CRC-32 (ISO 3309, as PNG uses), table-driven.
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function inspectPng(b: Uint8Array): Omit<ImageFacts, 'format'> {
  let offset = 8;
  let width = 0;
  let height = 0;
  let frames = 1;
  let bitDepth = 8;
  for (;;) {
    if (offset + 8 > b.length) throw new Damaged('it ends before its IEND chunk (the file is truncated)');
    const length = u32be(b, offset);
    const type = ascii(b, offset + 4, 4);
    const end = offset + 12 + length;
    if (end > b.length) throw new Damaged(`it ends inside its ${type} chunk (the file is truncated)`);
    if (crc32(b.subarray(offset + 4, offset + 8 + length)) !== u32be(b, offset + 8 + length)) {
      throw new Damaged(`its ${type} chunk fails its checksum (the file is corrupt)`);
    }
    const data = offset + 8;
    if (type === 'IHDR') {
      width = u32be(b, data);
      height = u32be(b, data + 4);
      bitDepth = b[data + 8];
    } else if (type === 'acTL') {
      frames = u32be(b, data);
    } else if (type === 'IEND') {
      break;
    }
    offset = end;
  }
  if (width === 0 || height === 0) throw new Damaged('it has no valid IHDR header');
  return { width, height, frames, orientation: 1, ...(bitDepth === 16 ? { bitDepth } : {}) };
}

// EXIF (TIFF) orientation tag 0x0112 in IFD0 of an APP1 "Exif" segment.
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  if (ascii(b, start, 6) !== 'Exif\0\0') return 1;
  const tiff = start + 6;
  const little = ascii(b, tiff, 2) === 'II';
  const u16 = (i: number) => (little ? u16le(b, i) : u16be(b, i));
  const u32 = (i: number) => (little ? u32le(b, i) : u32be(b, i));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return 1;
  const entries = u16(ifd);
  for (let k = 0; k < entries; k++) {
    const entry = ifd + 2 + 12 * k;
    if (entry + 12 > end) break;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function inspectJpeg(b: Uint8Array): Omit<ImageFacts, 'format'> {
  let offset = 2;
  let orientation = 1;
  let frame: { width: number; height: number; components: number } | undefined;
  for (;;) {
    if (offset + 4 > b.length) throw new Damaged('it ends inside its headers (the file is truncated)');
    if (b[offset] !== 0xff) throw new Damaged('its header segments are malformed (the file is corrupt)');
    const marker = b[offset + 1];
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    const length = u16be(b, offset + 2);
    const data = offset + 4;
    if (data + length - 2 > b.length) throw new Damaged('it ends inside a header segment (the file is truncated)');
    if (marker === 0xe1) orientation = Math.max(orientation, exifOrientation(b, data, data + length - 2));
    if (SOF_MARKERS.has(marker)) {
      frame = { height: u16be(b, data + 1), width: u16be(b, data + 3), components: b[data + 5] };
    }
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    offset = data + length - 2;
  }
  if (!frame) throw new Damaged('it has no frame header (the file is corrupt)');
  // Entropy-coded data never contains FF D9 (0xFF bytes are stuffed as FF 00), so its absence means truncation.
  let end = -1;
  for (let i = b.length - 2; i > offset; i--) {
    if (b[i] === 0xff && b[i + 1] === 0xd9) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Damaged('its image data stops before the end marker (the file is truncated)');
  return { width: frame.width, height: frame.height, components: frame.components, frames: 1, orientation };
}

function inspectGif(b: Uint8Array): Omit<ImageFacts, 'format'> {
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  const skipSubBlocks = (at: number): number => {
    let i = at;
    while (i < b.length && b[i] !== 0) i += b[i] + 1;
    if (i >= b.length) throw new Damaged('it ends inside an image block (the file is truncated)');
    return i + 1;
  };
  let offset = 13;
  if (b[10] & 0x80) offset += 3 * 2 ** ((b[10] & 7) + 1); // global colour table
  let frames = 0;
  for (;;) {
    if (offset >= b.length) throw new Damaged('it ends before its trailer (the file is truncated)');
    const block = b[offset];
    if (block === 0x3b) break;
    if (block === 0x21) {
      offset = skipSubBlocks(offset + 2);
    } else if (block === 0x2c) {
      frames++;
      const packed = b[offset + 9];
      offset += 10;
      if (packed & 0x80) offset += 3 * 2 ** ((packed & 7) + 1); // local colour table
      offset = skipSubBlocks(offset + 1); // after the LZW minimum code size
    } else {
      throw new Damaged('it contains an unknown block (the file is corrupt)');
    }
  }
  if (frames === 0) throw new Damaged('it contains no image');
  return { width, height, frames, orientation: 1 };
}

// Animation frames of an extended WebP: its ANMF chunks.
function webpFrames(b: Uint8Array): number {
  let frames = 0;
  for (let offset = 12; offset + 8 <= b.length; offset += 8 + u32le(b, offset + 4) + (u32le(b, offset + 4) & 1)) {
    if (ascii(b, offset, 4) === 'ANMF') frames++;
  }
  return Math.max(frames, 1);
}

function inspectWebp(b: Uint8Array): Omit<ImageFacts, 'format'> {
  const chunk = ascii(b, 12, 4);
  const data = 20;
  if (chunk === 'VP8X') {
    return { width: u24le(b, data + 4) + 1, height: u24le(b, data + 7) + 1, frames: webpFrames(b), orientation: 1 };
  }
  if (chunk === 'VP8L') {
    const bits = u32le(b, data + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, frames: 1, orientation: 1 };
  }
  if (chunk === 'VP8 ') {
    return { width: u16le(b, data + 6) & 0x3fff, height: u16le(b, data + 8) & 0x3fff, frames: 1, orientation: 1 };
  }
  throw new Damaged('its header is not a known WebP variant (the file is corrupt)');
}

function inspectBmp(b: Uint8Array): Omit<ImageFacts, 'format'> {
  const width = u32le(b, 18) | 0;
  const height = u32le(b, 22) | 0;
  return { width: Math.abs(width), height: Math.abs(height), frames: 1, orientation: 1 };
}

const INSPECTORS: Record<ImageFormat, (b: Uint8Array) => Omit<ImageFacts, 'format'>> = {
  png: inspectPng,
  jpeg: inspectJpeg,
  gif: inspectGif,
  webp: inspectWebp,
  bmp: inspectBmp,
};

/** What the file is, or the message to show when the app cannot use it. */
export function inspectImageBytes(bytes: Uint8Array, fileName: string, mimeType: string): Inspection {
  const name = fileName || 'The file';
  if (bytes.length === 0) return { ok: false, message: `${name} is empty (0 bytes).` };
  const format = sniff(bytes);
  if (!format) {
    if (looksLikeSvg(bytes, fileName, mimeType)) {
      return {
        ok: false,
        message: `${name} is an SVG vector drawing, which the app does not rasterise; export it as PNG or JPEG first.`,
      };
    }
    const kind = looksLikeText(bytes) ? 'a text file' : mimeType ? `of type ${mimeType}` : 'of an unknown type';
    return {
      ok: false,
      message: `${name} is not an image (it is ${kind}). Use a PNG, JPEG, GIF, WebP or BMP image.`,
    };
  }
  let facts: ImageFacts;
  try {
    facts = { format, ...INSPECTORS[format](bytes) };
  } catch (error) {
    if (!(error instanceof Damaged) && !(error instanceof RangeError)) throw error;
    const reason = error instanceof Damaged ? error.message : 'its header is malformed (the file is corrupt)';
    return { ok: false, message: `${name} is a damaged ${FORMAT_NAMES[format]} file: ${reason}.` };
  }
  const { width, height } = facts;
  if (width < MIN_SIDE || height < MIN_SIDE) {
    return {
      ok: false,
      message: `${name} is only ${width}×${height} pixels; images need at least ${MIN_SIDE}×${MIN_SIDE} pixels.`,
    };
  }
  if (width * height > MAX_PIXELS) {
    const megapixels = ((width * height) / 1e6).toFixed(0);
    return {
      ok: false,
      message: `${name} is ${width}×${height} pixels (${megapixels} megapixels); the limit is ${MAX_PIXELS / 1e6} megapixels, so downscale it first.`,
    };
  }
  return { ok: true, facts };
}

/** Rotations and flips that EXIF orientations 5..8 imply swap width and height. */
export function orientedSize(facts: ImageFacts): { width: number; height: number } {
  return facts.orientation >= 5
    ? { width: facts.height, height: facts.width }
    : { width: facts.width, height: facts.height };
}

const ORIENTATION_NAMES = [
  '',
  'upright',
  'mirrored',
  'rotated 180°',
  'flipped vertically',
  'mirrored and rotated 90° anticlockwise',
  'rotated 90° clockwise',
  'mirrored and rotated 90° clockwise',
  'rotated 90° anticlockwise',
];

/** What the decoded pixels show (format-independent): no colour, or some transparency. */
export interface PixelFacts {
  gray: boolean;
  translucent: boolean;
}

export function pixelFacts(rgba: Uint8ClampedArray): PixelFacts {
  let gray = true;
  let translucent = false;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) gray = false;
    if (rgba[i + 3] !== 255) translucent = true;
  }
  return { gray, translucent };
}

/** Notes about conversions the app applies to an accepted image (shown next to the crop). */
export function conversionNotes(facts: ImageFacts, pixels: PixelFacts, channels: number): string[] {
  const notes: string[] = [];
  const { width, height } = orientedSize(facts);
  if (facts.frames > 1) {
    notes.push(`Animated ${FORMAT_NAMES[facts.format]} (${facts.frames} frames): only the first frame is used.`);
  }
  if (facts.orientation !== 1) {
    notes.push(
      `EXIF orientation applied: stored ${facts.width}×${facts.height}, shown ${width}×${height} (${ORIENTATION_NAMES[facts.orientation]}).`,
    );
  }
  if (facts.bitDepth === 16) {
    notes.push('16-bit PNG: reduced to 8 bits per channel (the browser decodes it so; the models see 8-bit images).');
  }
  if (facts.components === 4) notes.push('CMYK JPEG: converted to RGB by the browser (colours may shift slightly).');
  if (pixels.translucent)
    notes.push('Transparent pixels are composited on black (the background of the training images).');
  if (pixels.gray && channels === 3) notes.push('Grayscale image: the gray channel is copied to R, G and B.');
  if (!pixels.gray && channels === 1)
    notes.push('Colour image: converted to grayscale (luma) for this one-channel model.');
  return notes;
}
