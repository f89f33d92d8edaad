// Issue 14, item 1: the app opens on faces64 with a gallery face and computes at once, without a click: the bundled
// precomputed result of the same settings (marked as such) while the model loads, progress while it runs, then the
// live result. A shared link computes on open too.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesPrecomputed, parsePrecomputed } from '../../src/app/precomputed';
import { DEFAULT_SETTINGS } from '../../src/app/settings';
import { type AppPage, chartPoints, connectBrowser, openApp, screenshot } from './harness';

const bundled = parsePrecomputed(JSON.parse(readFileSync('public/precomputed/first-screen.json', 'utf8')));

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Records every state the result caption and the run section go through (with the caption's text and the time since
 * navigation): the first screen moves fast on an idle machine, reading states once could miss them.
 */
async function recordCaption(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: { state: string; text: string; at: number }[] = [];
    const runs: string[] = [];
    Object.assign(window, { captionLog: log, runLog: runs });
    const record = () => {
      const caption = document.querySelector('[data-testid=result-caption]') as HTMLElement | null;
      const last = log.at(-1);
      if (caption && (last?.state !== caption.dataset.state || last?.text !== caption.textContent))
        log.push({ state: caption.dataset.state ?? '', text: caption.textContent ?? '', at: performance.now() });
      const section = document.querySelector('[data-testid=run-section]') as HTMLElement | null;
      const progress = document.querySelector('[data-testid=progress-text]')?.textContent ?? '';
      const entry = `${section?.dataset.status ?? ''}|${progress}`;
      if (section && runs.at(-1) !== entry) runs.push(entry);
    };
    record();
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-state', 'data-status'],
    });
  });
}

const captionLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { captionLog: { state: string; text: string; at: number }[] }).captionLog);

describe('first screen', () => {
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    app = await openApp(browser);
    page = app.page;
    await recordCaption(page);
  });

  afterAll(async () => {
    await app?.context.close();
  });

  it('bundles a precomputed run of exactly the default settings', () => {
    expect(bundled).toBeDefined();
    if (!bundled) return;
    expect(matchesPrecomputed(bundled, DEFAULT_SETTINGS)).toBe(true);
    expect(bundled.settings.prior).toBe('faces64');
    expect(bundled.points.map((p) => p.knob).sort()).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('opens on faces64 with a gallery face', async () => {
    await expect.poll(() => page.locator('input[name=prior][value=faces64]').isChecked()).toBe(true);
    await page.getByTestId('measurement-y').waitFor();
    await expect.poll(() => page.getByTestId('side-truth').evaluate((c) => (c as HTMLCanvasElement).width)).toBe(64);
    await expect.poll(() => new URL(page.url()).searchParams.get('image')).toBe('face-1');
  });

  it('shows the precomputed result, marked as such, while the model loads', async () => {
    await expect
      .poll(async () => (await captionLog(page)).some((entry) => entry.state === 'precomputed'), { timeout: 60_000 })
      .toBe(true);
    const shown = (await captionLog(page)).find((entry) => entry.state === 'precomputed');
    expect(shown?.text).toMatch(/^Precomputed \(bundled, same settings\): t0 = 0 · PSNR \d+\.\d+ dB/);
    const psnr = Number(/PSNR (\d+\.\d+)/.exec(shown?.text ?? '')?.[1]);
    expect(psnr).toBeCloseTo(bundled?.points[0].metrics.psnr ?? Number.NaN, 1);
  });

  it('starts the run without a click, with its progress on screen', async () => {
    const runLog = () => page.evaluate(() => (window as unknown as { runLog: string[] }).runLog);
    await expect
      .poll(async () => (await runLog()).some((entry) => /^running\|\d+ \/ \d+ denoiser calls/.test(entry)), {
        timeout: 120_000,
      })
      .toBe(true);
    await screenshot(page, 'first-screen-running');
  });

  it('replaces it with the live result, which the precomputed one agrees with (same solver and settings)', async () => {
    await page.getByTestId('result-caption').and(page.locator('[data-state=computed]')).waitFor({ timeout: 180_000 });
    const log = await captionLog(page);
    const computed = log.find((entry) => entry.state === 'computed');
    expect(computed?.text).toMatch(/^t0 = 0 · PSNR/);
    const states = log.map((entry) => entry.state);
    expect(states.indexOf('precomputed')).toBeLessThan(states.indexOf('computed'));
    console.log(`first screen: first computed result ${((computed?.at ?? 0) / 1000).toFixed(1)} s after navigation`);
    await page.locator('[data-testid=run-section][data-status=done]').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('run-message').textContent()).toMatch(/Done/);
    // onnxruntime-web here, onnxruntime-node for the bundled run: the same numbers up to float rounding.
    const points = await chartPoints(page);
    expect(points.size).toBe(6);
    for (const point of bundled?.points ?? [])
      expect(Math.abs((points.get(point.knob)?.psnr ?? Number.NaN) - point.metrics.psnr)).toBeLessThan(0.3);
    await screenshot(page, 'first-screen-computed');
    expect(app.foreignRequests).toEqual([]);
  });
});

describe('shared link', () => {
  it('computes on open, without a click', async () => {
    const shared = await openApp(browser, {
      query: '?v=2&prior=fashion32&image=garment&method.method=ddrm&method.preset=fast&seed=3',
    });
    try {
      const { page } = shared;
      await page.locator('[data-testid=run-section][data-status=done]').waitFor({ timeout: 180_000 });
      expect(await page.getByTestId('run-message').textContent()).toMatch(/Done/);
      expect(await page.getByTestId('result-caption').getAttribute('data-state')).toBe('computed');
      expect(shared.foreignRequests).toEqual([]);
    } finally {
      await shared.context.close();
    }
  });

  it('run=0 opens without computing', async () => {
    const idle = await openApp(browser, { query: '?v=2&prior=sandbox&image=gaussian-prior-sample&run=0' });
    try {
      const { page } = idle;
      await page
        .getByTestId('model-status')
        .filter({ hasText: /no model file/ })
        .waitFor();
      await page.getByTestId('measurement-y').waitFor();
      await expect.poll(() => page.getByTestId('run').isEnabled()).toBe(true);
      await page.waitForTimeout(1000);
      expect(await page.getByTestId('run-section').getAttribute('data-status')).toBe('idle');
    } finally {
      await idle.context.close();
    }
  });
});

describe('switching the prior', () => {
  it("replaces another model's gallery image with the new model's own image, and keeps a photo", async () => {
    const app = await openApp(browser, { query: '?v=2&prior=faces64&image=face-1&run=0' });
    // A model load and a photo decode run between the steps; on a loaded machine they take seconds.
    const LOADED = { timeout: 30_000 };
    try {
      const { page } = app;
      const image = () => new URL(page.url()).searchParams.get('image');
      const choose = (prior: string) => page.locator(`label:has(input[name=prior][value=${prior}])`).click();
      await page.getByTestId('measurement-y').waitFor();
      await choose('fashion32');
      await expect.poll(image, LOADED).toBe('fashion32-sample0');
      await expect
        .poll(() => page.getByTestId('side-truth').evaluate((c) => (c as HTMLCanvasElement).width), LOADED)
        .toBe(32);
      await choose('faces64');
      await expect.poll(image, LOADED).toBe('face-1');
      await page.locator('.gallery-item:has(img[alt="Astronaut Eileen Collins"])').click();
      await expect.poll(image, LOADED).toBe('astronaut');
      await choose('fashion32');
      await expect.poll(() => new URL(page.url()).searchParams.get('prior'), LOADED).toBe('fashion32');
      await page.waitForTimeout(500);
      expect(image()).toBe('astronaut');
    } finally {
      await app.context.close();
    }
  });
});
