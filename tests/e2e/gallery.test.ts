// Issue 13, item 5: faces64's gallery shows real held-out face photos (UTKFace's validation split, with its licence
// and attribution in the About box and each thumbnail's tooltip); the Prior sample button shows what the prior draws.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppPage, canvasPixels, connectBrowser, openApp } from './harness';

// Decoding an image, loading a model or switching the prior takes seconds on a loaded machine: poll, never read once.
const SETTLED = { timeout: 30_000 };
const UTKFACE_LICENCE = /UTKFace: non-commercial research and education only; photo copyright stays with its owner/;

let browser: Browser;
let app: AppPage;
let page: Page;

beforeAll(async () => {
  browser = await connectBrowser();
  app = await openApp(browser, { query: '?v=2&prior=faces64&image=face-1&run=0' });
  page = app.page;
});

afterAll(async () => {
  await app?.context.close();
  await browser?.close();
});

const image = () => new URL(page.url()).searchParams.get('image');
const truthWidth = () => page.getByTestId('side-truth').evaluate((c) => (c as HTMLCanvasElement).width);
const faceThumbs = () => page.locator('.gallery-item img[alt^="Face photo "]');

describe('gallery of real face photos', () => {
  it('shows the face photos, loaded, with their source and licence in the tooltip, and no model sample', async () => {
    await expect.poll(() => faceThumbs().count(), SETTLED).toBe(8);
    await expect
      .poll(
        () => faceThumbs().evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth)),
        SETTLED,
      )
      .toEqual(Array(8).fill(64));
    const titles = await page
      .locator('.gallery-item:has(img[alt^="Face photo "])')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('title') ?? ''));
    for (const title of titles) {
      expect(title).toMatch(/UTKFace validation split \(Zhang, Song & Qi 2017\)/);
      expect(title).toMatch(UTKFACE_LICENCE);
    }
    // The model's draw backs the Prior sample button only; no thumbnail is a faces64 sample.
    expect(await page.locator('.gallery-item img[alt^="faces64"]').count()).toBe(0);
    await expect.poll(image, SETTLED).toBe('face-1');
    await page
      .locator('.gallery-item[aria-pressed=true]:has(img[alt="Face photo 1 (UTKFace validation)"])')
      .waitFor(SETTLED);
    await expect.poll(truthWidth, SETTLED).toBe(64);
  });

  it("lists UTKFace's licence and attribution in the About box", async () => {
    await page.locator('details.about summary').click();
    const about = page.getByTestId('about-faces');
    await about.waitFor({ state: 'visible', ...SETTLED });
    await expect
      .poll(() => about.textContent(), SETTLED)
      .toMatch(/validation split of UTKFace \(Zhang, Song & Qi, .*CVPR 2017\), which faces64 never trained on/);
    expect(await about.textContent()).toMatch(/non-commercial research and education only/);
    expect(await about.textContent()).toMatch(/copyright of each photo stays with its\s+owner/);
    await expect
      .poll(
        () => page.locator('.about-body li').filter({ hasText: 'Face photo 1 (UTKFace validation)' }).textContent(),
        SETTLED,
      )
      .toMatch(UTKFACE_LICENCE);
    await page.locator('details.about summary').click();
  });

  it("the Prior sample button shows the model's own draw, and on the sandbox a draw made in the page", async () => {
    const button = page.getByTestId('prior-sample');
    await expect.poll(() => button.getAttribute('title'), SETTLED).toMatch(/what the faces64 prior draws/);
    const photo = await canvasPixels(page, 'side-truth');
    await button.click();
    await expect.poll(image, SETTLED).toBe('faces64-sample0');
    await expect.poll(() => button.getAttribute('aria-pressed'), SETTLED).toBe('true');
    await expect.poll(truthWidth, SETTLED).toBe(64);
    await expect.poll(() => canvasPixels(page, 'side-truth'), SETTLED).not.toBe(photo);

    await page.locator('label:has(input[name=prior][value=sandbox])').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('prior'), SETTLED).toBe('sandbox');
    await expect
      .poll(() => button.getAttribute('title'), SETTLED)
      .toMatch(/Gaussian sandbox prior, drawn in this page/);
    await button.click();
    await expect.poll(image, SETTLED).toBe('gaussian-prior-sample');
    await expect.poll(truthWidth, SETTLED).toBe(32);
    await expect.poll(() => button.getAttribute('aria-pressed'), SETTLED).toBe('true');
    expect(app.foreignRequests).toEqual([]);
  });
});
