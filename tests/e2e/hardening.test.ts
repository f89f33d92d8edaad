// Issue 19 in the browser: a seeded sample of fuzzed links never blanks the page or throws, names every corrected
// field in the link's message line and shows exactly the settings it runs with; the last image choice wins over a
// slow earlier decode; the link's notes outlive the images shown in their place; an error planted in a panel shows
// its error boundary instead of a blank page; and the page refuses to be framed by another origin.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsProblems } from '../../src/app/schema';
import type { Settings } from '../../src/app/settings';
import { settingsFromQuery } from '../../src/app/urlState';
import { fuzzLinks, ISSUE_LINKS } from '../fuzz/settingsFuzz';
import { type AppPage, connectBrowser, FIXTURES, openApp, upload, waitForModel } from './harness';

/** Asynchronous UI states get this long (model loads and decodes on a loaded 2-core machine). */
const LONG = { timeout: 30_000, interval: 100 };

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The settings as the page shows them: the selected options and the values written beside the sliders. */
async function shownSettings(page: Page) {
  return page.evaluate(() => {
    const control = (id: string) => document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`);
    const output = (id: string) => control(id)?.closest('.field')?.querySelector('output')?.textContent ?? undefined;
    return {
      prior: document.querySelector<HTMLInputElement>('input[name=prior]:checked')?.value,
      kind: control('degradation-kind')?.value,
      method: control('method')?.value,
      preset: control('preset')?.value,
      seed: control('seed')?.value,
      sigmaY: output('sigma-y'),
      blurStd: output('blur-std'),
      kernelSize: output('kernel-size'),
      motionIntensity: output('motion-intensity'),
      boxFraction: output('box-fraction'),
      missingFraction: output('missing-fraction'),
    };
  });
}

/** What the page must show for these settings (fields the current degradation hides are absent). */
function expectedShown(settings: Settings, teach = false) {
  const d = settings.degradation;
  const percent = (v: number) => `${Math.round(v * 100)}%`;
  return {
    prior: settings.prior,
    kind: d.kind,
    method: settings.method.method,
    preset: teach ? undefined : settings.method.preset,
    seed: teach ? undefined : String(settings.seed),
    sigmaY: String(d.sigmaY),
    blurStd: d.kind === 'blur-gaussian' ? String(d.blurStd) : undefined,
    kernelSize: d.kind.startsWith('blur-') && !teach ? `${d.kernelSize}×${d.kernelSize}` : undefined,
    motionIntensity: d.kind === 'blur-motion' ? String(d.motionIntensity) : undefined,
    boxFraction: d.kind === 'inpaint-box' ? `${percent(d.boxFraction)} of the side` : undefined,
    missingFraction: d.kind === 'inpaint-random' ? percent(d.missingFraction) : undefined,
  };
}

describe('fuzzed links (a bounded, seeded sample)', () => {
  // The issue's own cases, then generated links from the schema's ranges and just outside them.
  const links = [
    ...ISSUE_LINKS.map(({ query, field }) => ({ query, corrected: [field] })),
    ...fuzzLinks(2019, 10).map(({ query, corrected }) => ({ query, corrected })),
  ];

  it(`opens ${links.length} links: never blank, no uncaught error, every correction named, settings shown as read`, async () => {
    const app = await openApp(browser, { query: '?v=2&prior=sandbox&run=0' });
    try {
      for (const link of links) {
        const query = `?${link.query}&run=0`;
        await app.page.goto(`${app.origin}/${query}`);
        const { settings, notes } = settingsFromQuery(query);
        expect(settingsProblems(settings)).toEqual([]);
        await app.page.getByTestId('degradation-kind').waitFor(LONG);
        expect(await app.page.getByTestId('error-boundary').count(), query).toBe(0);
        if (link.corrected.length > 0) {
          const message = (await app.page.getByTestId('link-message').textContent(LONG)) ?? '';
          for (const field of link.corrected) expect(message, query).toContain(field);
        }
        if (notes.length === 0) expect(await app.page.getByTestId('link-message').count(), query).toBe(0);
        await expect.poll(() => shownSettings(app.page), LONG).toEqual(expectedShown(settings));
      }
      expect(app.errors).toEqual([]);
      expect(app.foreignRequests).toEqual([]);
    } finally {
      await app.context.close();
    }
  });

  it('runs exactly the settings it shows: a corrected link, and a single-output method in teacher mode', async () => {
    const query =
      '?v=2&prior=sandbox&image=gaussian-prior-sample&method.method=dps&teach=1&seed=-1&degradation.kind=denoise&degradation.sigmaY=1e30&degradation.noiseSeed=1.5';
    const app = await openApp(browser, { query });
    try {
      const { page } = app;
      const { settings } = settingsFromQuery(query);
      expect(settings.method.method).toBe('dps');
      // The request the worker got, as the run section records it when it sends it.
      await page.locator('[data-testid=run-section][data-request]').waitFor(LONG);
      const request = JSON.parse((await page.getByTestId('run-section').getAttribute('data-request')) ?? '{}');
      expect(request).toEqual({
        prior: 'sandbox',
        degradation: { ...settings.degradation, sigmaY: 0.5, noiseSeed: 2 },
        method: 'dps',
        preset: settings.method.preset,
        samples: settings.method.samples,
        seed: 0,
      });
      expect(await shownSettings(page)).toEqual(expectedShown(settings, true));
      expect(await page.getByTestId('method').locator('option:checked').textContent()).toBe('DPS');
      const message = (await page.getByTestId('link-message').textContent()) ?? '';
      for (const field of ['seed', 'degradation.sigmaY', 'degradation.noiseSeed']) expect(message).toContain(field);
      expect(app.errors).toEqual([]);
    } finally {
      await app.context.close();
    }
  });
});

/** A 7000×7000 RGB PNG (49 megapixels, under the 50 MP limit, as in the issue): small to send, slow to decode. */
function hugePng(): Buffer {
  const side = 7000;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const stride = 3 * side + 1;
  const rows = Buffer.alloc(stride * side, 0x80);
  for (let y = 0; y < side; y++) rows[y * stride] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Drops these files on the drop zone one after the other in the same task, so every later choice is made while the
 * earlier ones are still decoding.
 */
async function dropInOrder(page: Page, files: { name: string; bytes: Buffer }[]): Promise<void> {
  await page.evaluate(
    (list) => {
      for (const { name, base64 } of list) {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name, { type: name.endsWith('.png') ? 'image/png' : 'text/plain' }));
        document
          .querySelector('.dropzone')
          ?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }));
      }
    },
    files.map(({ name, bytes }) => ({ name, base64: bytes.toString('base64') })),
  );
}

describe('image choices', () => {
  let app: AppPage;
  let page: Page;
  const big = { name: 'huge-photo.png', bytes: hugePng() };
  const fixture = (name: string) => ({ name, bytes: readFileSync(path.join(FIXTURES, name)) });
  const caption = () => page.locator('.crop-source figcaption');
  const uploadedName = () => new URL(page.url()).searchParams.get('image');
  /** How long the big file takes to land when nothing races it (measured once). */
  let decodeMs = 0;

  beforeAll(async () => {
    app = await openApp(browser, { query: '?v=2&prior=fashion32&image=garment&run=0' });
    page = app.page;
    await waitForModel(page);
    await caption().filter({ hasText: 'Drawn T-shirt' }).waitFor(LONG);
    const started = Date.now();
    await dropInOrder(page, [big]);
    await caption().filter({ hasText: 'huge-photo.png: 7000×7000' }).waitFor({ timeout: 60_000 });
    decodeMs = Date.now() - started;
    await upload(page, 'alpha.png');
    await caption().filter({ hasText: 'alpha.png' }).waitFor(LONG);
  });
  afterAll(async () => {
    await app?.context.close();
  });

  it('the last upload wins over a slower earlier one', async () => {
    // The big file, then at once a small one: the small one must stay, and the URL name it.
    await dropInOrder(page, [big, fixture('garment.png')]);
    await caption().filter({ hasText: 'garment.png: 96×96' }).waitFor(LONG);
    await expect.poll(uploadedName, LONG).toBe('upload:garment.png');
    // Give the big decode twice its unraced time (and a margin) to land, were it allowed to.
    await page.waitForTimeout(2 * decodeMs + 1000);
    expect(await caption().textContent()).toMatch(/^garment\.png: 96×96/);
    expect(uploadedName()).toBe('upload:garment.png');
    expect(app.errors).toEqual([]);
  });

  it('a refused last upload keeps its message: the earlier, slower file neither lands nor wipes it', async () => {
    await dropInOrder(page, [big, fixture('not-an-image.txt')]);
    const message = page.getByTestId('image-message');
    await expect.poll(() => message.textContent(), LONG).toMatch(/not-an-image\.txt is not an image/);
    await page.waitForTimeout(2 * decodeMs + 1000);
    expect(await message.textContent()).toMatch(/not-an-image\.txt is not an image/);
    expect(await caption().textContent()).toMatch(/^garment\.png: 96×96/);
    expect(uploadedName()).toBe('upload:garment.png');
  });
});

describe("the link's notes", () => {
  it('stay after the default image and the model load and the run starts, until dismissed', async () => {
    const query = '?v=2&prior=fashion32&image=upload%3Agarment.png&compare.panels=map-rps%3Afast%2Cnope%3Afast';
    const app = await openApp(browser, { query });
    try {
      const { page } = app;
      const note = page.getByTestId('link-message');
      await expect.poll(() => note.textContent(), LONG).toMatch(/uploaded image \(garment\.png\): upload it again/);
      // The default image takes the uploaded one's place, the model loads and the link computes on open.
      await page.getByTestId('truth-thumb').waitFor(LONG);
      await waitForModel(page);
      await page.locator('[data-testid=run-section][data-request]').waitFor(LONG);
      await page.waitForTimeout(1500);
      const text = (await note.textContent()) ?? '';
      expect(text).toMatch(/uploaded image \(garment\.png\): upload it again/);
      expect(text).toMatch(/comparison panels \(compare\.panels\) "map-rps:fast,nope:fast" could not be read/);
      // Another image does not take the note either; only Dismiss does.
      await upload(page, 'alpha.png');
      await page.locator('.crop-source figcaption', { hasText: 'alpha.png' }).waitFor(LONG);
      expect(await note.count()).toBe(1);
      await page.getByTestId('link-message-dismiss').click();
      await expect.poll(() => note.count(), LONG).toBe(0);
      expect(app.errors).toEqual([]);
    } finally {
      await app.context.close();
    }
  });
});

describe('error boundaries', () => {
  it('a planted error in the Image panel shows what failed and a reset, and the rest of the page works', async () => {
    const app = await openApp(browser, { query: '?v=2&prior=sandbox&run=0' });
    try {
      const { page, context } = app;
      // The planted error: a gallery list that is not a list makes the Image panel throw while it renders.
      await context.route('**/gallery/gallery.json', (route) =>
        route.fulfill({ body: '{"not": "a list"}', contentType: 'application/json' }),
      );
      await page.goto(`${app.origin}/?v=2&prior=sandbox&image=gaussian-prior-sample&run=0`);
      // Each part that reads the list fails on its own (the Image panel, the header's About box).
      const boundary = page.locator('[data-testid=error-boundary][data-part="the Image panel"]');
      await boundary.waitFor(LONG);
      expect(await boundary.getByTestId('error-boundary-message').textContent()).toMatch(/TypeError: .*map/);
      expect(await boundary.getByTestId('error-reset').isVisible()).toBe(true);
      expect(await page.getByTestId('app').isVisible()).toBe(true);
      // Everything else is still there and working: the measurement is made, Run is possible.
      await page.getByTestId('measurement-y').waitFor(LONG);
      await expect.poll(() => page.getByTestId('run').isEnabled(), LONG).toBe(true);
      expect(await page.getByTestId('degradation-kind').isVisible()).toBe(true);
      // Reset to defaults reopens the page without its query (every setting at its default).
      await context.unroute('**/gallery/gallery.json');
      await boundary.getByTestId('error-reset').click();
      await page.getByTestId('file-input').waitFor(LONG);
      expect(await page.getByTestId('error-boundary').count()).toBe(0);
      await expect.poll(() => new URL(page.url()).searchParams.get('prior'), LONG).toBe('faces64');
      expect(app.foreignRequests).toEqual([]);
    } finally {
      await app.context.close();
    }
  });
});

describe('headers', () => {
  it("are those a static host should send, and another origin's page cannot frame the app", async () => {
    const app = await openApp(browser, { query: '?v=2&prior=sandbox&run=0' });
    try {
      const response = await app.page.request.get(`${app.origin}/`);
      const headers = response.headers();
      expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(headers['content-security-policy']).toContain("default-src 'self'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
      // A page of another origin (a data: URL's opaque one) frames the app: the browser refuses to show it.
      const framing = await browser.newPage();
      try {
        await framing.goto(`data:text/html,<iframe src="${app.origin}/?v=2&prior=sandbox&run=0"></iframe>`);
        await expect
          .poll(() => framing.frames().map((frame) => frame.url()), LONG)
          .toContainEqual(expect.stringMatching(/^chrome-error:/));
        expect(framing.frames().some((frame) => frame.url().startsWith(app.origin))).toBe(false);
      } finally {
        await framing.close();
      }
    } finally {
      await app.context.close();
    }
  });
});
