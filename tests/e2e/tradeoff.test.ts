// The product's promise on the face model: with the default degradation, moving the slider right costs PSNR and buys
// realism (patch-SWD falls), and the slider's left end is MAP-RPS's x_MAP.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/app/settings';
import { appSession, chartPoints, runAndWait, screenshot } from './harness';

const { image, degradation } = DEFAULT_SETTINGS;
if (image.kind !== 'gallery') throw new Error('the default image is a gallery image');
const session = appSession(`?v=2&prior=faces64&image=${image.id}&method.method=map-rps&method.preset=fast&run=0`);

describe(`faces64, default degradation (${degradation.kind} ${degradation.kernelSize}×${degradation.kernelSize}, std ${degradation.blurStd}, σ_y ${degradation.sigmaY})`, () => {
  it('has a higher PSNR at the left end of the slider than at its right end, and a lower patch-SWD at the right', async () => {
    const { page } = session;
    expect(await runAndWait(page, 120_000)).toMatch(/Done/);
    await expect.poll(async () => (await chartPoints(page)).size, { timeout: 30_000 }).toBe(6);
    const points = await chartPoints(page);
    const left = points.get(0);
    const right = points.get(1);
    if (!left || !right) throw new Error('the slider ends are missing from the chart');
    expect(left.psnr).toBeGreaterThan(right.psnr);
    expect(right.patchSwd).toBeLessThan(left.patchSwd);
    await screenshot(page, 'tradeoff-faces64-default');
  });
});
