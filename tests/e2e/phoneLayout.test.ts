// Issue 14, item 7: on a phone (390×844) the result, Run and the image come first and the settings below; no control
// overlaps another (the seed's "?" used to cover the dice button), and nothing scrolls sideways.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppPage, connectBrowser, DESKTOP, openApp, PHONE, screenshot, seriousViolations } from './harness';

let browser: Browser;
let app: AppPage;
let page: Page;

beforeAll(async () => {
  browser = await connectBrowser();
  app = await openApp(browser, { viewport: PHONE, query: '?v=2&prior=faces64&image=face-1&run=0' });
  page = app.page;
  await page.getByTestId('measurement-y').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await app?.context.close();
  await browser?.close();
});

/** Top of an element in page coordinates (CSS px from the top of the document). */
const top = (p: Page, selector: string) =>
  p
    .locator(selector)
    .first()
    .evaluate((e) => e.getBoundingClientRect().top + window.scrollY);

const section = (heading: string) => `section[aria-labelledby=${heading}]`;

describe('phone layout (390×844)', () => {
  it('puts the result, Run and the image near the top and the settings below them', async () => {
    await screenshot(page, 'phone-first-screen');
    const result = await top(page, '[data-testid=result-image]');
    const run = await top(page, '[data-testid=run]');
    const image = await top(page, section('image-heading'));
    // The result starts on the first screen, Run within the second, the image section right after.
    expect(result).toBeLessThan(PHONE.height / 2);
    expect(run).toBeLessThan(PHONE.height * 1.25);
    expect(image).toBeGreaterThan(run);
    expect(image).toBeLessThan(PHONE.height * 1.5);
    for (const settings of ['lesson-heading', 'prior-heading', 'degradation-heading', 'method-heading']) {
      expect(await top(page, section(settings)), settings).toBeGreaterThan(image);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it('the seed help button does not overlap the dice button (phone and desktop)', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      const boxes = await page.evaluate(() => {
        const box = (e: Element | null) => {
          const r = e?.getBoundingClientRect();
          return r ? { x: r.x, y: r.y, width: r.width, height: r.height } : undefined;
        };
        return {
          dice: box(document.querySelector('button.dice')),
          help: box(document.querySelector('button.help[data-help=seed]')),
        };
      });
      const { dice, help } = boxes;
      if (!dice || !help) throw new Error('seed controls not found');
      const overlap =
        dice.x < help.x + help.width &&
        help.x < dice.x + dice.width &&
        dice.y < help.y + help.height &&
        help.y < dice.y + dice.height;
      expect(overlap, `${viewport.width}×${viewport.height}`).toBe(false);
    }
    await page.setViewportSize(PHONE);
  });

  it('has no serious or critical accessibility violation', async () => {
    expect(await seriousViolations(page)).toEqual([]);
    expect(app.foreignRequests).toEqual([]);
  });
});
