// Issue 14, item 5: an input changed in the middle of a run restarts the run with the new inputs, and the old result
// stays on screen, marked stale, until the new one arrives; the run messages say what was planned, what was done
// and how long it took (also for the positions the slider queues later).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSession, canvasPixels, FASHION_START, runAndWait, screenshot, waitForRunEnd } from './harness';

const session = appSession(`${FASHION_START}&method.method=map-rps&method.preset=paper&seed=1`);
let page: Page;

beforeAll(async () => {
  ({ page } = session);
  await page.getByTestId('measurement-y').waitFor();
});

const caption = (p: Page) => p.getByTestId('result-caption');

describe('an input changed mid-run', () => {
  it('restarts the run with the new inputs and keeps the old result, marked stale, until the new one arrives', async () => {
    const section = page.getByTestId('run-section');
    await page.getByTestId('run').click();
    // x_MAP is on screen while the stage-2 branches of the paper preset still run.
    await caption(page).and(page.locator('[data-state=computed]')).waitFor({ timeout: 120_000 });
    expect(await section.getAttribute('data-status')).toBe('running');
    const started = await section.getAttribute('data-started');
    const before = await canvasPixels(page, 'result-image');
    // Record every state the caption goes through from here.
    await page.evaluate(() => {
      const element = document.querySelector('[data-testid=result-caption]') as HTMLElement;
      const states: string[] = [];
      Object.assign(window, { staleStates: states });
      new MutationObserver(() => states.push(element.dataset.state ?? '')).observe(element, {
        attributeFilter: ['data-state'],
      });
    });
    await page.getByTestId('seed').fill('2');
    await expect.poll(() => caption(page).getAttribute('data-state')).toBe('stale');
    expect(await caption(page).textContent()).toMatch(
      /^Stale \(before your change\): t0 = 0 · PSNR .*with the new settings/,
    );
    expect(await canvasPixels(page, 'result-image')).toBe(before);
    // The run restarted by itself, for the new seed.
    await expect.poll(() => section.getAttribute('data-started'), { timeout: 60_000 }).not.toBe(started);
    await screenshot(page, 'mid-run-stale');
    await caption(page).and(page.locator('[data-state=computed]')).waitFor({ timeout: 120_000 });
    expect(await caption(page).textContent()).toMatch(/^t0 = 0 · PSNR/);
    expect(await canvasPixels(page, 'result-image')).not.toBe(before);
    const states = await page.evaluate(() => (window as unknown as { staleStates: string[] }).staleStates);
    // Stale, then the new point: never a blank result in between.
    expect(states[0]).toBe('stale');
    expect(states.at(-1)).toBe('computed');
    expect(states).not.toContain('missing');
    await page.getByTestId('cancel').click();
    await waitForRunEnd(page);
  });
});

describe('run messages', () => {
  it('say the calls made, the calls planned, the positions and the time', async () => {
    await page.getByTestId('preset').selectOption('fast');
    const message = await runAndWait(page, 180_000);
    expect(message).toMatch(/^Done: (\d+) denoiser calls made \((\d+) planned\) for 6 positions in \d+\.\d s\.$/);
    // Every point of the sweep arrives within its run: no second run recomputes points still in flight.
    expect(await page.getByTestId('dp-chart').getAttribute('data-points')).toBe('6');
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('run-section').getAttribute('data-status')).toBe('done');
    expect(await page.getByTestId('run-message').textContent()).toBe(message);
  });

  it('after the slider queues a position, also the totals of the curve so far', async () => {
    await page.getByTestId('dp-slider').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight'); // not in the first sweep: queued and computed on its own
    await caption(page).and(page.locator('[data-state=computed]')).waitFor({ timeout: 120_000 });
    await expect
      .poll(async () => (await page.getByTestId('run-message').textContent()) ?? '', { timeout: 60_000 })
      .toMatch(
        /^Done: \d+ denoiser calls made \(\d+ planned\) for 1 position in \d+\.\d s\. This curve so far: 7 points, \d+ calls in \d+\.\d s\.$/,
      );
  });

  it('made no request to any other origin', () => {
    expect(session.app.foreignRequests).toEqual([]);
  });
});
