import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  conversionNotes,
  type ImageFacts,
  inspectImageBytes,
  orientedSize,
  pixelFacts,
} from '../../src/ui/imageInput/inspectFile';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/inputs/${name}`, import.meta.url)));

function inspect(name: string, mime = '') {
  return inspectImageBytes(fixture(name), name, mime);
}

function facts(name: string): ImageFacts {
  const result = inspect(name);
  if (!result.ok) throw new Error(`${name} was refused: ${result.message}`);
  return result.facts;
}

function refusal(name: string, mime = ''): string {
  const result = inspect(name, mime);
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.message;
}

describe('inspectImageBytes refuses bad uploads with a specific message', () => {
  it.each([
    ['empty.png', /empty \(0 bytes\)/],
    ['not-an-image.txt', /not an image \(it is a text file\)/],
    ['vector.svg', /SVG vector drawing/],
    ['truncated.jpg', /damaged JPEG file: .*truncated/],
    ['truncated.png', /damaged PNG file: .*truncated/],
    ['corrupt.png', /damaged PNG file: its IDAT chunk fails its checksum/],
    ['tiny-1x1.png', /only 1×1 pixels; images need at least 16×16/],
    ['tiny-8x8.png', /only 8×8 pixels/],
    ['huge-12000x12000.png', /12000×12000 pixels \(144 megapixels\); the limit is 50 megapixels/],
  ])('%s', (name, message) => {
    expect(refusal(name)).toMatch(message);
  });

  it('recognises SVG by its MIME type even without markup in the first bytes', () => {
    expect(inspectImageBytes(new TextEncoder().encode(`${' '.repeat(2000)}<svg>`), 'x', 'image/svg+xml')).toMatchObject(
      {
        ok: false,
        message: expect.stringMatching(/SVG/),
      },
    );
  });
});

describe('inspectImageBytes reads what accepted images are', () => {
  it('reads PNG and JPEG sizes and JPEG components', () => {
    expect(facts('garment.png')).toMatchObject({ format: 'png', width: 96, height: 96, frames: 1 });
    expect(facts('grayscale.jpg')).toMatchObject({ format: 'jpeg', width: 64, height: 64, components: 1 });
    expect(facts('cmyk.jpg')).toMatchObject({ format: 'jpeg', components: 4 });
  });

  it('counts GIF frames', () => {
    expect(facts('animated.gif')).toMatchObject({ format: 'gif', width: 48, height: 48, frames: 3 });
  });

  it('reads the EXIF orientation and swaps the displayed size for 90° rotations', () => {
    const rotated = facts('exif-rotated.jpg');
    expect(rotated).toMatchObject({ width: 60, height: 40, orientation: 6 });
    expect(orientedSize(rotated)).toEqual({ width: 40, height: 60 });
  });
});

describe('conversion notes', () => {
  const still: ImageFacts = { format: 'png', width: 32, height: 32, frames: 1, orientation: 1 };

  it('says nothing for an opaque gray image on a gray model', () => {
    expect(conversionNotes(still, { gray: true, translucent: false }, 1)).toEqual([]);
  });

  it('names every conversion it applies', () => {
    const notes = conversionNotes(
      { ...facts('animated.gif'), orientation: 6, components: 4 },
      { gray: false, translucent: true },
      1,
    );
    expect(notes.join('\n')).toMatch(/3 frames\): only the first frame is used/);
    expect(notes.join('\n')).toMatch(/EXIF orientation applied: stored 48×48/);
    expect(notes.join('\n')).toMatch(/CMYK/);
    expect(notes.join('\n')).toMatch(/composited on black/);
    expect(notes.join('\n')).toMatch(/converted to grayscale/);
    expect(conversionNotes(still, { gray: true, translucent: false }, 3)).toEqual([
      'Grayscale image: the gray channel is copied to R, G and B.',
    ]);
  });

  it('says that a 16-bit PNG is reduced to 8 bits', () => {
    const png = new PNG({ width: 16, height: 16, bitDepth: 16 });
    png.data = Buffer.alloc(16 * 16 * 4 * 2, 0x7f);
    const bytes = new Uint8Array(PNG.sync.write(png, { bitDepth: 16, colorType: 6, inputHasAlpha: true }));
    const result = inspectImageBytes(bytes, 'deep.png', 'image/png');
    if (!result.ok) throw new Error(result.message);
    expect(result.facts.bitDepth).toBe(16);
    expect(conversionNotes(result.facts, { gray: true, translucent: false }, 1)).toEqual([
      '16-bit PNG: reduced to 8 bits per channel (the browser decodes it so; the models see 8-bit images).',
    ]);
    expect(facts('garment.png').bitDepth).toBeUndefined();
  });

  it('pixelFacts detects colour and transparency', () => {
    expect(pixelFacts(new Uint8ClampedArray([5, 5, 5, 255, 9, 9, 9, 255]))).toEqual({ gray: true, translucent: false });
    expect(pixelFacts(new Uint8ClampedArray([5, 6, 5, 255, 9, 9, 9, 0]))).toEqual({ gray: false, translucent: true });
  });
});
