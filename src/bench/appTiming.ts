// The speed targets a user sees, measured in the real app (the production build, cross-origin isolated, driven by
// playwright like a user): time from the Run click to x_MAP on screen and to the complete first curve, and the time
// from a slider move to the frame that shows the new point's image and chart highlight. Every time is taken in the
// page with performance.now() and requestAnimationFrame (the frame that paints the change).
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { serveStatic } from '../../tests/e2e/staticServer';
import { initialKnobs } from '../app/methods';
import type { DegradationKind } from '../app/settings';

export interface AppRunTiming {
  task: DegradationKind;
  /** Per run: Run click → first animation frame after x_MAP (the slider's t0 = 0 point) is in the DOM. */
  firstImageMs: number[];
  /** Per run: Run click → first animation frame after the chart holds every point of the first sweep. */
  curveMs: number[];
  /** Per slider move to a computed point: input event → first animation frame that shows its image and highlight. */
  sliderMs: number[];
  /** Per slider move: the synchronous part (event handler, React render and commit, canvas drawn). */
  sliderRenderMs: number[];
  /** Points of the first sweep. */
  points: number;
}

/** The production build of the app (the repository's vite.config.ts) with `modelsDir` copied in. */
export async function buildApp(outDir: string, modelsDir: string): Promise<void> {
  process.env.DP_MODELS_DIR = path.resolve(modelsDir);
  await build({ logLevel: 'warn', build: { outDir: path.resolve(outDir), emptyOutDir: true } });
}

const byTestId = (id: string) => `[data-testid="${id}"]`;

/**
 * Clicks Run in the page and resolves with the times (ms after the click) of the frame that shows x_MAP and of the
 * frame that shows the complete curve. Runs inside the page.
 */
function timeRunInPage(points: number): Promise<{ firstImageMs: number; curveMs: number }> {
  const find = (id: string) => document.querySelector(`[data-testid="${id}"]`);
  const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  return new Promise((resolve, reject) => {
    const times: { firstImageMs?: number; curveMs?: number } = {};
    const seen = { firstImage: false, curve: false };
    let started = 0;
    const observer = new MutationObserver(() => {
      if (find('run-section')?.getAttribute('data-status') === 'error') {
        observer.disconnect();
        reject(new Error(`the run failed: ${find('run-message')?.textContent}`));
        return;
      }
      if (!seen.firstImage && find('result-caption')?.getAttribute('data-state') === 'computed') {
        seen.firstImage = true;
        void nextFrame().then((t) => (times.firstImageMs = t - started));
      }
      if (!seen.curve && Number(find('dp-chart')?.getAttribute('data-points')) >= points) {
        seen.curve = true;
        observer.disconnect();
        void nextFrame().then((t) => {
          times.curveMs = t - started;
          // x_MAP is always streamed before the last point, so its frame came first.
          resolve({ firstImageMs: times.firstImageMs ?? Number.NaN, curveMs: times.curveMs });
        });
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    started = performance.now();
    (find('run') as HTMLButtonElement).click();
  });
}

/**
 * Moves the slider to each computed position (then back to the first), as a user's input event does, and returns per
 * move the time from the event to the first frame whose DOM shows that point: caption, image state and chart
 * highlight. Runs inside the page.
 */
async function timeSliderInPage(): Promise<{ frameMs: number[]; renderMs: number[] }> {
  const find = (selector: string) => document.querySelector(selector);
  const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const slider = find('[data-testid="dp-slider"]') as HTMLInputElement;
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  if (!setValue) throw new Error('no value setter on HTMLInputElement');
  const ticks = [...document.querySelectorAll('.dp-slider .ticks span')];
  const computed = ticks.flatMap((tick, index) => (tick.classList.contains('done') ? [index] : []));
  const start = Number(slider.value);
  const targets = [...computed.filter((index) => index !== start), start];
  const highlight = () => {
    const point = find('[data-testid="highlight-point"]');
    return `${point?.getAttribute('data-cx')},${point?.getAttribute('data-cy')}`;
  };
  const shows = (index: number, previousHighlight: string) => {
    const caption = find('[data-testid="result-caption"]');
    const label = slider.getAttribute('aria-valuetext') ?? '';
    return (
      slider.value === String(index) &&
      caption?.getAttribute('data-state') === 'computed' &&
      (caption.textContent ?? '').startsWith(label) &&
      highlight() !== previousHighlight
    );
  };
  const frameMs: number[] = [];
  const renderMs: number[] = [];
  for (const index of targets) {
    await nextFrame();
    const before = highlight();
    const started = performance.now();
    setValue.call(slider, String(index));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await Promise.resolve();
    renderMs.push(performance.now() - started);
    for (;;) {
      const now = await nextFrame();
      if (shows(index, before)) {
        frameMs.push(now - started);
        break;
      }
      if (now - started > 5000) throw new Error(`the slider move to position ${index} did not show its point`);
    }
  }
  return { frameMs, renderMs };
}

/**
 * Opens the app as a new visitor does (no query, a fresh browser context: nothing cached) `runs` times and returns,
 * per visit, the time from the start of navigation to the first frame that shows a computed result (not the bundled
 * precomputed preview): the first screen computes on open.
 */
export async function firstScreenBench(browser: Browser, appDir: string, runs: number): Promise<number[]> {
  const server = await serveStatic(path.resolve(appDir), true);
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
        const page = await context.newPage();
        await page.goto(`${server.origin}/`);
        const computed = `${byTestId('result-caption')}[data-state=computed]`;
        await page.locator(computed).waitFor({ timeout: 120_000 });
        times.push(await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(resolve))));
      } finally {
        await context.close();
      }
    }
  } finally {
    await server.close();
  }
  return times;
}

async function waitUntilRunnable(page: Page): Promise<void> {
  await page.locator(`${byTestId('run')}:not([disabled])`).waitFor({ timeout: 60_000 });
}

/**
 * For each task: opens the app on faces64, MAP-RPS with the `fast` preset, uploads `image` (PNG bytes), then `runs`
 * times picks a fresh solver seed (so nothing comes from the result cache), clicks Run and times the first image and
 * the curve, then times slider moves over the computed points.
 */
export async function appBench(
  browser: Browser,
  appDir: string,
  image: { name: string; png: Buffer },
  tasks: readonly DegradationKind[],
  runs: number,
  log: (line: string) => void,
): Promise<AppRunTiming[]> {
  const server = await serveStatic(path.resolve(appDir), true);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const timings: AppRunTiming[] = [];
  try {
    await context.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
    );
    // tsx names nested functions with an __name helper that the page lacks: the in-page functions above need it.
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`app page error: ${error.message}\n`));
    const points = initialKnobs('map-rps').length;
    for (const task of tasks) {
      const query = new URLSearchParams({
        v: '1',
        prior: 'faces64',
        'degradation.kind': task,
        'method.method': 'map-rps',
        'method.preset': 'fast',
        slider: '0',
      });
      await page.goto(`${server.origin}/?${query}`);
      await page.getByTestId('model-status').filter({ hasText: /ready/ }).waitFor({ timeout: 60_000 });
      await page
        .getByTestId('file-input')
        .setInputFiles({ name: image.name, mimeType: 'image/png', buffer: image.png });
      const timing: AppRunTiming = { task, firstImageMs: [], curveMs: [], sliderMs: [], sliderRenderMs: [], points };
      for (let run = 0; run < runs; run++) {
        await page.getByTestId('seed').fill(String(1000 + run));
        await waitUntilRunnable(page);
        const { firstImageMs, curveMs } = await page.evaluate(timeRunInPage, points);
        timing.firstImageMs.push(firstImageMs);
        timing.curveMs.push(curveMs);
        await page.locator(`${byTestId('run-section')}:not([data-status=running])`).waitFor({ timeout: 60_000 });
        const slider = await page.evaluate(timeSliderInPage);
        timing.sliderMs.push(...slider.frameMs);
        timing.sliderRenderMs.push(...slider.renderMs);
        log(
          `app: ${task} run ${run + 1}/${runs}: x_MAP ${(firstImageMs / 1000).toFixed(2)} s, curve ${(curveMs / 1000).toFixed(2)} s`,
        );
      }
      timings.push(timing);
    }
  } finally {
    await context.close();
    await server.close();
  }
  return timings;
}
