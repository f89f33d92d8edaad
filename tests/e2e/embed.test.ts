// Issue 14, item 8: `?embed=1` shows the result, its slider and the D-P chart only (for slides and iframes), computes
// on open like any link, and the link builder makes such links (and the iframe HTML).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser, openApp, screenshot, seriousViolations } from './harness';

const QUERY = '?v=2&prior=sandbox&image=gaussian-prior-sample&method.method=map-rps&method.preset=fast&seed=4&run=0';

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('?embed=1', () => {
  let link = '';

  it('is in the link builder, with the HTML of an iframe', async () => {
    const app = await openApp(browser, { query: QUERY });
    try {
      const { page } = app;
      await page.getByTestId('measurement-y').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('share-link').inputValue()).not.toContain('embed=1');
      await page.getByTestId('share-embed').check();
      await expect.poll(() => page.getByTestId('share-link').inputValue()).toContain('embed=1');
      link = await page.getByTestId('share-link').inputValue();
      expect(link).toMatch(/prior=sandbox.*seed=4.*&embed=1$/);
      expect(await page.getByTestId('share-iframe').inputValue()).toContain(`<iframe src="${link}"`);
    } finally {
      await app.context.close();
    }
  });

  it('opens on the result, its slider and the chart only, and computes them', async () => {
    const embedded = await openApp(browser, { query: link.slice(link.indexOf('?')) });
    try {
      const { page } = embedded;
      expect(await page.getByTestId('app').getAttribute('data-embed')).toBe('true');
      await page.locator('[data-testid=dp-chart][data-points="6"]').waitFor({ timeout: 120_000 });
      await page.getByTestId('result-caption').and(page.locator('[data-state=computed]')).waitFor();
      for (const shown of ['result-image', 'dp-slider', 'dp-chart'])
        expect(await page.getByTestId(shown).isVisible(), shown).toBe(true);
      for (const hidden of ['run', 'file-input', 'degradation-kind', 'method', 'share-export', 'side-truth', 'backend'])
        expect(await page.getByTestId(hidden).count(), hidden).toBe(0);
      expect(await page.locator('input[name=prior]').count()).toBe(0);
      // The slider moves through the computed points, and the page's link keeps the embedded view.
      await page.getByTestId('dp-slider').focus();
      await page.keyboard.press('End');
      await expect.poll(() => page.getByTestId('result-caption').textContent()).toMatch(/^t0 = \d+ ·/);
      await expect.poll(() => new URL(page.url()).searchParams.get('slider')).toBe('10');
      expect(new URL(page.url()).searchParams.get('embed')).toBe('1');
      await screenshot(page, 'embed');
      expect(await seriousViolations(page)).toEqual([]);
      expect(embedded.foreignRequests).toEqual([]);
      expect(embedded.errors).toEqual([]);
    } finally {
      await embedded.context.close();
    }
  });
});
