// Keyboard, teacher mode and accessibility in real Chromium: the main flow without a mouse (image, degradation, run,
// slider, mask undo/redo, the shortcut sheet), teacher mode (?teach=1 and the toggle, the tour, a lesson preset), and
// axe-core on the main states with no serious or critical violations. fashion32 with the fast preset keeps it quick.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chordLabel, COMMANDS } from '../../src/ui/commands';
import {
  type AppPage,
  appSession,
  canvasPixels,
  openApp,
  PHONE,
  runAndWait,
  SCREENSHOTS,
  screenshot,
  seriousViolations,
  smallTouchTargets,
  waitForModel,
  waitForRunEnd,
} from './harness';

const session = appSession();
let page: Page;

beforeAll(() => {
  ({ page } = session);
});

/** Presses Tab until the focused element matches `selector` (keyboard only: no clicks, no element.focus()). */
async function tabTo(p: Page, selector: string, maxPresses = 150): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await p.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await p.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const sliderValue = (p: Page) => p.getByTestId('dp-slider').inputValue();

describe('keyboard only: image → degradation → run → slider', () => {
  it('chooses a gallery image with Tab and Enter', async () => {
    await tabTo(page, '.gallery-item:has(img[alt="fashion32 sample 2"])');
    // Visible focus: the focused control draws the focus ring.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.locator('.gallery-item[aria-pressed=true]:has(img[alt="fashion32 sample 2"])').waitFor();
    await page.locator('figcaption', { hasText: 'fashion32 sample 2' }).waitFor();
  });

  it('picks the degradation with the arrow keys', async () => {
    await tabTo(page, '[data-testid=degradation-kind]');
    for (let i = 0; i < 10 && (await page.getByTestId('degradation-kind').inputValue()) !== 'inpaint-box'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await page.getByTestId('degradation-kind').inputValue()).toBe('inpaint-box');
    await page.getByTestId('box-fraction').waitFor();
  });

  it('runs with Space (focus on the slider, which does not use Space itself)', async () => {
    await tabTo(page, '[data-testid=dp-slider]');
    const started = await page.getByTestId('run-section').getAttribute('data-started');
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByTestId('run-section').getAttribute('data-started')).not.toBe(started);
    expect(await waitForRunEnd(page)).toMatch(/^Done/);
    // Progress is announced politely to screen readers.
    expect(await page.locator('.progress[aria-live=polite]').count()).toBe(1);
  });

  it('moves the slider one point with ←/→ and two with Shift, also when focus is elsewhere', async () => {
    expect(await sliderValue(page)).toBe('0');
    await page.keyboard.press('ArrowRight');
    expect(await sliderValue(page)).toBe('1');
    await page.keyboard.press('Shift+ArrowRight');
    expect(await sliderValue(page)).toBe('3');
    await page.keyboard.press('Shift+ArrowRight');
    expect(await sliderValue(page)).toBe('5');
    await page.keyboard.press('ArrowLeft');
    expect(await sliderValue(page)).toBe('4');
    // Focus on a button: the arrows still move the slider (global shortcuts).
    await tabTo(page, '[data-testid=shortcuts-button]');
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await sliderValue(page)).toBe('2');
    const caption = page.getByTestId('result-caption');
    await caption.and(page.locator('[data-state=computed]')).waitFor();
    expect(await caption.textContent()).toMatch(/^t0 = \d+ ·/);
  });

  it('records the steps of the slider position and scrubs / plays through them (Inside the diffusion)', async () => {
    // The schedule chart follows the slider in a deferred render, so it may still show the previous position.
    await expect
      .poll(() => page.getByTestId('schedule-summary').textContent(), { timeout: 10_000 })
      .toMatch(/stage 1: \d+ iterations (at t = \d+|t \d+ → \d+) · re-noise jump to t0 = \d+ · stage 2: \d+ steps/);
    // A recording can be stopped (the worker is then free for the next request) …
    await page.getByTestId('record-trace').click();
    await page.getByTestId('stop-trace').click();
    await page.getByText('Recording stopped.').waitFor();
    // … and made with the keyboard.
    await tabTo(page, '[data-testid=record-trace]');
    await page.keyboard.press('Enter');
    const scrub = page.getByTestId('trace-scrub');
    await scrub.waitFor({ timeout: 60_000 });
    const stored = Number(await scrub.getAttribute('max')) + 1;
    expect(stored).toBeGreaterThan(10);
    expect(stored).toBeLessThanOrEqual(49);
    const status = page.getByTestId('trace-status');
    expect(await status.textContent()).toMatch(/^stage 1 \(MAP\): iteration 1 of \d+/);
    const firstState = await canvasPixels(page, 'trace-xt');
    await tabTo(page, '[data-testid=trace-scrub]');
    await page.keyboard.press('End');
    expect(await status.textContent()).toMatch(/^sampling: step (\d+) of \1/);
    expect(Number(await page.getByTestId('trace-residual').textContent())).toBeGreaterThan(0);
    expect(await canvasPixels(page, 'trace-xt')).not.toBe(firstState);
    await page.keyboard.press('Home');
    await page.getByTestId('trace-play').click();
    await expect.poll(() => scrub.inputValue(), { timeout: 30_000 }).toBe(String(stored - 1));
    await expect.poll(() => page.getByTestId('trace-play').textContent()).toBe('Play');
    await page.locator('.inspector').screenshot({ path: path.join(SCREENSHOTS, 'teaching-inside-the-diffusion.png') });
  });

  it('opens the shortcut sheet with ?, generated from the command registry, and closes it with Esc', async () => {
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcut-sheet');
    await sheet.waitFor();
    expect(await sheet.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    const rows = await sheet.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(COMMANDS.length);
    COMMANDS.forEach((command, i) => {
      for (const chord of command.chords) expect(rows[i]).toContain(chordLabel(chord));
      expect(rows[i]).toContain(command.description);
    });
    await screenshot(page, 'teaching-shortcut-sheet');
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
  });

  it('leaves keys to the focused control that uses them (typing, other sliders)', async () => {
    const slider = await sliderValue(page);
    await tabTo(page, '[data-testid=sigma-y]');
    const sigma = await page.getByTestId('sigma-y').inputValue();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('sigma-y').inputValue()).not.toBe(sigma);
    expect(await sliderValue(page)).toBe(slider);
    await tabTo(page, '[data-testid=seed]');
    await page.keyboard.press('t');
    await page.keyboard.press('[');
    expect(await page.getByTestId('app').getAttribute('data-teach')).toBe('false');
  });

  it('[ and ] change the brush; Ctrl+Z / Ctrl+Y undo and redo a mask edit', async () => {
    await tabTo(page, '[data-testid=degradation-kind]');
    for (let i = 0; i < 10 && (await page.getByTestId('degradation-kind').inputValue()) !== 'inpaint-brush'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await page.getByTestId('degradation-kind').inputValue()).toBe('inpaint-brush');
    await tabTo(page, '[data-testid=mask-fill]');
    const radius = page.getByTestId('brush-radius');
    const before = Number(await radius.inputValue());
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    expect(Number(await radius.inputValue())).toBe(before + 2);
    await page.keyboard.press('[');
    expect(Number(await radius.inputValue())).toBe(before + 1);
    const painted = page.locator('.mask-painter span', { hasText: '% painted' });
    const start = await painted.textContent();
    await page.keyboard.press('Enter'); // Fill
    await expect.poll(() => painted.textContent()).toBe('100% painted');
    await page.keyboard.press('Control+z');
    await expect.poll(() => painted.textContent()).toBe(start);
    await page.keyboard.press('Control+y');
    await expect.poll(() => painted.textContent()).toBe('100% painted');
    await page.keyboard.press('Control+z');
    await expect.poll(() => painted.textContent()).toBe(start);
  });
});

describe('teacher mode', () => {
  let teacher: AppPage;

  beforeAll(async () => {
    teacher = await openApp(session.browser, { query: '?teach=1' });
    await waitForModel(teacher.page);
  });

  afterAll(async () => {
    await teacher?.context.close();
  });

  const advancedCount = (p: Page) =>
    p.locator('[data-testid=preset], [data-testid=seed], [data-testid=nfe-budget], [data-testid=kernel-size]').count();

  it('?teach=1 hides the advanced controls and enlarges the type', async () => {
    const p = teacher.page;
    await p.getByTestId('measurement-y').waitFor();
    expect(await p.getByTestId('app').getAttribute('data-teach')).toBe('true');
    expect(await advancedCount(p)).toBe(0);
    expect(await p.locator('[data-testid=method] optgroup').count()).toBe(1);
    const size = await p.evaluate(() => Number.parseFloat(getComputedStyle(document.querySelector('.app')!).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    await screenshot(p, 'teaching-teacher-mode');
  });

  it('the toggle brings them back and hides them again, and keeps the URL in step', async () => {
    const p = teacher.page;
    await p.getByTestId('teacher-mode').uncheck();
    expect(await p.getByTestId('app').getAttribute('data-teach')).toBe('false');
    expect(await advancedCount(p)).toBe(4);
    await expect.poll(() => new URL(p.url()).searchParams.get('teach')).toBeNull(); // the link is written 100 ms after a change
    await p.getByTestId('teacher-mode').check();
    expect(await advancedCount(p)).toBe(0);
    await expect.poll(() => new URL(p.url()).searchParams.get('teach')).toBe('1');
  });

  it('a lesson preset sets the problem; the tour walks y → A†y → MAP → re-noise → sample with formulas', async () => {
    const p = teacher.page;
    await p.getByTestId('lesson').selectOption('big-hole');
    await p.getByTestId('load-lesson').click();
    await expect.poll(() => p.getByTestId('degradation-kind').inputValue()).toBe('inpaint-box');
    await p.locator('.gallery-item[aria-pressed=true]:has(img[alt="Face photo 2 (UTKFace validation)"])').waitFor();
    await p.getByTestId('start-tour').click();
    const tour = p.getByTestId('tour');
    const titles: string[] = [];
    for (let step = 1; step <= 5; step++) {
      expect(await tour.getAttribute('data-step')).toBe(String(step));
      titles.push((await tour.locator('h2').textContent()) ?? '');
      expect(await tour.locator('.formula').textContent()).toMatch(/=|~/);
      if (step < 5) await p.getByTestId('tour-next').click();
    }
    expect(titles.join(' | ')).toMatch(/measurement y.*A†y.*MAP.*Re-noising to t₀.*Posterior sampling/);
    // The last step moves the slider to the sampling end.
    expect(await sliderValue(p)).toBe('10');
    expect(await p.getByTestId('tour-next').isDisabled()).toBe(true);
  });

  it('every control has a help popover with its formula', async () => {
    const p = teacher.page;
    const buttons = p.locator('button.help');
    expect(await buttons.count()).toBeGreaterThanOrEqual(7);
    await p.locator('button[data-help=slider]').click();
    const popover = p.locator('.help-popover:popover-open');
    await popover.waitFor();
    expect(await popover.textContent()).toMatch(/x_t₀ = √ᾱ_t₀/);
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('.help-popover:popover-open').count()).toBe(0);
  });
});

// ---------- accessibility ----------

describe('accessibility (axe-core): no serious or critical violations', () => {
  it('detects a violation (an unlabelled field and an image without a name, added on purpose)', async () => {
    const probe = await openApp(session.browser);
    try {
      await probe.page.getByTestId('measurement-y').waitFor();
      await probe.page.evaluate(() => {
        document.querySelector('main')?.insertAdjacentHTML('beforeend', '<input type="text"><img src="favicon.svg">');
      });
      const found = await seriousViolations(probe.page);
      expect(found.some((v) => v.startsWith('label '))).toBe(true);
      expect(found.some((v) => v.startsWith('image-alt '))).toBe(true);
    } finally {
      await probe.context.close();
    }
  });

  it('after a run with a recorded trace, and with the shortcut sheet open', async () => {
    await page.getByTestId('degradation-kind').selectOption('blur-gaussian');
    expect(await runAndWait(page)).toMatch(/^Done/);
    await page.getByTestId('record-trace').click();
    await page.getByTestId('trace-scrub').waitFor({ timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-sheet').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('on a fresh page, in teacher mode, and at 390×844 (without horizontal scrolling)', async () => {
    const fresh = await openApp(session.browser);
    const teacher = await openApp(session.browser, { query: '?teach=1' });
    const phone = await openApp(session.browser, { viewport: PHONE });
    try {
      for (const app of [fresh, teacher, phone]) {
        await app.page.getByTestId('measurement-y').waitFor();
        expect(await seriousViolations(app.page)).toEqual([]);
        expect(app.errors).toEqual([]);
      }
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(phone.page)).toEqual([]);
      expect(await smallTouchTargets(teacher.page)).toEqual([]);
      await screenshot(phone.page, 'teaching-phone');
    } finally {
      await Promise.all([fresh.context.close(), teacher.context.close(), phone.context.close()]);
    }
  });

  it('the tour and an open help popover', async () => {
    const p = (await openApp(session.browser, { query: '?teach=1' })).page;
    try {
      await p.getByTestId('measurement-y').waitFor();
      await p.getByTestId('start-tour').click();
      await p.locator('button[data-help=method]').click();
      await p.locator('.help-popover:popover-open').waitFor();
      expect(await seriousViolations(p)).toEqual([]);
    } finally {
      await p.context().close();
    }
  });
});
