// The bundled gallery's manifest (public/gallery/gallery.json): faces64's real face photos stay within UTKFace's
// allowance (at most 8 validation images, renamed, each with UTKFace's licence and attribution), and every prior's
// Prior sample button and own image resolve to images that ship.
import { existsSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { type GalleryEntry, ownImage, priorSampleId } from '../../src/app/gallery';
import { PRIOR_SAMPLE_ID } from '../../src/app/priors';
import { DEFAULT_SETTINGS } from '../../src/app/settings';

const gallery = JSON.parse(readFileSync('public/gallery/gallery.json', 'utf8')) as GalleryEntry[];
const faces = gallery.filter((e) => e.kind === 'photo' && e.model === 'faces64');
/** UTKFace's own file names: age_gender_race_datetime.jpg (e.g. 26_0_1_20170116174525125.jpg). */
const UTKFACE_NAME = /\d+_[01]_\d_\d{8,}/;

describe('gallery manifest', () => {
  it('ships between 1 and 8 face photos, as UTKFace allows', () => {
    expect(faces.length).toBeGreaterThan(0);
    expect(faces.length).toBeLessThanOrEqual(8);
  });

  it('renames the face photos: neither file nor id nor title keeps a UTKFace file name', () => {
    for (const face of faces) {
      for (const name of [face.id, face.file, face.title]) expect(name, face.id).not.toMatch(UTKFACE_NAME);
      expect(face.file).toMatch(/\.png$/);
    }
  });

  it("carries UTKFace's licence and attribution with every face photo, and says it is from the validation split", () => {
    for (const face of faces) {
      expect(face.licence, face.id).toMatch(/UTKFace/);
      expect(face.licence, face.id).toMatch(/non-commercial research and education only/);
      expect(face.licence, face.id).toMatch(/copyright stays with its owner/);
      expect(face.source, face.id).toMatch(/UTKFace validation split \(Zhang, Song & Qi 2017\)/);
      expect(face.source, face.id).toMatch(/never used in training/);
    }
  });

  it('ships every listed file, the face photos as 64×64 PNGs', () => {
    for (const entry of gallery) expect(existsSync(`public/gallery/${entry.file}`), entry.file).toBe(true);
    for (const face of faces) {
      const png = PNG.sync.read(readFileSync(`public/gallery/${face.file}`));
      expect([png.width, png.height], face.file).toEqual([64, 64]);
    }
    expect(new Set(gallery.map((e) => e.id)).size).toBe(gallery.length);
  });

  it('opens the app on a real face photo', () => {
    const { image } = DEFAULT_SETTINGS;
    expect(image.kind === 'gallery' && faces.some((f) => f.id === image.id)).toBe(true);
  });

  it("gives each trained prior a Prior sample of its own model's drawing, and the sandbox its in-page draw", () => {
    for (const prior of ['faces64', 'fashion32']) {
      const sample = gallery.find((e) => e.id === priorSampleId(gallery, prior));
      expect(sample?.kind, prior).toBe('model-sample');
      expect(sample?.model, prior).toBe(prior);
    }
    expect(priorSampleId(gallery, 'sandbox')).toBe(PRIOR_SAMPLE_ID);
    // faces64's draw backs the button only: the thumbnails are the real photos.
    expect(gallery.filter((e) => e.model === 'faces64' && e.kind === 'model-sample')).toHaveLength(1);
    expect(gallery.find((e) => e.id === priorSampleId(gallery, 'faces64'))?.priorSample).toBe(true);
  });

  it('switching to a trained prior opens its own image: faces64 a face photo, fashion32 a sample', () => {
    expect(ownImage(gallery, 'faces64')?.id).toBe(faces[0].id);
    expect(ownImage(gallery, 'fashion32')?.kind).toBe('model-sample');
    expect(ownImage(gallery, 'sandbox')).toBeUndefined();
  });
});
