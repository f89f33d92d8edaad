// Shared helpers for the browser tests: one connection to the run's Chromium, fresh pages that record every request
// leaving the app's origin (the privacy check), and screenshots into test-output/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

export const FIXTURES = path.resolve('tests/fixtures/inputs');
export const SCREENSHOTS = path.resolve('test-output/screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function connectBrowser(): Promise<Browser> {
  return chromium.connect(inject('e2e').wsEndpoint);
}

/**
 * The first screen before issue 14 (fashion32's drawn T-shirt, nothing computed until Run is pressed), for the tests
 * written against it: the app now opens on faces64 and computes at once (`run=0` turns that off).
 */
export const FASHION_START = '?v=2&prior=fashion32&image=garment&run=0';

export interface Session {
  browser: Browser;
  app: AppPage;
  page: Page;
}

/**
 * For a test file: connect to the run's Chromium and open the app (model loaded) before its tests; close after.
 * By default on FASHION_START.
 */
export function appSession(query: string = FASHION_START): Session {
  const session = {} as Session;
  beforeAll(async () => {
    session.browser = await connectBrowser();
    session.app = await openApp(session.browser, { query });
    session.page = session.app.page;
    await waitForModel(session.page);
  });
  afterAll(async () => {
    await session.app?.context.close();
    await session.browser?.close();
  });
  return session;
}

export interface AppPage {
  page: Page;
  context: BrowserContext;
  origin: string;
  /** Requests to anything but the app's own origin (must stay empty). */
  foreignRequests: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
}

export async function openApp(
  browser: Browser,
  options: { isolated?: boolean; query?: string; viewport?: { width: number; height: number } } = {},
): Promise<AppPage> {
  const { isolated, plain } = inject('e2e');
  const origin = options.isolated === false ? plain : isolated;
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP });
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))
      foreignRequests.push(url);
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${origin}/${options.query ?? ''}`);
  return { page, context, origin, foreignRequests, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export async function waitForModel(page: Page, timeout = 60_000): Promise<void> {
  await page
    .getByTestId('model-status')
    .filter({ hasText: /ready|no model file/ })
    .waitFor({ timeout });
}

/** Uploads a fixture through the file picker; `file` is relative to tests/fixtures/inputs/ or to tests/fixtures/. */
export async function upload(page: Page, file: string): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles(path.join(file.includes('/') ? path.dirname(FIXTURES) : FIXTURES, file));
}

/** Pixels of a canvas, to tell whether what it shows changed. */
export function canvasPixels(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
}

/** The chart's text table: metrics per computed knob. */
export async function chartPoints(page: Page): Promise<Map<number, Record<string, number>>> {
  const rows = await page
    .getByTestId('points-table')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        knob: Number(tr.getAttribute('data-knob')),
        metrics: Object.fromEntries(
          [...tr.querySelectorAll('td[data-metric]')].map((td) => [
            td.getAttribute('data-metric'),
            Number(td.textContent),
          ]),
        ),
      })),
    );
  return new Map(rows.map((row) => [row.knob, row.metrics as Record<string, number>]));
}

/** Clicks Run and waits until that run has finished; returns the run message. */
export async function runAndWait(page: Page, timeout = 90_000): Promise<string> {
  const section = page.getByTestId('run-section');
  const previous = await section.getAttribute('data-started');
  await page.getByTestId('run').click();
  await page
    .locator(`[data-testid=run-section]:not([data-started="${previous}"]):not([data-status=running])`)
    .waitFor({ timeout });
  return (await page.getByTestId('run-message').textContent()) ?? '';
}

/** Waits until no run is in progress; returns the run message. */
export async function waitForRunEnd(page: Page, timeout = 90_000): Promise<string> {
  await page.locator('[data-testid=run-section]:not([data-status=running])').waitFor({ timeout });
  return (await page.getByTestId('run-message').textContent()) ?? '';
}

/**
 * Memory in use after a forced garbage collection (JS heap + ArrayBuffer backing stores, where image and tensor data
 * live), of the page and of the solver worker, through the DevTools protocol
 * (performance.measureUserAgentSpecificMemory() only answers at the next natural GC, up to a minute later).
 */
export async function heapsAfterGc(page: Page): Promise<{ page: number; worker: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'worker' && t.url.includes('solver.worker'));
    if (!target) throw new Error('the solver worker is not running');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    let nextId = 0;
    const inWorker = (method: string) =>
      new Promise<Record<string, number>>((resolve) => {
        const id = ++nextId;
        const onMessage = (event: { sessionId: string; message: string }) => {
          const reply = JSON.parse(event.message) as { id?: number; result?: Record<string, number> };
          if (event.sessionId !== sessionId || reply.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          resolve(reply.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await inWorker('HeapProfiler.collectGarbage');
    const worker = await inWorker('Runtime.getHeapUsage');
    await cdp.send('HeapProfiler.collectGarbage');
    const own = (await cdp.send('Runtime.getHeapUsage')) as Record<string, number>;
    await cdp.send('Target.detachFromTarget', { sessionId });
    const total = (usage: Record<string, number>) => usage.usedSize + (usage.backingStorageSize ?? 0);
    return { page: total(own), worker: total(worker) };
  } finally {
    await cdp.detach();
  }
}

// ---------- accessibility ----------

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Controls (for radios and checkboxes: their label) smaller than 44×44 px on screen. */
export function smallTouchTargets(p: Page): Promise<string[]> {
  return p.evaluate(() =>
    [...document.querySelectorAll('button, select, input:not([type=hidden]), summary, a[href]')].flatMap((control) => {
      const target =
        (control.matches('input[type=radio], input[type=checkbox]') && control.closest('label')) || control;
      const box = target.getBoundingClientRect();
      const shown = box.width > 0 && box.height > 0 && getComputedStyle(control).visibility !== 'hidden';
      const name = control.getAttribute('data-testid') ?? control.getAttribute('aria-label') ?? control.textContent;
      return shown && (box.width < 44 || box.height < 44)
        ? [`${control.tagName} ${name}: ${Math.round(box.width)}×${Math.round(box.height)}`]
        : [];
    }),
  );
}

/** Serious and critical axe-core violations on the page as it is now. */
export async function seriousViolations(p: Page): Promise<string[]> {
  // The page's CSP forbids inline scripts (page.addScriptTag({ content })); evaluating the source through the
  // DevTools protocol is not subject to it, and nothing is fetched.
  if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(AXE_SOURCE);
  const violations = await p.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } };
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
