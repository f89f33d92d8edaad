// Lesson presets: the three lessons exist, their settings survive the URL, and their images are bundled.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LESSONS, lessonById } from '../../src/app/lessons';
import { PRIOR_SAMPLE_ID } from '../../src/app/priors';
import { settingsFromQuery, settingsToQuery } from '../../src/app/urlState';

const gallery = JSON.parse(readFileSync('public/gallery/gallery.json', 'utf8')) as { id: string }[];

describe('lessons', () => {
  it('offers the three lessons of the issue', () => {
    expect(LESSONS.map((l) => l.title)).toEqual([
      'blur: MAP vs sample',
      'big hole: why samples hallucinate',
      'Gaussian sandbox: the optimal frontier',
    ]);
    expect(lessonById('big-hole')?.settings.degradation.kind).toBe('inpaint-box');
    expect(lessonById('gaussian-sandbox')?.settings.prior).toBe('sandbox');
    expect(lessonById('nope')).toBeUndefined();
  });

  it('uses only valid settings (a URL round trip keeps them) and bundled images', () => {
    for (const lesson of LESSONS) {
      expect(settingsFromQuery(settingsToQuery(lesson.settings)).settings).toEqual(lesson.settings);
      const { image } = lesson.settings;
      expect(image.kind).toBe('gallery');
      if (image.kind === 'gallery') {
        expect(image.id === PRIOR_SAMPLE_ID || gallery.some((g) => g.id === image.id), image.id).toBe(true);
      }
    }
  });
});
