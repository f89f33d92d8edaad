import { describe, expect, it } from 'vitest';
import {
  batchItem,
  centreCrop,
  createImage,
  cropAndResize,
  fromRgba,
  resizeArea,
  stackBatch,
  toChannels,
  toGrayscale,
  toRgba,
  toSignedRange,
  toUnitRange,
} from '../../src/core/tensor';

const ramp = (c: number, h: number, w: number) =>
  createImage(
    { c, h, w },
    Float32Array.from({ length: c * h * w }, (_, i) => i),
  );

describe('tensor', () => {
  it('maps [0,1] to [-1,1] and back', () => {
    const image = createImage({ c: 1, h: 1, w: 3 }, new Float32Array([0, 0.25, 1]));
    expect([...toSignedRange(image).data]).toEqual([-1, -0.5, 1]);
    expect([...toUnitRange(toSignedRange(image)).data]).toEqual([0, 0.25, 1]);
  });

  it('validates shapes and data lengths', () => {
    expect(() => createImage({ c: 1, h: 0, w: 2 })).toThrow(/positive integer/);
    expect(() => createImage({ c: 1, h: 2, w: 2 }, new Float32Array(3))).toThrow(/length 4/);
  });

  it('centre-crops per channel', () => {
    const cropped = centreCrop(ramp(2, 4, 4), 2, 2);
    expect([...cropped.data]).toEqual([5, 6, 9, 10, 21, 22, 25, 26]);
    expect(() => centreCrop(ramp(1, 4, 4), 5, 2)).toThrow(/does not fit/);
  });

  it('area-resizes: exact 2×2 pooling, mean preserved for fractional factors, constant images stay constant', () => {
    const pooled = resizeArea(ramp(1, 2, 4), 1, 2);
    expect([...pooled.data]).toEqual([2.5, 4.5]);
    const image = ramp(1, 7, 5);
    const mean = (d: Float32Array) => d.reduce((a, b) => a + b, 0) / d.length;
    expect(mean(resizeArea(image, 3, 3).data)).toBeCloseTo(mean(image.data), 4);
    const constant = createImage({ c: 3, h: 5, w: 9 }, new Float32Array(135).fill(0.3));
    for (const v of resizeArea(constant, 12, 4).data) expect(v).toBeCloseTo(0.3, 6);
    const square = cropAndResize(ramp(3, 10, 16), 4);
    expect([square.c, square.h, square.w]).toEqual([3, 4, 4]);
  });

  it('composites RGBA on the background and round-trips opaque pixels', () => {
    const pixels = { width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 0]) };
    const onWhite = fromRgba(pixels, 3);
    expect([...onWhite.data]).toEqual([1, 1, 0, 1, 0, 1]);
    const onBlack = fromRgba(pixels, 3, [0, 0, 0]);
    expect([...onBlack.data]).toEqual([1, 0, 0, 0, 0, 0]);
    const opaque = { width: 2, height: 1, data: new Uint8ClampedArray([10, 20, 30, 255, 200, 100, 0, 255]) };
    expect(toRgba(fromRgba(opaque, 3))).toEqual(opaque.data);
    expect(() => fromRgba({ width: 2, height: 2, data: new Uint8ClampedArray(8) }, 3)).toThrow(/length 16/);
  });

  it('handles grayscale: BT.601 luma, replication to RGB, gray RGBA export', () => {
    const rgb = createImage({ c: 3, h: 1, w: 1 }, new Float32Array([1, 0.5, 0]));
    expect(toGrayscale(rgb).data[0]).toBeCloseTo(0.299 + 0.5 * 0.587, 6);
    const gray = createImage({ c: 1, h: 1, w: 2 }, new Float32Array([0.2, 1.5]));
    expect([...toChannels(gray, 3).data]).toEqual([...gray.data, ...gray.data, ...gray.data].map(Math.fround));
    expect([...toRgba(gray)]).toEqual([51, 51, 51, 255, 255, 255, 255, 255]);
    expect(fromRgba({ width: 1, height: 1, data: new Uint8ClampedArray([0, 255, 0, 255]) }, 1).data[0]).toBeCloseTo(
      0.587,
      6,
    );
  });

  it('stacks batches and views items', () => {
    const a = ramp(1, 2, 2);
    const b = createImage({ c: 1, h: 2, w: 2 }, new Float32Array([9, 9, 9, 9]));
    const batch = stackBatch([a, b]);
    expect(batch.n).toBe(2);
    expect([...batchItem(batch, 1).data]).toEqual([9, 9, 9, 9]);
    expect(() => stackBatch([a, ramp(1, 3, 2)])).toThrow(/shapes differ/);
  });
});
