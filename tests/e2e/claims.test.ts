// Issue 14, item 4: what the lessons, the tour and the slider's help say is true of the run on screen. Each claim is
// read from the page and checked against the numbers the run computed (the chart's table):
// - "lowest error" at the MAP end (t0 = 0): the highest PSNR and the lowest RMSE of the curve;
// - "a little more error" / "trades a little error" towards the sampling end: PSNR falls, by less than 3 dB;
// - "sharp, realistic" at the sampling end: a lower patch-SWD than x_MAP's;
// - the big hole: every sample a different guess (another seed, other pixels), the MAP's average the lower error;
// - the Gaussian sandbox: the curve keeps to the optimal frontier (the bound of the expected distortion).
// Until the solver fix of issue 17 lands, the faces64 claims may fail here: that is the point of this test.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSession, canvasPixels, chartPoints, runAndWait } from './harness';

const session = appSession('?v=2&prior=faces64&image=face-1&run=0');
let page: Page;

beforeAll(() => {
  ({ page } = session);
});

type Points = Map<number, Record<string, number>>;

async function loadLessonAndRun(p: Page, id: string): Promise<Points> {
  await p.getByTestId('lesson').selectOption(id);
  await p.getByTestId('load-lesson').click();
  await p.getByTestId('measurement-y').waitFor();
  expect(await runAndWait(p, 240_000)).toMatch(/^Done/);
  await expect.poll(() => p.getByTestId('dp-chart').getAttribute('data-points'), { timeout: 60_000 }).toBe('6');
  return chartPoints(p);
}

const lessonIdea = (p: Page) => p.locator('section[aria-labelledby=lesson-heading] p.hint').first().textContent();

/** "lowest error" at t0 = 0: the highest PSNR and the lowest RMSE of every computed point. */
function expectLowestErrorAtMap(points: Points) {
  const map = points.get(0);
  if (!map) throw new Error('x_MAP (t0 = 0) is not computed');
  for (const [knob, point] of points) {
    if (knob === 0) continue;
    expect(map.psnr, `PSNR at t0 = 0 vs knob ${knob}`).toBeGreaterThan(point.psnr);
    expect(map.rmse, `RMSE at t0 = 0 vs knob ${knob}`).toBeLessThan(point.rmse);
  }
}

/** "a little more error" and "sharp, realistic" at the sampling end. */
function expectSharperWithALittleMoreError(points: Points) {
  const map = points.get(0);
  const sample = points.get(1);
  if (!map || !sample) throw new Error('an end of the curve is not computed');
  expect(sample.psnr).toBeLessThan(map.psnr);
  expect(map.psnr - sample.psnr).toBeLessThan(3);
  expect(sample.patchSwd).toBeLessThan(map.patchSwd);
}

describe('claims of the text, checked against the run', () => {
  it('lesson "blur: MAP vs sample", the tour and the slider help, on faces64', async () => {
    const points = await loadLessonAndRun(page, 'blur-map-vs-sample');
    const idea = (await lessonIdea(page)) ?? '';
    expect(idea).toMatch(/lowest error/);
    expect(idea).toMatch(/trades a little error for sharp, realistic texture/);
    await page.getByTestId('start-tour').click();
    const tour = page.getByTestId('tour');
    const texts: string[] = [];
    for (let step = 1; step <= 5; step++) {
      await expect.poll(() => tour.getAttribute('data-step')).toBe(String(step));
      texts.push((await tour.textContent()) ?? '');
      if (step < 5) await page.getByTestId('tour-next').click();
    }
    await tour.getByRole('button', { name: 'Close tour' }).click();
    expect(texts[2]).toMatch(/the lowest error, but soft/);
    expect(texts[4]).toMatch(/sharp, a little more error/);
    const help = (await page.locator('button[data-help=slider] + .help-popover').textContent()) ?? '';
    expect(help).toMatch(/MAP estimate \(lowest error, blurry\).*posterior sample \(sharp/);
    expectLowestErrorAtMap(points);
    expectSharperWithALittleMoreError(points);
  });

  it('lesson "big hole": the MAP average has the lower error, each seed gives another sample', async () => {
    const points = await loadLessonAndRun(page, 'big-hole');
    expect((await lessonIdea(page)) ?? '').toMatch(
      /the MAP fills it with a bland average, each sample with a different/,
    );
    const map = points.get(0);
    const sample = points.get(1);
    if (!map || !sample) throw new Error('an end of the curve is not computed');
    expect(map.psnr).toBeGreaterThan(sample.psnr);
    await page.getByTestId('dp-slider').fill('10');
    await page.getByTestId('result-caption').and(page.locator('[data-state=computed]')).waitFor();
    const first = await canvasPixels(page, 'result-image');
    await page.getByTestId('seed').fill(String(Number(await page.getByTestId('seed').inputValue()) + 1));
    expect(await runAndWait(page, 240_000)).toMatch(/^Done/);
    await page.getByTestId('result-caption').and(page.locator('[data-state=computed]')).waitFor();
    expect(await canvasPixels(page, 'result-image')).not.toBe(first);
  });

  it('lesson "Gaussian sandbox": the curve keeps to the optimal frontier, x_MAP close to it', async () => {
    const points = await loadLessonAndRun(page, 'gaussian-sandbox');
    expect((await lessonIdea(page)) ?? '').toMatch(/the best possible distortion at each perception level is known/);
    const frontier = await page
      .getByTestId('dp-chart-frontier')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => ({
          w2: Number(tr.querySelector('[data-metric=w2]')?.textContent),
          rmse: Number(tr.querySelector('[data-metric=rmse]')?.textContent),
        })),
      );
    expect(frontier.length).toBeGreaterThan(1);
    frontier.sort((a, b) => a.w2 - b.w2);
    // The frontier's least RMSE at a perception level w2 (linear between its samples; beyond its ends, its end).
    const bound = (w2: number) => {
      if (w2 <= frontier[0].w2) return frontier[0].rmse;
      for (let i = 1; i < frontier.length; i++) {
        const [a, b] = [frontier[i - 1], frontier[i]];
        if (w2 <= b.w2) return a.rmse + ((w2 - a.w2) / (b.w2 - a.w2)) * (b.rmse - a.rmse);
      }
      return frontier[frontier.length - 1].rmse;
    };
    // The frontier bounds the expected distortion; one image's RMSE scatters about its expectation (a few per cent
    // on 32×32), so a point may sit slightly below the line, never far: within 10% of it, x_MAP (the posterior mean
    // for a Gaussian prior, the frontier's own end) included.
    for (const [knob, point] of points) {
      const line = bound(point.w2);
      expect(point.rmse, `knob ${knob}: RMSE ${point.rmse} at W2 ${point.w2}, frontier ${line}`).toBeGreaterThan(
        0.9 * line,
      );
    }
    const map = points.get(0);
    if (!map) throw new Error('x_MAP (t0 = 0) is not computed');
    expect(Math.abs(map.rmse / bound(map.w2) - 1)).toBeLessThan(0.1);
  });
});
