// Issue 14, item 9: the mask painter has an eraser and a rectangle tool besides the brush; every edit changes y and
// can be undone.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSession, canvasPixels, FASHION_START, screenshot, seriousViolations } from './harness';

const session = appSession(`${FASHION_START}&degradation.kind=inpaint-brush`);
let page: Page;

beforeAll(async () => {
  ({ page } = session);
  await page.getByTestId('paint-surface').waitFor({ timeout: 60_000 });
});

const painted = async (p: Page) =>
  Number(
    /(\d+)% painted/.exec((await p.locator('.mask-painter span', { hasText: '% painted' }).textContent()) ?? '')?.[1],
  );
const chooseTool = (p: Page, tool: string) => p.locator(`label:has(input[name=mask-tool][value=${tool}])`).click();

/** Drags over the paint surface between two points given as fractions of its size. */
async function drag(p: Page, from: [number, number], to: [number, number]) {
  await p.getByTestId('paint-surface').scrollIntoViewIfNeeded();
  const box = await p.getByTestId('paint-surface').boundingBox();
  if (!box) throw new Error('paint surface not visible');
  await p.mouse.move(box.x + from[0] * box.width, box.y + from[1] * box.height);
  await p.mouse.down();
  await p.mouse.move(box.x + to[0] * box.width, box.y + to[1] * box.height, { steps: 6 });
  await p.mouse.up();
}

describe('mask tools', () => {
  it('the rectangle tool paints the box dragged out', async () => {
    expect(await painted(page)).toBe(0);
    const emptyY = await canvasPixels(page, 'measurement-y');
    await chooseTool(page, 'rectangle');
    await expect.poll(() => page.getByTestId('paint-surface').getAttribute('data-tool')).toBe('rectangle');
    // A quarter of the image: 16×16 of the 32×32 pixels, give or take the pixels at its edges.
    await drag(page, [0.25, 0.25], [0.75, 0.75]);
    await expect.poll(() => painted(page)).toBeGreaterThanOrEqual(23);
    expect(await painted(page)).toBeLessThanOrEqual(28);
    await expect.poll(() => canvasPixels(page, 'measurement-y')).not.toBe(emptyY);
  });

  it('the eraser takes pixels out of the mask, and Undo puts them back', async () => {
    const before = await painted(page);
    const rectangleY = await canvasPixels(page, 'measurement-y');
    await chooseTool(page, 'eraser');
    await drag(page, [0.2, 0.5], [0.8, 0.5]); // across the middle of the rectangle
    await expect.poll(() => painted(page)).toBeLessThan(before);
    expect(await painted(page)).toBeGreaterThan(0);
    await expect.poll(() => canvasPixels(page, 'measurement-y')).not.toBe(rectangleY);
    await screenshot(page, 'mask-tools');
    await page.getByTestId('mask-undo').click();
    await expect.poll(() => painted(page)).toBe(before);
    await expect.poll(() => canvasPixels(page, 'measurement-y')).toBe(rectangleY);
  });

  it('the brush still paints', async () => {
    const before = await painted(page);
    await chooseTool(page, 'brush');
    await drag(page, [0.05, 0.05], [0.05, 0.95]); // down the left edge, outside the rectangle
    await expect.poll(() => painted(page)).toBeGreaterThan(before);
    expect(await seriousViolations(page)).toEqual([]);
    expect(session.app.foreignRequests).toEqual([]);
  });
});
