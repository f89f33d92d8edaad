import { describe, expect, it } from 'vitest';
import { frontierCurve, spectralW2 } from '../../src/app/sandboxPerception';
import { blurOperator, gaussianKernel } from '../../src/core/operators';
import { createRng } from '../../src/core/rng';
import { dpFrontier, gaussianPrior, mmseDenoise, samplePrior } from '../../src/core/sandbox';

const shape = { c: 1, h: 32, w: 32 };
const prior = gaussianPrior(shape);
const pixelStd = prior.params.pixelStd / 2; // [0,1] units

describe('spectralW2 (per-image W2 to the sandbox prior)', () => {
  it('stays near its noise floor for exact prior samples (fixed seed, mean of 8 draws < 0.15 pixel std)', () => {
    const rng = createRng(5);
    const values = Array.from({ length: 8 }, () => spectralW2(prior, samplePrior(prior, rng)));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeLessThan(0.15 * pixelStd);
  });

  it('scores a smooth MMSE estimate far from the prior, and the constant mean image at the full pixel std', () => {
    const rng = createRng(6);
    const x = samplePrior(prior, rng);
    const noisy = x.map((v) => v + 0.5 * rng.normal());
    expect(spectralW2(prior, mmseDenoise(prior, noisy, 0.5))).toBeGreaterThan(0.3 * pixelStd);
    expect(spectralW2(prior, new Float32Array(x.length))).toBeCloseTo(pixelStd, 5);
  });
});

describe('frontierCurve', () => {
  it('runs from D* + W2² at P = 0 down to D* at P ≥ W2, in [0,1] units', () => {
    const frontier = dpFrontier(prior, blurOperator(shape, gaussianKernel(7, 1.5)), 0.05);
    const curve = frontierCurve(frontier, 5);
    expect(curve[0].w2).toBe(0);
    expect(curve[0].rmse).toBeCloseTo(Math.sqrt(frontier.dStar + frontier.w2 ** 2) / 2, 10);
    expect(curve[4].rmse).toBeCloseTo(Math.sqrt(frontier.dStar) / 2, 10);
    expect(curve[4].psnr).toBeCloseTo(-10 * Math.log10(frontier.dStar / 4), 10);
  });
});
