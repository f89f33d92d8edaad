// Every bad input of the app issue gets its own message, and the app keeps its state and keeps working.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AppPage,
  appSession,
  FIXTURES,
  openApp,
  PHONE,
  runAndWait,
  screenshot,
  upload,
  waitForModel,
} from './harness';

const session = appSession();
let page: Page;

beforeAll(async () => {
  ({ page } = session);
  await upload(page, 'garment.png');
  await page.locator('figcaption', { hasText: 'garment.png: 96×96' }).waitFor();
});

const imageMessage = (p: Page) => p.getByTestId('image-message');
const cropCaption = (p: Page) => p.locator('.crop-source figcaption');

/** Sends a fixture to the page as a File in a DataTransfer, through a drop on the drop zone or a paste. */
async function deliver(p: Page, file: string, how: 'drop' | 'paste'): Promise<void> {
  const bytes = [...readFileSync(path.join(FIXTURES, file))];
  await p.evaluate(
    ({ bytes, name, how }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
      if (how === 'drop') {
        document
          .querySelector('.dropzone')
          ?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }));
      } else {
        window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
      }
    },
    { bytes, name: file, how },
  );
}

describe('image input', () => {
  it('accepts a dropped file', async () => {
    await deliver(page, 'alpha.png', 'drop');
    await cropCaption(page).filter({ hasText: 'alpha.png: 64×64' }).waitFor();
  });

  it('accepts a pasted image', async () => {
    await deliver(page, 'garment.png', 'paste');
    await cropCaption(page).filter({ hasText: 'garment.png: 96×96' }).waitFor();
  });
});
const notes = async (p: Page) => (await p.getByTestId('image-note').allTextContents()).join('\n');

describe('refused uploads keep the current image', () => {
  it.each([
    ['not-an-image.txt', /not-an-image\.txt is not an image \(it is a text file\)/],
    ['empty.png', /empty\.png is empty \(0 bytes\)/],
    ['truncated.jpg', /truncated\.jpg is a damaged JPEG file: .*truncated/],
    ['truncated.png', /truncated\.png is a damaged PNG file: .*truncated/],
    ['corrupt.png', /corrupt\.png is a damaged PNG file: its IDAT chunk fails its checksum/],
    ['vector.svg', /vector\.svg is an SVG vector drawing.*export it as PNG or JPEG/],
    ['tiny-1x1.png', /only 1×1 pixels; images need at least 16×16/],
    ['tiny-8x8.png', /only 8×8 pixels; images need at least 16×16/],
    ['huge-12000x12000.png', /12000×12000 pixels \(144 megapixels\); the limit is 50 megapixels/],
  ])('%s', async (file, message) => {
    await upload(page, file);
    await expect.poll(async () => (await imageMessage(page).textContent()) ?? '').toMatch(message);
    expect(await cropCaption(page).textContent()).toMatch(/^garment\.png: 96×96/);
  });
});

describe('accepted uploads say what was converted', () => {
  it.each([
    ['animated.gif', /Animated GIF \(3 frames\): only the first frame is used/],
    ['grayscale.jpg', /^$/],
    ['cmyk.jpg', /CMYK JPEG: converted to RGB by the browser/],
    ['alpha.png', /Transparent pixels are composited on black/],
    ['exif-rotated.jpg', /EXIF orientation applied: stored 60×40, shown 40×60 \(rotated 90° clockwise\)/],
  ])('%s', async (file, note) => {
    await upload(page, file);
    await cropCaption(page).filter({ hasText: file }).waitFor();
    expect(await imageMessage(page).count()).toBe(0);
    expect(await notes(page)).toMatch(note);
  });

  it('says a colour image is turned into gray for the one-channel model', async () => {
    expect(await notes(page)).toMatch(/Colour image: converted to grayscale/);
    await screenshot(page, 'desktop-3-upload-notes');
  });
});

describe('degradation settings that cannot or should not run', () => {
  it('refuses a blur kernel larger than the image', async () => {
    await page.getByTestId('degradation-kind').selectOption('blur-box');
    await page.getByTestId('kernel-size').fill('41');
    expect(await page.getByTestId('degradation-error').textContent()).toMatch(
      /The 41×41 blur kernel is larger than the 32×32 image; choose a kernel of at most 31×31/,
    );
    expect(await page.getByTestId('run').isDisabled()).toBe(true);
    await page.getByTestId('kernel-size').fill('5');
    expect(await page.getByTestId('degradation-error').count()).toBe(0);
  });

  it('warns about masks hiding 0% or 100% of the image', async () => {
    await page.getByTestId('degradation-kind').selectOption('inpaint-random');
    await page.getByTestId('missing-fraction').fill('1');
    expect(await page.getByTestId('degradation-note').textContent()).toMatch(/The mask hides every pixel/);
    await page.getByTestId('missing-fraction').fill('0');
    expect(await page.getByTestId('degradation-note').textContent()).toMatch(/The mask hides no pixel/);
  });

  it('explains σ_y = 0 and still runs', async () => {
    await page.getByTestId('degradation-kind').selectOption('denoise');
    await page.getByTestId('sigma-y').fill('0');
    expect(await page.getByTestId('degradation-note').textContent()).toMatch(/σ_y = 0: a noiseless measurement/);
    await page.getByTestId('method').selectOption('ddrm');
    expect(await runAndWait(page)).toMatch(/Done/);
    await page.getByTestId('sigma-y').fill('0.05');
  });
});

describe('models that fail', () => {
  /** Serves a stand-in model file as faces64, with a card that describes it (so its bytes pass the checks). */
  async function withFakeFaces64(model: string): Promise<AppPage> {
    const bytes = readFileSync(path.join(FIXTURES, model));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const card = JSON.stringify({ name: 'faces64', channels: 3, native_resolution: 64, bytes: bytes.length, sha256 });
    const fake = await openApp(session.browser, { query: '?v=1&prior=sandbox&run=0' });
    await fake.context.route('**/models/faces64.json', (route) =>
      route.fulfill({ body: card, contentType: 'application/json' }),
    );
    await fake.context.route('**/models/faces64.onnx', (route) =>
      route.fulfill({ body: bytes, contentType: 'application/octet-stream' }),
    );
    return fake;
  }

  it('reports a model file that fails to load, and the other priors keep working', async () => {
    const fake = await withFakeFaces64('broken-model.onnx');
    try {
      await fake.page.getByRole('radio', { name: /faces64/ }).check();
      const error = fake.page.getByTestId('model-error');
      await error.waitFor({ timeout: 60_000 });
      expect(await error.textContent()).toMatch(/Model faces64 failed to load: onnxruntime could not read the model/);
      expect(await fake.page.getByTestId('run').isDisabled()).toBe(true);
      await screenshot(fake.page, 'desktop-4-model-failed');
      await fake.page.getByRole('radio', { name: /Gaussian sandbox/ }).check();
      await waitForModel(fake.page);
      await fake.page.getByTestId('method').selectOption('ddrm');
      expect(await runAndWait(fake.page)).toMatch(/Done/);
      expect(fake.foreignRequests).toEqual([]);
    } finally {
      await fake.context.close();
    }
  });

  it('stops a solver that produces NaN, reports it and shows no result', async () => {
    const fake = await withFakeFaces64('nan-model.onnx');
    try {
      await fake.page.getByRole('radio', { name: /faces64/ }).check();
      await waitForModel(fake.page);
      await fake.page.getByTestId('method').selectOption('ddrm');
      expect(await runAndWait(fake.page)).toMatch(/The solver produced NaN or infinite values and was stopped/);
      expect(await fake.page.getByTestId('result-caption').getAttribute('data-state')).not.toBe('computed');
      expect(await fake.page.getByTestId('dp-chart').getAttribute('data-points')).toBe('0');
    } finally {
      await fake.context.close();
    }
  });
});

describe('Gaussian sandbox', () => {
  it('draws the theoretical optimal frontier with the computed curve', async () => {
    const sandbox = await openApp(session.browser, {
      query: '?v=1&prior=sandbox&image=gaussian-prior-sample&method.method=map-rps&method.preset=fast&run=0',
    });
    try {
      await waitForModel(sandbox.page);
      await cropCaption(sandbox.page).filter({ hasText: 'Gaussian prior sample' }).waitFor();
      expect(await runAndWait(sandbox.page)).toMatch(/Done/);
      expect(await sandbox.page.locator('[data-testid=dp-chart] .recharts-scatter-line').count()).toBe(2);
      expect(await sandbox.page.getByTestId('points-table').locator('td[data-metric=w2]').count()).toBe(6);
      await screenshot(sandbox.page, 'desktop-5-sandbox');
      await sandbox.page.setViewportSize(PHONE);
      await screenshot(sandbox.page, 'phone-2-sandbox');
    } finally {
      await sandbox.context.close();
    }
  });
});

it('made no request to any other origin', () => {
  expect(session.app.foreignRequests).toEqual([]);
});
