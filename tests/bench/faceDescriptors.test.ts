// The benchmark's learned-feature distance: face-api's recognition network in Node (tfjs WASM, offline) on the
// gallery's face photos, and the FD/KID dp reports per row for face priors.
import { describe, expect, it } from 'vitest';
import { cachedFaceDescriptors, faceDescriptors, faceSetDistances } from '../../src/bench/faceDescriptors';
import { readPng } from '../../src/bench/images';
import { blurOperator, gaussianKernel } from '../../src/core/operators';
import { createImage, type Image } from '../../src/core/tensor';

const faces = [0, 1, 2, 3].map((k) => readPng(`public/gallery/face-${k + 1}.png`, 3));
const blurred = (std: number) =>
  faces.map((face) => createImage(face, blurOperator(face, gaussianKernel(9, std)).forward(face.data)));
const byName = new Map(faces.map((face, k) => [`face${k}`, face]));
const rowOf = (outputs: readonly Image[]) => outputs.map((output, k) => ({ image: `face${k}`, seed: 0, output }));

describe('face-descriptor distances', { timeout: 60_000 }, () => {
  it('describe each face by a finite 128-D vector, the same for the same image', async () => {
    const [first, again] = [await faceDescriptors(faces), await faceDescriptors([faces[0]])];
    expect(first).toHaveLength(4);
    for (const d of first) {
      expect(d).toHaveLength(128);
      expect(d.every(Number.isFinite)).toBe(true);
    }
    for (let i = 0; i < 128; i++) expect(again[0][i]).toBeCloseTo(first[0][i], 5);
    // Different faces get different descriptors.
    expect(Math.hypot(...first[0].map((v, i) => v - first[1][i]))).toBeGreaterThan(0.1);
  });

  it('are 0 for the clean set itself and grow as the set is blurred more', async () => {
    const describe = cachedFaceDescriptors();
    const identical = await faceSetDistances(rowOf(faces), (name) => byName.get(name) as Image, describe);
    expect(identical.fd).toBeLessThan(1e-9);
    expect(identical.kid).toBe(0);
    const [mild, strong] = [
      await faceSetDistances(rowOf(blurred(1)), (name) => byName.get(name) as Image, describe),
      await faceSetDistances(rowOf(blurred(3)), (name) => byName.get(name) as Image, describe),
    ];
    expect(mild.fd).toBeGreaterThan(0.01);
    expect(strong.fd).toBeGreaterThan(mild.fd);
    expect(mild.kid).toBeGreaterThan(0);
    expect(strong.kid).toBeGreaterThan(mild.kid);
  });

  it('average FD and KID over seeds, each seed against the same clean images', async () => {
    const describe = cachedFaceDescriptors();
    const clean = (name: string) => byName.get(name) as Image;
    const seed0 = await faceSetDistances(rowOf(blurred(1)), clean, describe);
    const seed1 = await faceSetDistances(rowOf(blurred(3)), clean, describe);
    const both = await faceSetDistances(
      [...rowOf(blurred(1)), ...rowOf(blurred(3)).map((e) => ({ ...e, seed: 1 }))],
      clean,
      describe,
    );
    expect(both.fd).toBeCloseTo((seed0.fd + seed1.fd) / 2, 9);
    expect(both.kid).toBeCloseTo((seed0.kid + seed1.kid) / 2, 12);
  });

  it('refuse grey images', async () => {
    await expect(faceDescriptors([createImage({ c: 1, h: 64, w: 64 })])).rejects.toThrow(/RGB/);
  });
});
