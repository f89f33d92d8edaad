// Model loading heals (issue 18): the model request is answered badly (corrupt, truncated, another file, 404, no
// answer at all) or the Cache API holds a bad entry from an older build. Each fault gives its own message and caches
// nothing; once the fault is gone, one Retry or one reload (or no action at all, for a bad cache entry) loads a
// working model, and no load hangs for longer than the load timeout.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_LOAD_STALL_MS, PRIORS, parseCard } from '../../src/app/priors';
import { MODEL_CACHE_NAME, modelCacheKey } from '../../src/worker/modelFetch';
import { type AppPage, connectBrowser, FIXTURES, openApp, runAndWait } from './harness';

const MODEL = readFileSync('models/fashion32.onnx');
const CARD = parseCard(readFileSync('models/fashion32.json', 'utf8'), PRIORS.fashion32);
const HALF = MODEL.subarray(0, MODEL.length >> 1);
/** The same bytes with 4 KB zeroed in the middle of the weights: the right length, the wrong hash. */
const CORRUPT = Buffer.from(MODEL).fill(0, MODEL.length >> 1, (MODEL.length >> 1) + 4096);
/** A valid ONNX file of another length in its place (the fp16-weight export, which the card does not describe). */
const OTHER_MODEL = readFileSync('models/fashion32.fp16.onnx');
/** A file onnxruntime refuses, with a card that describes it exactly (so it passes the checks and reaches ORT). */
const UNREADABLE = readFileSync(path.join(FIXTURES, 'broken-model.onnx'));
const UNREADABLE_CARD = JSON.stringify({
  ...CARD,
  bytes: UNREADABLE.length,
  sha256: createHash('sha256').update(UNREADABLE).digest('hex'),
});

/** A cold load of fashion32 on a loaded test machine takes a few seconds; this is the bound for "ready". */
const LOAD_MS = 60_000;

type Fault = 'corrupt' | 'truncated' | 'other-model' | 'not-found' | 'no-answer' | 'unreadable';

interface FaultyApp extends AppPage {
  /** Answer the model request with this fault from now on; undefined serves the real file. */
  fault: Fault | undefined;
  /** Requests for the model file and for its card so far. */
  requests: number;
  cardRequests: number;
  modelUrl: string;
}

let browser: Browser;

beforeAll(async () => {
  browser = await connectBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The app on the Gaussian sandbox, with the fashion32 model request answered as `fault` says. */
async function faultyApp(fault: Fault | undefined): Promise<FaultyApp> {
  const app = (await openApp(browser, { query: '?v=1&prior=sandbox' })) as FaultyApp;
  app.fault = fault;
  app.requests = 0;
  app.cardRequests = 0;
  app.modelUrl = `${app.origin}/models/fashion32.onnx`;
  const unanswered: Route[] = [];
  await app.context.route('**/models/fashion32.json', (route) => {
    app.cardRequests++;
    if (app.fault !== 'unreadable') return route.continue();
    return route.fulfill({ body: UNREADABLE_CARD, contentType: 'application/json' });
  });
  await app.context.route('**/models/fashion32.onnx', (route) => {
    app.requests++;
    const octets = (body: Buffer, headers: Record<string, string> = {}) =>
      route.fulfill({ body, headers: { 'content-type': 'application/octet-stream', ...headers } });
    switch (app.fault) {
      case undefined:
        return route.continue();
      case 'corrupt':
        return octets(CORRUPT);
      case 'truncated':
        // A connection cut in half, with the header of the whole file.
        return octets(HALF, { 'content-length': String(MODEL.length) });
      case 'other-model':
        return octets(OTHER_MODEL);
      case 'not-found':
        return route.fulfill({ status: 404, body: 'not found' });
      case 'unreadable':
        return octets(UNREADABLE);
      case 'no-answer':
        unanswered.push(route); // never answered (closing the context drops it)
        return undefined;
    }
  });
  return app;
}

const status = (page: Page) => page.getByTestId('model-status');

async function chooseFashion32(page: Page): Promise<void> {
  await page.getByRole('radio', { name: /fashion32/ }).check();
}

/** Waits for the model error (never longer than the load timeout) and checks its text. */
async function expectModelError(page: Page, message: RegExp, timeout = MODEL_LOAD_STALL_MS): Promise<void> {
  await expect
    .poll(
      () =>
        page
          .getByTestId('model-error')
          .textContent({ timeout: 1000 })
          .catch(() => null),
      { timeout },
    )
    .toMatch(message);
  await expect.poll(() => status(page).textContent()).toBe('fashion32: failed to load');
  await expect.poll(() => page.getByTestId('run').isDisabled()).toBe(true);
}

async function expectReady(page: Page, detail: RegExp = /.*/): Promise<void> {
  await expect.poll(() => status(page).textContent(), { timeout: LOAD_MS }).toMatch(/^fashion32 ready \(/);
  expect(await status(page).textContent()).toMatch(detail);
  await expect.poll(() => page.getByTestId('model-error').count()).toBe(0);
}

/** The Cache API's model entries: key and stored length. */
function cachedModels(page: Page): Promise<{ url: string; bytes: number }[]> {
  return page.evaluate(async (name) => {
    const cache = await caches.open(name);
    const entries = [];
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      entries.push({ url: request.url, bytes: (await response?.arrayBuffer())?.byteLength ?? -1 });
    }
    return entries;
  }, MODEL_CACHE_NAME);
}

async function retry(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Retry' }).click();
}

async function withApp(fault: Fault | undefined, test: (app: FaultyApp) => Promise<void>): Promise<void> {
  const app = await faultyApp(fault);
  try {
    await test(app);
    expect(app.foreignRequests).toEqual([]);
  } finally {
    await app.context.close();
  }
}

const goodEntry = (app: FaultyApp) => [{ url: modelCacheKey(app.modelUrl, CARD.sha256), bytes: CARD.bytes }];

describe('model loading heals', () => {
  it('refuses a corrupt body of the right length (HTTP 200) by its SHA-256, caches nothing, and Retry loads the model once it is fixed', async () => {
    await withApp('corrupt', async (app) => {
      await chooseFashion32(app.page);
      await expectModelError(
        app.page,
        new RegExp(
          `Model fashion32 failed to load: the downloaded model is damaged: its SHA-256 is [0-9a-f]{64}, the model card says ${CARD.sha256}\\.$`,
        ),
      );
      expect(await cachedModels(app.page)).toEqual([]);
      app.fault = undefined;
      await retry(app.page);
      await expectReady(app.page, /3\.9 MB/);
      expect(await cachedModels(app.page)).toEqual(goodEntry(app));
      expect(app.requests).toBe(2);
    });
  });

  it('refuses a body cut in half with both lengths, caches nothing, and a reload loads the model once it is fixed', async () => {
    await withApp('truncated', async (app) => {
      await chooseFashion32(app.page);
      await expectModelError(
        app.page,
        new RegExp(`the downloaded model is damaged: expected ${MODEL.length} bytes, got ${HALF.length}\\.$`),
      );
      expect(await cachedModels(app.page)).toEqual([]);
      // The link follows the settings (written 100 ms after a change), so the reload opens fashion32 again.
      await expect.poll(() => new URL(app.page.url()).searchParams.get('prior')).toBe('fashion32');
      app.fault = undefined;
      await app.page.reload();
      await expectReady(app.page, /3\.9 MB/);
      expect(await cachedModels(app.page)).toEqual(goodEntry(app));
    });
  });

  it('refuses a valid ONNX file of the wrong length that the card does not describe, and Retry loads the right one', async () => {
    await withApp('other-model', async (app) => {
      await chooseFashion32(app.page);
      await expectModelError(
        app.page,
        new RegExp(`the downloaded model is damaged: expected ${MODEL.length} bytes, got ${OTHER_MODEL.length}\\.$`),
      );
      expect(await cachedModels(app.page)).toEqual([]);
      app.fault = undefined;
      await retry(app.page);
      await expectReady(app.page);
      expect(await cachedModels(app.page)).toEqual(goodEntry(app));
    });
  });

  it('replaces a damaged cache entry left by an older build with one download, without any Retry', async () => {
    await withApp(undefined, async (app) => {
      // An older build that did not check its downloads cached the first 100 kB of the file under the key this
      // build reads, and the same under its own, older key scheme.
      await app.page.evaluate(
        async ({ name, keys, half }) => {
          const cache = await caches.open(name);
          for (const key of keys) await cache.put(key, new Response(new Uint8Array(half)));
        },
        {
          name: MODEL_CACHE_NAME,
          keys: [modelCacheKey(app.modelUrl, CARD.sha256), `${app.modelUrl}?version=0badc0de`],
          half: [...HALF.subarray(0, 100_000)],
        },
      );
      expect((await cachedModels(app.page)).map((entry) => entry.bytes)).toEqual([100_000, 100_000]);
      await chooseFashion32(app.page);
      await expectReady(app.page, /3\.9 MB/); // downloaded, not "from cache"
      expect(app.requests).toBe(1);
      expect(await cachedModels(app.page)).toEqual(goodEntry(app));
      // The healed entry serves the next visit.
      await expect.poll(() => new URL(app.page.url()).searchParams.get('prior')).toBe('fashion32');
      await app.page.reload();
      await expectReady(app.page, /from cache/);
      expect(app.requests).toBe(1);
    });
  });

  it('reports a 404 clearly, keeps the sandbox working, and Retry recovers once the file is back', async () => {
    await withApp('not-found', async (app) => {
      await chooseFashion32(app.page);
      const notFound =
        /Model fashion32 failed to load: could not download \S+\/models\/fashion32\.onnx \(HTTP 404\)\.$/;
      await expectModelError(app.page, notFound);
      await app.page.getByRole('radio', { name: /Gaussian sandbox/ }).check();
      await expect.poll(() => status(app.page).textContent()).toMatch(/no model file/);
      await app.page.getByTestId('method').selectOption('ddrm');
      expect(await runAndWait(app.page)).toMatch(/Done/);
      await chooseFashion32(app.page);
      await expectModelError(app.page, notFound);
      expect(await cachedModels(app.page)).toEqual([]);
      app.fault = undefined;
      await retry(app.page);
      await expectReady(app.page);
      expect(await runAndWait(app.page)).toMatch(/Done/);
    });
  });

  it('recovers from onnxruntime refusing a model: Retry (in a fresh worker) fails the same way at once, then loads the fixed model', async () => {
    await withApp('unreadable', async (app) => {
      await chooseFashion32(app.page);
      const refused = /Model fashion32 failed to load: onnxruntime could not read the model/;
      await expectModelError(app.page, refused);
      await retry(app.page);
      await expect.poll(() => app.cardRequests).toBe(2);
      await expectModelError(app.page, refused);
      app.fault = undefined;
      await retry(app.page);
      await expectReady(app.page);
      await app.page.getByTestId('method').selectOption('ddrm');
      expect(await runAndWait(app.page)).toMatch(/Done/);
    });
  });

  it('cancels a download that gets no answer when another prior is chosen: the sandbox runs at once and fashion32 loads later', async () => {
    await withApp('no-answer', async (app) => {
      await chooseFashion32(app.page);
      await expect.poll(() => app.requests).toBe(1);
      await expect.poll(() => status(app.page).textContent()).toMatch(/^fashion32: downloading/);
      await app.page.getByRole('radio', { name: /Gaussian sandbox/ }).check();
      await app.page.getByTestId('method').selectOption('ddrm');
      // Well within the load timeout: the run does not wait behind the stuck load.
      expect(await runAndWait(app.page, MODEL_LOAD_STALL_MS / 2)).toMatch(/Done/);
      app.fault = undefined;
      await chooseFashion32(app.page);
      await expectReady(app.page);
    });
  });

  it(
    'gives up a load that makes no progress after the load timeout, with a message, and Retry loads the model in a fresh worker',
    async () => {
      await withApp('no-answer', async (app) => {
        await chooseFashion32(app.page);
        const started = Date.now();
        await expectModelError(
          app.page,
          new RegExp(
            `Model fashion32 failed to load: it made no progress for ${MODEL_LOAD_STALL_MS / 1000} s while downloading; the solver was restarted\\.$`,
          ),
          MODEL_LOAD_STALL_MS + 20_000,
        );
        expect(Date.now() - started).toBeGreaterThan(MODEL_LOAD_STALL_MS - 5_000);
        app.fault = undefined;
        await retry(app.page);
        await expectReady(app.page);
        await app.page.getByTestId('method').selectOption('ddrm');
        expect(await runAndWait(app.page)).toMatch(/Done/);
      });
    },
    MODEL_LOAD_STALL_MS + 150_000,
  );
});
