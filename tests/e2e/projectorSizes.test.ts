// Issue 14, item 2: result, truth, y and error map at a size that can be judged on a projector, upscaled with
// nearest-neighbour sampling: the main result ≥ 384 CSS px at 1920×1080, ≥ 256 at 1280×800, larger in teacher mode.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser, DESKTOP, openApp, screenshot } from './harness';

const FULL_HD = { width: 1920, height: 1080 };
const IMAGES = ['result-image', 'side-truth', 'side-y', 'side-result', 'side-error'] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Shown {
  /** CSS size on screen. */
  width: number;
  height: number;
  /** The canvas's own pixels (the image's resolution once it is drawn). */
  native: number;
  rendering: string;
}

const shown = (page: Page, testId: string): Promise<Shown> =>
  page.getByTestId(testId).evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    return {
      width: box.width,
      height: box.height,
      native: canvas.width,
      rendering: getComputedStyle(canvas).imageRendering,
    };
  });

async function sizes(viewport: { width: number; height: number }, teach: boolean) {
  const app = await openApp(browser, {
    viewport,
    query: `?v=2&prior=faces64&image=face-1${teach ? '&teach=1' : ''}`,
  });
  try {
    const { page } = app;
    // The truth is drawn once the gallery image is decoded: wait for its 64 native pixels.
    await page.waitForFunction(
      () =>
        ['side-truth', 'side-y'].every(
          (id) => (document.querySelector(`[data-testid=${id}]`) as HTMLCanvasElement | null)?.width === 64,
        ),
      undefined,
      { timeout: 60_000 },
    );
    await screenshot(page, `sizes-${viewport.width}x${viewport.height}${teach ? '-teach' : ''}`);
    const result: Record<string, Shown> = {};
    for (const id of IMAGES) result[id] = await shown(page, id);
    return result;
  } finally {
    await app.context.close();
  }
}

describe('projector-size images', () => {
  const measured: Record<string, Record<string, Shown>> = {};

  beforeAll(async () => {
    measured.hd = await sizes(FULL_HD, false);
    measured.hdTeach = await sizes(FULL_HD, true);
    measured.desktop = await sizes(DESKTOP, false);
    measured.desktopTeach = await sizes(DESKTOP, true);
  }, 240_000);

  it('draws every image square and pixelated (nearest neighbour, not blurred)', () => {
    for (const [name, images] of Object.entries(measured)) {
      for (const id of IMAGES) {
        const image = images[id];
        expect(image.rendering, `${name} ${id}`).toBe('pixelated');
        expect(Math.abs(image.width - image.height), `${name} ${id}`).toBeLessThan(1);
      }
      // Truth and y are drawn at their 64 native pixels, each shown as at least 2×2 screen pixels.
      expect(images['side-truth'].native).toBe(64);
      expect(images['side-truth'].width).toBeGreaterThanOrEqual(128);
    }
  });

  it('shows the main result at ≥ 384 CSS px at 1920×1080 and ≥ 256 at 1280×800', () => {
    expect(measured.hd['result-image'].width).toBeGreaterThanOrEqual(384);
    expect(measured.desktop['result-image'].width).toBeGreaterThanOrEqual(256);
  });

  it('shows truth, y, result and error larger on a larger screen', () => {
    for (const id of ['side-truth', 'side-y', 'side-result', 'side-error'] as const) {
      expect(measured.hd[id].width, id).toBeGreaterThanOrEqual(200);
      expect(measured.hd[id].width, id).toBeGreaterThan(measured.desktop[id].width);
    }
  });

  it('draws everything larger in teacher mode', () => {
    for (const id of IMAGES) {
      expect(measured.hdTeach[id].width, id).toBeGreaterThan(measured.hd[id].width);
      expect(measured.desktopTeach[id].width, id).toBeGreaterThan(measured.desktop[id].width);
    }
    expect(measured.hdTeach['result-image'].width).toBeGreaterThanOrEqual(480);
  });
});
