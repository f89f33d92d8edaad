import { describe, expect, it } from 'vitest';
import { buildDegradation, measureTruth } from '../../src/app/problem';
import { DEFAULT_SETTINGS, type DegradationSettings } from '../../src/app/settings';
import { createImage } from '../../src/core/tensor';

const shape = { c: 1, h: 32, w: 32 };
const settings = (patch: Partial<DegradationSettings>): DegradationSettings => ({
  ...DEFAULT_SETTINGS.degradation,
  ...patch,
});

describe('buildDegradation', () => {
  it('refuses a blur kernel larger than the image and names the largest that fits', () => {
    const result = buildDegradation(settings({ kind: 'blur-box', kernelSize: 41 }), shape);
    expect(result).toEqual({
      ok: false,
      message: 'The 41×41 blur kernel is larger than the 32×32 image; choose a kernel of at most 31×31.',
    });
  });

  it.each([
    [1, /hides every pixel/],
    [0, /hides no pixel/],
  ])('warns about a brush mask with every pixel painted = %s', (painted, warning) => {
    const result = buildDegradation(settings({ kind: 'inpaint-brush' }), shape, new Uint8Array(32 * 32).fill(painted));
    if (!result.ok) throw new Error(result.message);
    expect(result.notes.join(' ')).toMatch(warning);
  });

  it('accepts σ_y = 0 with a note, and measures y = A x exactly then', () => {
    const result = buildDegradation(settings({ kind: 'sr2', sigmaY: 0 }), shape);
    if (!result.ok) throw new Error(result.message);
    expect(result.notes).toEqual([expect.stringMatching(/σ_y = 0: a noiseless measurement/)]);
    const truth = createImage(
      shape,
      Float32Array.from({ length: 32 * 32 }, (_, i) => Math.sin(i)),
    );
    const measurement = measureTruth(result, settings({ kind: 'sr2', sigmaY: 0 }), truth);
    expect(measurement.y).toEqual(result.operator.forward(truth.data));
  });

  it('draws the same measurement noise and random mask for the same noise seed', () => {
    const random = settings({ kind: 'inpaint-random', missingFraction: 0.5, noiseSeed: 7 });
    const truth = createImage(shape, new Float32Array(32 * 32).fill(0.25));
    const first = buildDegradation(random, shape);
    const second = buildDegradation(random, shape);
    if (!first.ok || !second.ok) throw new Error('random inpainting was refused');
    expect(first.mask?.observed).toEqual(second.mask?.observed);
    expect(measureTruth(first, random, truth).y).toEqual(measureTruth(second, random, truth).y);
    const other = buildDegradation({ ...random, noiseSeed: 8 }, shape);
    if (!other.ok) throw new Error('random inpainting was refused');
    expect(other.mask?.observed).not.toEqual(first.mask?.observed);
  });
});
