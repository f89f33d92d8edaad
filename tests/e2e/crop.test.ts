// Issue 14, item 6: on an uploaded photo the square crop can be moved and zoomed, by pointer and by keyboard, and the
// thumbnail shows where it is; the ground truth (and so y) follows the crop.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSession, canvasPixels, FASHION_START, screenshot, seriousViolations, upload } from './harness';

const session = appSession(`${FASHION_START.replace('prior=fashion32', 'prior=faces64')}`);
let page: Page;

beforeAll(() => {
  ({ page } = session);
});

const box = (p: Page) => p.getByTestId('crop-box');
const crop = async (p: Page) => ({
  left: Number(await box(p).getAttribute('data-left')),
  top: Number(await box(p).getAttribute('data-top')),
  side: Number(await box(p).getAttribute('data-side')),
});
const caption = (p: Page) => p.locator('.crop-source figcaption');

describe('crop of an uploaded photo', () => {
  it('a portrait: the keyboard moves the crop up and down, Home centres it, the truth follows', async () => {
    await upload(page, 'exif-rotated.jpg'); // shown 40×60 (EXIF orientation applied)
    await caption(page).filter({ hasText: 'exif-rotated.jpg: 40×60, centre crop 40×40' }).waitFor();
    expect(await crop(page)).toEqual({ left: 0, top: 10, side: 40 });
    const centred = await canvasPixels(page, 'truth-thumb');
    const boxTop = () => box(page).evaluate((e) => (e as HTMLElement).style.top);
    const centredTop = await boxTop();
    await box(page).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await crop(page)).top).toBe(0);
    await expect.poll(() => caption(page).textContent()).toMatch(/crop at \(0, 0\) 40×40/);
    // The thumbnail shows the moved box, the truth is the new crop, and the D-P slider did not take the keys.
    expect(await boxTop()).not.toBe(centredTop);
    await expect.poll(() => canvasPixels(page, 'truth-thumb')).not.toBe(centred);
    expect(await page.getByTestId('dp-slider').inputValue()).toBe('0');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => (await crop(page)).top).toBe(1);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await crop(page)).top).toBe(10);
    await expect.poll(() => canvasPixels(page, 'truth-thumb')).toBe(centred);
  });

  it('a larger photo: zoom in (keys, button, wheel) and drag the crop with the pointer', async () => {
    await page.getByTestId('file-input').setInputFiles(path.resolve('public/gallery/astronaut.jpg'));
    await caption(page).filter({ hasText: 'astronaut.jpg: 192×192, centre crop 192×192' }).waitFor();
    expect(await page.getByTestId('crop-zoom-out').isDisabled()).toBe(true);
    await box(page).focus();
    await page.keyboard.press('+');
    await expect.poll(async () => (await crop(page)).side).toBe(154);
    await page.getByTestId('crop-zoom-in').click();
    await expect.poll(async () => (await crop(page)).side).toBe(123);
    await box(page).dispatchEvent('wheel', { deltaY: -100, bubbles: true });
    await expect.poll(async () => (await crop(page)).side).toBe(98);
    // Zoomed about the centre.
    const zoomed = await crop(page);
    expect(zoomed.top).toBe(zoomed.left);
    expect(Math.abs(zoomed.left - (192 - 98) / 2)).toBeLessThanOrEqual(1);
    // Drag the box to the top left corner: it stops at the image's edge.
    const frame = await box(page).boundingBox();
    if (!frame) throw new Error('crop box not visible');
    await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
    await page.mouse.down();
    await page.mouse.move(frame.x - 200, frame.y - 200, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => crop(page)).toEqual({ left: 0, top: 0, side: 98 });
    await expect.poll(() => caption(page).textContent()).toMatch(/astronaut\.jpg: 192×192, crop at \(0, 0\) 98×98/);
    // Zoom stops at 4×.
    await box(page).focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press('+');
    await expect.poll(async () => (await crop(page)).side).toBe(48);
    expect(await page.getByTestId('crop-zoom-in').isDisabled()).toBe(true);
    await screenshot(page, 'crop-zoomed');
    expect(await seriousViolations(page)).toEqual([]);
    expect(session.app.foreignRequests).toEqual([]);
  });
});
