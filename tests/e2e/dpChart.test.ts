// Issue 14, item 3: the D-P chart reads at a glance: points joined in knob order and labelled with t0, axes with a
// minimum span (≥ 1 dB of PSNR) and distinct tick labels, no label clipped or overlapping (also in teacher mode),
// and the optimal frontier, the posterior-mean reference and the slider ring in the legend, each in its own colour.
// On the Gaussian sandbox (exact denoiser: quick runs, a frontier to draw).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type AppPage, connectBrowser, openApp, runAndWait, SCREENSHOTS, waitForModel } from './harness';

const QUERY = '?v=2&prior=sandbox&image=gaussian-prior-sample&method.method=map-rps&method.preset=fast&seed=3';

let browser: Browser;
let app: AppPage;
let page: Page;

beforeAll(async () => {
  browser = await connectBrowser();
  app = await openApp(browser, { query: QUERY });
  page = app.page;
  await waitForModel(page);
  await page.locator('figcaption', { hasText: 'Gaussian prior sample' }).first().waitFor({ timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await app?.context.close();
  await browser?.close();
});

const chart = (p: Page) => p.getByTestId('dp-chart');

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every text of the chart's SVG with its box on screen, and the SVG's own box. */
const chartTexts = (p: Page) =>
  chart(p).evaluate((box) => {
    const svg = box.querySelector('svg.recharts-surface') as SVGSVGElement;
    const rect = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    return {
      svg: rect(svg),
      texts: [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() !== '')
        .map((t) => ({
          text: t.textContent ?? '',
          box: rect(t),
          // Tick labels (recharts draws them in a layer of their own): centred under the x axis, right-aligned
          // left of the y axis.
          role: t.matches('.recharts-cartesian-axis-tick-value')
            ? t.getAttribute('text-anchor') === 'middle'
              ? 'x-tick'
              : 'y-tick'
            : (t.getAttribute('data-testid') ?? 'other'),
        })),
    };
  });

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function expectReadableAxes(p: Page, minYSpan: number) {
  const [lo, hi] = ((await chart(p).getAttribute('data-y-domain')) ?? '').split(',').map(Number);
  expect(hi - lo).toBeGreaterThanOrEqual(minYSpan - 1e-9);
  const { svg, texts } = await chartTexts(p);
  const xTicks = texts.filter((t) => t.role === 'x-tick').map((t) => t.text);
  const yTicks = texts.filter((t) => t.role === 'y-tick').map((t) => t.text);
  expect(xTicks.length).toBeGreaterThanOrEqual(3);
  expect(yTicks.length).toBeGreaterThanOrEqual(3);
  expect(new Set(xTicks).size).toBe(xTicks.length);
  expect(new Set(yTicks).size).toBe(yTicks.length);
  // Nothing leaves the SVG (recharts' box clips it), and the axis titles overlap no tick label.
  for (const t of texts) {
    expect(t.box.x, t.text).toBeGreaterThanOrEqual(svg.x - 0.5);
    expect(t.box.y, t.text).toBeGreaterThanOrEqual(svg.y - 0.5);
    expect(t.box.x + t.box.width, t.text).toBeLessThanOrEqual(svg.x + svg.width + 0.5);
    expect(t.box.y + t.box.height, t.text).toBeLessThanOrEqual(svg.y + svg.height + 0.5);
  }
  const titles = texts.filter((t) => t.role === 'x-title' || t.role === 'y-title');
  expect(titles).toHaveLength(2);
  for (const title of titles)
    for (const tick of texts.filter((t) => t.role.endsWith('-tick')))
      expect(overlap(title.box, tick.box), `${title.text} over ${tick.text}`).toBe(false);
}

describe('D-P chart', () => {
  beforeAll(async () => {
    expect(await runAndWait(page)).toMatch(/Done/);
    await page.locator('[data-testid=dp-chart][data-points="6"]').waitFor({ timeout: 60_000 });
    await page.locator('.panel.chart').scrollIntoViewIfNeeded();
    await chart(page).screenshot({ path: path.join(SCREENSHOTS, 'chart-sandbox.png') });
  }, 180_000);

  it('joins the points in knob order', async () => {
    // The slider's ring sits on the point of its knob: walk the computed knobs and record where it goes.
    const ring = page.getByTestId('highlight-point');
    const slider = page.getByTestId('dp-slider');
    const vertices: [number, number][] = [];
    for (let index = 0; index <= 10; index += 2) {
      await slider.fill(String(index));
      await expect.poll(() => slider.inputValue()).toBe(String(index));
      await expect.poll(() => ring.count()).toBe(1);
      vertices.push([Number(await ring.getAttribute('data-cx')), Number(await ring.getAttribute('data-cy'))]);
    }
    // The curve's line (the last one; the frontier's comes first) passes through them in that order.
    const d = (await page.locator('[data-testid=dp-chart] .recharts-scatter-line path').last().getAttribute('d')) ?? '';
    const numbers = (d.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);
    const line: [number, number][] = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) line.push([numbers[i], numbers[i + 1]]);
    expect(line).toHaveLength(vertices.length);
    line.forEach(([x, y], i) => {
      expect(Math.abs(x - vertices[i][0]), `vertex ${i}`).toBeLessThan(0.6);
      expect(Math.abs(y - vertices[i][1]), `vertex ${i}`).toBeLessThan(0.6);
    });
  });

  it('labels points with their t0, both ends always, without overlaps', async () => {
    const settings = await page
      .getByTestId('points-table')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-knob'), tr.children[2].textContent ?? ''])),
      );
    const labels = await page.getByTestId('point-label').evaluateAll((texts) =>
      texts.map((t) => {
        const r = t.getBoundingClientRect();
        return {
          knob: t.getAttribute('data-knob') ?? '',
          text: t.textContent ?? '',
          box: { x: r.x, y: r.y, width: r.width, height: r.height },
        };
      }),
    );
    expect(labels.map((l) => l.knob)).toEqual(expect.arrayContaining(['0', '1']));
    for (const label of labels) expect(settings[label.knob]).toBe(`t0 = ${label.text}`);
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i].box, labels[j].box)).toBe(false);
    expect(await page.getByTestId('dp-chart-legend').textContent()).toMatch(/its t0/);
  });

  it('keeps at least 1 dB of PSNR on the y axis, unique ticks and every label inside the chart', async () => {
    await expectReadableAxes(page, 1);
    await page.locator('label:has(input[name=chart-metric][value=rmse])').click();
    await expectReadableAxes(page, 0.01);
    await page.locator('label:has(input[name=chart-metric][value=psnr])').click();
  });

  it('lists the frontier and the slider ring in the legend, in colours of their own', async () => {
    const legend = await page
      .getByTestId('dp-chart-legend')
      .locator('li')
      .evaluateAll((lis) => lis.map((li) => ({ name: li.dataset.name ?? '', colour: li.dataset.colour ?? '' })));
    const names = legend.map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['optimal frontier (theory)', 'slider position']));
    const colours = legend.filter((l) => l.colour).map((l) => l.colour);
    expect(new Set(colours).size).toBe(colours.length);
    // The drawn marks use the legend's colours: the frontier's line and the slider's ring.
    const frontierStroke = await page
      .locator('[data-testid=dp-chart] .recharts-scatter-line path')
      .first()
      .getAttribute('stroke');
    const ringStroke = await page.getByTestId('highlight-point').evaluate((c) => getComputedStyle(c).stroke);
    expect(frontierStroke).toBe(legend.find((l) => l.name.startsWith('optimal frontier'))?.colour);
    expect(ringStroke).not.toBe(frontierStroke);
    expect(ringStroke).toBe('rgb(17, 20, 24)');
  });

  it('adds the posterior mean of the same inputs as a reference point with its own legend entry', async () => {
    await page.getByTestId('method').selectOption('posterior-mean');
    expect(await runAndWait(page, 180_000)).toMatch(/Done/);
    await page.getByTestId('method').selectOption('map-rps');
    await expect.poll(() => chart(page).getAttribute('data-points')).toBe('6');
    await expect.poll(() => page.locator('[data-testid=dp-chart] .reference-point .recharts-symbols').count()).toBe(1);
    const legend = await page
      .getByTestId('dp-chart-legend')
      .locator('li')
      .evaluateAll((lis) => lis.map((li) => ({ name: li.dataset.name ?? '', colour: li.dataset.colour ?? '' })));
    const reference = legend.find((l) => l.name.startsWith('posterior mean'));
    expect(reference).toBeDefined();
    const colours = legend.filter((l) => l.colour).map((l) => l.colour);
    expect(colours).toHaveLength(4);
    expect(new Set(colours).size).toBe(4);
    expect(await page.getByTestId('dp-chart-reference').textContent()).toMatch(/posterior mean.*PSNR/);
    await chart(page).screenshot({ path: path.join(SCREENSHOTS, 'chart-sandbox-reference.png') });
  });

  it('in teacher mode (larger type): still unique ticks and no clipped or overlapping label', async () => {
    await page.getByTestId('teacher-mode').check();
    await expect.poll(() => page.getByTestId('app').getAttribute('data-teach')).toBe('true');
    await expectReadableAxes(page, 1);
    await page.locator('.panel.chart').screenshot({ path: path.join(SCREENSHOTS, 'chart-sandbox-teacher.png') });
    await page.getByTestId('teacher-mode').uncheck();
  });

  it('made no request to any other origin', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
