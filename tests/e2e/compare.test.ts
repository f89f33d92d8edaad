// Comparing schedules side by side in real Chromium, on the Gaussian sandbox prior (exact denoiser, no model file)
// with the fast preset: two panels on the same y and seed, the link that reproduces them in a fresh page, and the
// downloads (points CSV, settings file for the benchmark CLI).
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExperiment } from '../../src/app/experiment';
import { POINT_COLUMNS } from '../../src/app/exportData';
import { t0ForKnob, t0Max } from '../../src/core/solvers';
import {
  type AppPage,
  connectBrowser,
  DESKTOP,
  openApp,
  PHONE,
  SCREENSHOTS,
  screenshot,
  seriousViolations,
  smallTouchTargets,
  upload,
  waitForModel,
} from './harness';

const DOWNLOADS = path.resolve('test-output/downloads');
/** A single-method view of the sandbox on its own prior sample: the comparison is switched on through the UI. */
// run=0: nothing computed on open (the app computes a link's settings at once otherwise).
const START = '?v=2&prior=sandbox&image=gaussian-prior-sample&method.method=map-rps&method.preset=fast&seed=5&run=0';

type Browser = Awaited<ReturnType<typeof connectBrowser>>;
let browser: Browser;
let app: AppPage;
let page: Page;

interface TableRow {
  series: string;
  knob: number;
  psnr: number;
  patchSwd: number;
}

/** The comparison chart's text table, one row per (panel, knob). */
function comparePoints(p: Page): Promise<TableRow[]> {
  return p
    .getByTestId('compare-points-table')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        series: tr.getAttribute('data-series') ?? '',
        knob: Number(tr.getAttribute('data-knob')),
        psnr: Number(tr.querySelector('td[data-metric=psnr]')?.textContent),
        patchSwd: Number(tr.querySelector('td[data-metric=patchSwd]')?.textContent),
      })),
    );
}

/** Clicks Run all panels and waits until both panels are done and nothing is queued. */
async function runPanels(p: Page): Promise<void> {
  for (const index of [0, 1]) expect(await p.getByTestId(`panel-${index}`).getAttribute('data-status')).toBe('idle');
  await p.getByTestId('compare-run').click();
  for (const index of [0, 1])
    await p.locator(`[data-testid=panel-${index}][data-status=done]`).waitFor({ timeout: 90_000 });
  await p.locator('[data-testid=compare][data-running=false]').waitFor();
}

async function download(p: Page, testId: string): Promise<Buffer> {
  mkdirSync(DOWNLOADS, { recursive: true });
  const [file] = await Promise.all([p.waitForEvent('download'), p.getByTestId(testId).click()]);
  const target = path.join(DOWNLOADS, file.suggestedFilename());
  await file.saveAs(target);
  return readFileSync(target);
}

beforeAll(async () => {
  browser = await connectBrowser();
  app = await openApp(browser, { query: START });
  page = app.page;
  await waitForModel(page);
  await page.locator('figcaption', { hasText: 'Gaussian prior sample' }).first().waitFor();
});

afterAll(async () => {
  await app?.context.close();
  await browser?.close();
});

describe('two panels on the same y and seed', () => {
  it('runs MAP-RPS and CCDF side by side: one curve each, different curves, the same y and seed', async () => {
    await page.locator('label', { hasText: 'Compare schedules' }).click();
    await page.getByTestId('panel-method-1').selectOption('ccdf');
    expect(await page.getByTestId('panel-method-0').inputValue()).toBe('map-rps');
    await runPanels(page);
    // Points stream in on their own channel: wait for all six of each panel.
    await expect.poll(async () => (await comparePoints(page)).length).toBe(12);
    const rows = await comparePoints(page);
    const [first, second] = [
      rows.filter((r) => r.series.startsWith('1:')),
      rows.filter((r) => r.series.startsWith('2:')),
    ];
    expect(first.map((r) => r.knob)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(second.map((r) => r.knob)).toEqual(first.map((r) => r.knob));
    // The curves differ where the methods differ: MAP-RPS starts from x_MAP, CCDF from the Wiener inverse of y.
    expect(first.map((r) => r.psnr)).not.toEqual(second.map((r) => r.psnr));
    expect(first[0].psnr).not.toBe(second[0].psnr);
    expect(await page.locator('[data-testid=compare-chart] .recharts-scatter-line').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid=compare-chart] [data-testid=highlight-point]').count()).toBe(2);
    // Both requests ran on the y on screen and on the one seed.
    const y = await page.getByTestId('compare').getAttribute('data-y-digest');
    expect(y).toMatch(/^[0-9a-f]+$/);
    for (const index of [0, 1]) {
      const panel = page.getByTestId(`panel-${index}`);
      expect(await panel.getAttribute('data-y-digest')).toBe(y);
      expect(await panel.getAttribute('data-seed')).toBe('5');
      expect(Number(await page.getByTestId(`panel-stats-${index}`).getAttribute('data-nfe'))).toBeGreaterThan(0);
      expect(await page.getByTestId(`panel-stats-${index}`).textContent()).toMatch(/\d+ denoiser calls · \d+\.\d s/);
    }
    await screenshot(page, 'desktop-6-compare');
    expect(await seriousViolations(page)).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it('shows every computed t0 of the chosen panel in the strip, and both panels in the wipe view', async () => {
    expect(await page.getByTestId('t0-strip').getAttribute('data-count')).toBe('6');
    const wipe = page.getByTestId('wipe');
    await page.locator('label', { hasText: /^4×$/ }).click();
    expect(await wipe.getAttribute('data-zoom')).toBe('4');
    await page
      .locator('section', { has: wipe })
      .screenshot({ path: path.join(SCREENSHOTS, 'desktop-7-compare-wipe.png') });
    await page
      .locator('section', { has: page.getByTestId('t0-strip') })
      .screenshot({ path: path.join(SCREENSHOTS, 'desktop-8-compare-strip.png') });
    const rect = (testId: string) =>
      page.getByTestId(testId).evaluate((c) => {
        const { x, y, width } = c.getBoundingClientRect();
        return { x, y, width };
      });
    expect((await rect('wipe-right-image')).width).toBe(1024);
    // The wheel zooms in and out a step; a drag pans both panels by exactly the pointer's travel.
    await wipe.scrollIntoViewIfNeeded();
    const box = await wipe.boundingBox();
    if (!box) throw new Error('the wipe view is not on screen');
    await page.mouse.move(box.x + 100, box.y + 100);
    await page.mouse.wheel(0, -100);
    await expect.poll(() => wipe.getAttribute('data-zoom')).toBe('8');
    await page.mouse.wheel(0, 100);
    await expect.poll(() => wipe.getAttribute('data-zoom')).toBe('4');
    const before = await rect('wipe-left-image');
    await page.mouse.down();
    await page.mouse.move(box.x + 120, box.y + 110, { steps: 4 });
    await page.mouse.up();
    const [left, right] = [await rect('wipe-left-image'), await rect('wipe-right-image')];
    expect(left).toEqual({ x: before.x + 20, y: before.y + 10, width: 1024 });
    expect(right).toEqual(left);
    // Keyboard: arrows pan (and leave the D-P slider alone), − zooms out.
    const slider = await page.getByTestId('compare-slider').inputValue();
    await wipe.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowDown');
    expect(await rect('wipe-left-image')).toEqual({ x: left.x - 16, y: left.y + 16, width: 1024 });
    expect(await page.getByTestId('compare-slider').inputValue()).toBe(slider);
    await page.keyboard.press('-');
    expect(await wipe.getAttribute('data-zoom')).toBe('2');
    // Shift+arrows on the focused shared slider take the coarse step (two points), as on the single run's slider.
    await page.getByTestId('compare-slider').focus();
    await page.keyboard.press('Shift+ArrowRight');
    expect(await page.getByTestId('compare-slider').inputValue()).toBe(String(Number(slider) + 2));
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await page.getByTestId('compare-slider').inputValue()).toBe(slider);
    expect(await page.getByTestId('wipe-left-image').evaluate((c) => getComputedStyle(c).imageRendering)).toBe(
      'pixelated',
    );
  });

  it('fits a 390×844 phone without horizontal scrolling, every control at least 44 px', async () => {
    await page.setViewportSize(PHONE);
    try {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await smallTouchTargets(page)).toEqual([]);
      await screenshot(page, 'phone-3-compare');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('moving the shared slider to a position not computed yet computes it for every panel', async () => {
    await page.getByTestId('compare-slider').fill('3');
    await page.locator('[data-testid=compare][data-running=false]').waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await comparePoints(page)).filter((r) => r.knob === 0.3).length).toBe(2);
    // u = 0.3 on the fast deblurring range: t0 = round(300 · 0.09).
    const t0 = t0ForKnob(0.3, t0Max('deblur', 'fast'));
    expect(await page.getByTestId('panel-caption-0').textContent()).toMatch(new RegExp(`t0 = ${t0} · PSNR`));
  });
});

describe('share and export', () => {
  it('the copied link opens the same settings in a fresh page, and the same PSNR values after a run', async () => {
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
    await page.getByTestId('copy-link').click();
    await page.getByText('Link copied.').waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(await page.getByTestId('share-link').inputValue());
    expect(link).toContain('&panels=map-rps%3Afast%2Cccdf%3Afast');
    expect(link).toContain('slider=3');
    const before = await comparePoints(page);
    const fresh = await openApp(browser, { query: link.slice(link.indexOf('?')) });
    try {
      await waitForModel(fresh.page);
      expect(await fresh.page.getByTestId('share-link').inputValue()).toBe(link);
      expect(await fresh.page.getByTestId('panel-method-1').inputValue()).toBe('ccdf');
      expect(await fresh.page.getByTestId('compare-slider').inputValue()).toBe('3');
      await fresh.page.locator('[data-testid=compare][data-y-digest]').waitFor();
      expect(await fresh.page.getByTestId('compare').getAttribute('data-y-digest')).toBe(
        await page.getByTestId('compare').getAttribute('data-y-digest'),
      );
      // A link computes on open: one run of the panels, the first knobs and the slider's position, without a click.
      for (const index of [0, 1])
        await fresh.page.locator(`[data-testid=panel-${index}][data-status=done]`).waitFor({ timeout: 90_000 });
      await fresh.page.locator('[data-testid=compare][data-running=false]').waitFor();
      await expect.poll(async () => (await comparePoints(fresh.page)).length).toBe(before.length);
      expect(await comparePoints(fresh.page)).toEqual(before);
      expect(fresh.foreignRequests).toEqual([]);
    } finally {
      await fresh.context.close();
    }
  });

  it('exports every computed point as CSV: header, one row per point, the values of the chart', async () => {
    const csv = (await download(page, 'export-csv')).toString('utf8');
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    expect(header).toBe(POINT_COLUMNS.join(','));
    const rows = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [POINT_COLUMNS[i], v])));
    const table = await comparePoints(page);
    expect(rows).toHaveLength(table.length);
    expect(new Set(rows.map((r) => `${r.panel}:${r.method}:${r.preset}:${r.seed}`))).toEqual(
      new Set(['1:map-rps:fast:5', '2:ccdf:fast:5']),
    );
    for (const row of table) {
      const panel = row.series.slice(0, 1);
      const match = rows.find((r) => r.panel === panel && Number(r.knob) === row.knob);
      expect(match?.psnr).toBe(String(row.psnr));
      expect(match?.patch_swd).toBe(String(row.patchSwd));
      // CCDF at t0 = 0 is the Wiener inverse of y itself: no denoiser call.
      expect(Number(match?.nfe)).toBeGreaterThan(match?.method === 'ccdf' && row.knob === 0 ? -1 : 0);
      expect(Number(match?.ms)).toBeGreaterThan(0);
    }
    expect(rows.find((r) => r.panel === '1' && r.knob === '1')).toMatchObject({ knob_name: 't0' });
    expect(rows.find((r) => r.panel === '1' && r.knob === '0')).toMatchObject({ knob_name: 't0', knob_value: '0' });
  });

  it("exports the settings file that the benchmark CLI's parser accepts, with both panels' methods", async () => {
    const experiment = parseExperiment(JSON.parse((await download(page, 'export-settings')).toString('utf8')));
    expect(experiment).toMatchObject({ prior: 'sandbox', methods: ['map-rps', 'ccdf'], preset: 'fast', seeds: [5] });
    expect(experiment.knobs).toEqual([0, 0.2, 0.3, 0.4, 0.6, 0.8, 1]);
  });

  it('exports the chart as SVG with a legend and as PNG, a panel and the t0 strip as PNG', async () => {
    const svg = (await download(page, 'export-chart-svg')).toString('utf8');
    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('1: MAP-RPS (fast)');
    expect(svg).toContain('2: CCDF from the Wiener inverse (fast)');
    const width = (png: Buffer) => {
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      return png.readUInt32BE(16);
    };
    // A panel at 8× with an 8 px margin each side; the strip's 7 points at 4× with 8 px between; the chart at 2×.
    expect(width(await download(page, 'panel-png-0'))).toBe(32 * 8 + 16);
    expect(width(await download(page, 'strip-png'))).toBe(7 * 32 * 4 + 8 * 8);
    const svgWidth = Number(/^<svg[^>]* width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    expect(width(await download(page, 'export-chart-png'))).toBe(Math.round(2 * svgWidth));
  });

  it('a link made with an uploaded image says that the image must be uploaded again, here and where it opens', async () => {
    await upload(page, 'garment.png');
    await page.getByTestId('share-upload-note').waitFor();
    expect(await page.getByTestId('share-upload-note').textContent()).toMatch(/garment\.png.*upload it again/);
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toContain('image=upload%3Agarment.png');
    const fresh = await openApp(browser, { query: link.slice(link.indexOf('?')) });
    try {
      expect(await fresh.page.getByTestId('link-message').textContent()).toMatch(
        /uploaded image \(garment\.png\): upload it again/,
      );
    } finally {
      await fresh.context.close();
    }
  });
});
