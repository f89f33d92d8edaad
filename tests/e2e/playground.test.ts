// The main flow in real Chromium: upload, Gaussian deblur, MAP-RPS (fast) on fashion32, the sweep, the D-P slider
// by keyboard and pointer, the chart, cancellation, backends, model cache, memory, privacy and screenshots.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appSession,
  canvasPixels,
  chartPoints,
  DESKTOP,
  FASHION_START,
  heapsAfterGc,
  openApp,
  runAndWait,
  PHONE,
  screenshot,
  upload,
  waitForModel,
  waitForRunEnd,
} from './harness';
import { t0ForKnob, t0Max } from '../../src/core/solvers';

/** The fast preset's right end for deblurring: the slider's far end. */
const T0_MAX = t0Max('deblur', 'fast');
const session = appSession();
let page: Page;

beforeAll(() => {
  ({ page } = session);
});

const highlight = (p: Page) => p.getByTestId('highlight-point');
const highlightPosition = async (p: Page) =>
  `${await highlight(p).getAttribute('data-cx')},${await highlight(p).getAttribute('data-cy')}`;
const sliderValue = (p: Page) => p.getByTestId('dp-slider').inputValue();

describe('backends', () => {
  it('reports the WASM fallback with threads when cross-origin isolated (no WebGPU adapter here)', async () => {
    const badge = page.getByTestId('backend');
    await expect.poll(() => badge.getAttribute('data-kind')).toBe('wasm-threads');
    expect(await badge.textContent()).toMatch(/WASM, \d threads/);
    expect(await badge.getAttribute('title')).toMatch(/WebGPU unavailable/);
  });

  it('falls back to single-threaded WASM on a host without COOP/COEP, and still solves', async () => {
    const plain = await openApp(session.browser, { isolated: false, query: `${FASHION_START}&method.method=ddrm` });
    try {
      const badge = plain.page.getByTestId('backend');
      await expect.poll(() => badge.getAttribute('data-kind')).toBe('wasm');
      expect(await badge.getAttribute('title')).toMatch(/not cross-origin isolated/);
      await waitForModel(plain.page);
      expect(await runAndWait(plain.page)).toMatch(/Done/);
      expect(plain.foreignRequests).toEqual([]);
    } finally {
      await plain.context.close();
    }
  });
});

describe('main flow: upload → Gaussian deblur → MAP-RPS fast on fashion32 → slider', () => {
  beforeAll(async () => {
    // A garment our fashion32 model generated (written by train/evaluate.py).
    await upload(page, 'models/fashion32-sample1.png');
    await page.locator('figcaption', { hasText: 'fashion32-sample1.png: 32×32' }).waitFor();
    await page.getByTestId('degradation-kind').selectOption('blur-gaussian');
    // The app's default blur, where the tradeoff shows: on fashion32's samples (4 images × 7 seeds, npm run dp) the
    // fast curve loses 1.3 dB PSNR up to t0 = 300 and gains 13 % in patch-SWD; with a mild 5×5 std-0.8 blur x_MAP is
    // already as sharp as a sample by this score (patch-SWD +8 % at t0 = 300).
    await page.getByTestId('kernel-size').fill('9');
    await page.getByTestId('blur-std').fill('2');
    await page.getByTestId('sigma-y').fill('0.05');
    await page.getByTestId('method').selectOption('map-rps');
    await page.getByTestId('preset').selectOption('fast');
    await page.getByTestId('seed').fill('7');
    await screenshot(page, 'desktop-1-ready');
  });

  it('shows x_MAP first, then streams the sweep to the chart', async () => {
    expect(await page.getByTestId('nfe-budget').textContent()).toMatch(/\d+ denoiser calls/);
    const started = await page.getByTestId('run-section').getAttribute('data-started');
    await page.getByTestId('run').click();
    const caption = page.getByTestId('result-caption');
    await caption.and(page.locator('[data-state=computed]')).waitFor({ timeout: 60_000 });
    // The slider sits at t0 = 0: the first result on screen is x_MAP, while stage-2 branches are still running.
    expect(await caption.textContent()).toMatch(/^t0 = 0 ·/);
    expect(await page.getByTestId('cancel').isEnabled()).toBe(true);
    await page.locator(`[data-testid=run-section]:not([data-started="${started}"])`).waitFor();
    expect(await waitForRunEnd(page)).toMatch(/Done: \d+ denoiser calls/);
    expect(await page.getByTestId('dp-chart').getAttribute('data-points')).toBe('6');
    await screenshot(page, 'desktop-2-swept');
  });

  it('from t0 = 0 to the largest t0 PSNR falls and patch-SWD falls by 10% (fixed seed)', async () => {
    // x_MAP is the distortion end: every step right costs PSNR and buys realism. (With the paper's stage 1 PSNR rose
    // along t0 on this image, because stage 2 removed noise x_MAP had kept.)
    const points = await chartPoints(page);
    const first = points.get(0);
    const last = points.get(1);
    if (!first || !last) throw new Error('t0 = 0 or the largest t0 is missing from the chart');
    expect(last.patchSwd).toBeLessThan(0.9 * first.patchSwd);
    expect(last.psnr).toBeLessThan(first.psnr);
  });

  it('keyboard: the image and the highlighted point change in the frame of the input event', async () => {
    const before = await canvasPixels(page, 'result-image');
    const pointBefore = await highlightPosition(page);
    // Measured in the page: at the first animation frame after the input event the canvas shows the new point.
    await page.evaluate(() => {
      const input = document.querySelector('[data-testid=dp-slider]') as HTMLInputElement;
      const canvas = document.querySelector('[data-testid=result-image]') as HTMLCanvasElement;
      const start = canvas.toDataURL();
      (window as unknown as { frameCheck: Promise<boolean> }).frameCheck = new Promise((resolve) => {
        input.addEventListener('input', () => requestAnimationFrame(() => resolve(canvas.toDataURL() !== start)), {
          once: true,
        });
      });
    });
    await page.getByTestId('dp-slider').focus();
    await page.keyboard.press('End');
    expect(await page.evaluate(() => (window as unknown as { frameCheck: Promise<boolean> }).frameCheck)).toBe(true);
    expect(await sliderValue(page)).toBe('10');
    expect(await page.getByTestId('result-caption').textContent()).toMatch(new RegExp(`^t0 = ${T0_MAX} ·`));
    expect(await canvasPixels(page, 'result-image')).not.toBe(before);
    expect(await highlightPosition(page)).not.toBe(pointBefore);
  });

  it('a position that was not computed is queued at once and then computed', async () => {
    await page.getByTestId('dp-slider').focus();
    await page.keyboard.press('Home');
    // With x_MAP cached the point can be ready within milliseconds: record every state the caption goes through.
    await page.evaluate(() => {
      const caption = document.querySelector('[data-testid=result-caption]') as HTMLElement;
      const states: string[] = [];
      (window as unknown as { captionStates: string[] }).captionStates = states;
      new MutationObserver(() => states.push(caption.dataset.state ?? '')).observe(caption, {
        attributeFilter: ['data-state'],
      });
    });
    await page.keyboard.press('ArrowRight'); // u = 0.1: not in the first sweep
    await page.getByTestId('result-caption').and(page.locator('[data-state=computed]')).waitFor({ timeout: 60_000 });
    const states = await page.evaluate(() => (window as unknown as { captionStates: string[] }).captionStates);
    expect(states[0]).toMatch(/queued|live/);
    expect(states.at(-1)).toBe('computed');
    expect(await page.getByTestId('result-caption').textContent()).toMatch(
      new RegExp(`^t0 = ${t0ForKnob(0.1, T0_MAX)} ·`),
    );
    await expect.poll(() => page.getByTestId('dp-chart').getAttribute('data-points')).toBe('7');
  });

  it('pointer: dragging the slider to the far end shows the largest t0', async () => {
    const before = await canvasPixels(page, 'result-image');
    const pointBefore = await highlightPosition(page);
    const box = await page.getByTestId('dp-slider').boundingBox();
    if (!box) throw new Error('slider not visible');
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.1, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, y, { steps: 3 });
    await page.mouse.move(box.x + box.width + 20, y, { steps: 3 });
    await page.mouse.up();
    expect(await sliderValue(page)).toBe('10');
    expect(await page.getByTestId('result-caption').textContent()).toMatch(new RegExp(`^t0 = ${T0_MAX} ·`));
    expect(await canvasPixels(page, 'result-image')).not.toBe(before);
    expect(await highlightPosition(page)).not.toBe(pointBefore);
  });

  it('clicking a chart point moves the slider there', async () => {
    // Points the drag queued are still streaming into the chart (each one moves the marks): wait for them first.
    await waitForRunEnd(page);
    // x_MAP's point (the curve's first knob, drawn last so that it is on top of neighbours at small t0): click a
    // pixel of it that is on top, with the chart scrolled into view (elementFromPoint sees only the viewport).
    await page.getByTestId('dp-chart').scrollIntoViewIfNeeded();
    const spot = await page
      .locator('[data-testid=dp-chart] .recharts-scatter.clickable')
      .first()
      .locator('.recharts-symbols')
      .last()
      .evaluate((symbol) => {
        const box = symbol.getBoundingClientRect();
        for (let dy = 0; dy <= box.height; dy += 1)
          for (let dx = 0; dx <= box.width; dx += 1) {
            const [x, y] = [box.left + dx, box.top + dy];
            if (document.elementFromPoint(x, y) === symbol) return { x, y };
          }
        return undefined;
      });
    if (!spot) throw new Error("x_MAP's point is covered entirely by its neighbours");
    await page.mouse.click(spot.x, spot.y);
    await expect.poll(() => sliderValue(page)).toBe('0');
    expect(await page.getByTestId('result-caption').textContent()).toMatch(/^t0 = 0 ·/);
  });

  it('lays out at 390×844 without sideways scrolling', async () => {
    const sidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.setViewportSize(PHONE);
    await expect.poll(sidewaysScroll).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-1-swept');
    await page.setViewportSize(DESKTOP);
    await expect.poll(sidewaysScroll).toBeLessThanOrEqual(0);
  });
});

describe('cancel', () => {
  it('stops a run within one denoiser call of the request', async () => {
    await waitForRunEnd(page); // points queued by the slider
    await page.getByTestId('preset').selectOption('paper');
    await page.getByTestId('run').click();
    await expect
      .poll(async () => Number((await page.getByTestId('progress-text').textContent())?.split(' ')[0] ?? 0))
      .toBeGreaterThan(3);
    await page.getByTestId('cancel').click();
    const message = await waitForRunEnd(page);
    expect(message).toMatch(/Cancelled: stopped within [01] denoiser calls? of the request/);
    const nfe = await page.getByTestId('progress-text').textContent();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('progress-text').textContent()).toBe(nfe);
    expect(await page.getByTestId('run').isEnabled()).toBe(true);
    await page.getByTestId('preset').selectOption('fast');
  });
});

describe('runtime', () => {
  it('loads the model from the Cache API on the second visit', async () => {
    await page.reload();
    await waitForModel(page);
    expect(await page.getByTestId('model-status').textContent()).toMatch(/from cache/);
  });

  it('keeps memory flat across 50 consecutive solves', async () => {
    // Single-threaded WASM (plain host): the quickest solves on a busy two-core machine.
    const solver = await openApp(session.browser, {
      isolated: false,
      query: `${FASHION_START}&method.method=ddrm&method.preset=fast&seed=1`,
    });
    const page = solver.page;
    await waitForModel(page);
    // Solves are driven from inside the page (click Run, wait for the run section to report the end) to keep
    // the test quick; each one is a full run: request, 20 ORT calls, scoring, streamed result.
    const solve = (count: number) =>
      page.evaluate(async (n) => {
        const section = document.querySelector('[data-testid=run-section]') as HTMLElement;
        const run = document.querySelector('[data-testid=run]') as HTMLButtonElement;
        const messages: string[] = [];
        for (let i = 0; i < n; i++) {
          const started = section.dataset.started;
          run.click();
          await new Promise<void>((resolve) => {
            const check = () => {
              if (section.dataset.started !== started && section.dataset.status !== 'running') resolve();
              else requestAnimationFrame(check);
            };
            check();
          });
          messages.push(document.querySelector('[data-testid=run-message]')?.textContent ?? '');
        }
        return messages;
      }, count);
    // Warm-up first: the page's heap grows by about a megabyte over its first few dozen runs (compiled code, caches)
    // and then stays put.
    expect((await solve(10)).every((m) => /Done/.test(m))).toBe(true);
    const before = await heapsAfterGc(page);
    expect((await solve(50)).every((m) => /Done/.test(m))).toBe(true);
    const after = await heapsAfterGc(page);
    // A leak of one 32×32 image per denoiser call would add 4 MB over these 50 solves (1000 calls).
    expect(after.worker - before.worker).toBeLessThan(2e6);
    expect(after.page - before.page).toBeLessThan(2e6);
    expect(solver.foreignRequests).toEqual([]);
    await solver.context.close();
  });

  it('made no request to any other origin', () => {
    if (session.app.foreignRequests.length > 0) console.log(session.app.foreignRequests);
    expect(session.app.foreignRequests).toEqual([]);
    expect(session.app.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
