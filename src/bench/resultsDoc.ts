// Assembles docs/results.md from the reports that `npm run dp` and `npm run bench` wrote: each D-P report as a
// section (its chart copied beside the document), then the speed tables and the browser-runtime comparison (with its
// decision, computed from runtimes.json). Every number comes from those runs.
//
//   npx tsx src/bench/resultsDoc.ts --out docs/results.md --bench results/bench [--stage1 results/stage1]
//     [--compare FAST,PAPER] DIR1 DIR2 ...
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { CHART_FILE } from './report';
import { type Cell, cellKey, formatKnob, readCells } from './results';
import { type RuntimeComparison, runtimeComparisonMarkdown } from './runtimes';
import { tradeoffChecks } from './tradeoffChecks';

// Speed-target agreement of the fast preset with the paper defaults (issue "full D-P curve in under 10 s").
const AGREEMENT = { psnrDb: 0.5, patchSwdRelative: 0.1 };

/** A report's Markdown one heading level down, with its chart link pointing at `chartPath`. */
function section(reportDir: string, chartPath: string): string {
  const text = readFileSync(path.join(reportDir, 'report.md'), 'utf8');
  return text.replace(/^(#+) /gm, '$1# ').replaceAll(`](${CHART_FILE})`, `](${chartPath})`);
}

/** The `npm run dp` command quoted at the top of a run's report. */
function generatedBy(dir: string): string {
  const command = /```\n(npm run dp[^\n]*)\n```/.exec(readFileSync(path.join(dir, 'report.md'), 'utf8'))?.[1];
  if (!command) throw new Error(`${dir}/report.md quotes no npm run dp command`);
  return command;
}

/**
 * MAP-RPS of a fast-preset run against a paper-preset run of the same images, at matched (image, knob, seed) cells:
 * mean PSNR and mean per-image patch-SWD per t0. The fast preset must not be worse than the paper defaults by more
 * than the agreement margins; being better by more is reported as such.
 */
function presetComparison(fastDir: string, paperDir: string): string {
  const mapRps = (dir: string) => readCells(path.join(dir, 'cells.csv')).filter((c) => c.method === 'map-rps');
  const paper = new Map(mapRps(paperDir).map((c) => [cellKey(c), c]));
  const pairs = mapRps(fastDir).flatMap((c) => (paper.has(cellKey(c)) ? [[c, paper.get(cellKey(c)) as Cell]] : []));
  if (pairs.length === 0) throw new Error(`${fastDir} and ${paperDir} share no MAP-RPS cells`);
  const knobs = [...new Set(pairs.map(([c]) => formatKnob(c.knob)))];
  const mean = (cells: Cell[], key: 'psnr' | 'patch_swd') => cells.reduce((s, c) => s + c[key], 0) / cells.length;
  const rows = knobs.map((knob) => {
    const matched = pairs.filter(([c]) => formatKnob(c.knob) === knob);
    const fast = matched.map(([f]) => f);
    const slow = matched.map(([, p]) => p);
    const dPsnr = mean(fast, 'psnr') - mean(slow, 'psnr');
    const swdChange = mean(fast, 'patch_swd') / mean(slow, 'patch_swd') - 1;
    const worse = dPsnr < -AGREEMENT.psnrDb || swdChange > AGREEMENT.patchSwdRelative;
    const within = Math.abs(dPsnr) <= AGREEMENT.psnrDb && Math.abs(swdChange) <= AGREEMENT.patchSwdRelative;
    const result = worse ? 'FAIL' : within ? 'PASS' : 'PASS (fast better)';
    const gaps = matched.map(([f, p]) => f.psnr - p.psnr);
    const widest = gaps.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
    return `| ${fast[0].setting} | ${matched.length} | ${mean(fast, 'psnr').toFixed(2)} | ${mean(slow, 'psnr').toFixed(2)} | ${dPsnr.toFixed(2)} | ${widest.toFixed(2)} | ${mean(fast, 'patch_swd').toFixed(3)} | ${mean(slow, 'patch_swd').toFixed(3)} | ${(swdChange * 100).toFixed(1)}% | ${result} |`;
  });
  return [
    `### MAP-RPS, fast preset against paper defaults: ${path.basename(fastDir)}`,
    '',
    '```',
    generatedBy(fastDir),
    generatedBy(paperDir),
    '```',
    '',
    `Matched cells (same image, t0 and seed). Target: the fast curve no more than ${AGREEMENT.psnrDb} dB PSNR below and ${AGREEMENT.patchSwdRelative * 100}% patch-SWD (mean per image) above the paper curve at every t0; PASS (fast better) where it is better than that. Widest gap: the single image with the largest |Δ dB|.`,
    '',
    '| setting | cells | PSNR fast | PSNR paper | Δ dB | widest gap dB | patch-SWD fast | patch-SWD paper | change | result |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
  ].join('\n');
}

/**
 * The speed section from `npm run bench`'s output directory: its tables (bench.md), then the browser-runtime
 * comparison generated again from runtimes.json (the table and the decision sentence, computed from the numbers).
 * Either may be missing (`npm run bench -- --only runtimes` writes only the comparison), not both.
 */
export function speedSection(benchDir: string): string[] {
  const benchFile = path.join(benchDir, 'bench.md');
  const runtimesFile = path.join(benchDir, 'runtimes.json');
  if (!existsSync(benchFile) && !existsSync(runtimesFile)) {
    throw new Error(`${benchDir} has neither bench.md nor runtimes.json (run npm run bench first)`);
  }
  const parts = ['## Speed (`npm run bench`)', ''];
  if (existsSync(benchFile)) parts.push(readFileSync(benchFile, 'utf8'), '');
  if (existsSync(runtimesFile)) {
    const comparison = JSON.parse(readFileSync(runtimesFile, 'utf8')) as RuntimeComparison;
    parts.push(runtimeComparisonMarkdown(comparison, '###'), '');
  }
  return parts;
}

export async function writeResultsDoc(
  out: string,
  reportDirs: readonly string[],
  comparisons: readonly [string, string][],
  benchDir: string | undefined,
  command: string,
  stage1Dir?: string,
) {
  const assetsDir = path.join(path.dirname(out), path.basename(out, '.md'));
  mkdirSync(assetsDir, { recursive: true });
  const parts = [
    '# Results',
    '',
    'Generated from the outputs of the commands quoted in each section, assembled by',
    '',
    '```',
    command,
    '```',
    '',
    'Nothing in this file is typed by hand: rerun the commands to regenerate it.',
    '',
  ];
  for (const dir of reportDirs) {
    if (!existsSync(path.join(dir, 'report.md'))) throw new Error(`${dir} has no report.md (run npm run dp first)`);
    const chart = `${path.basename(dir)}.svg`;
    copyFileSync(path.join(dir, CHART_FILE), path.join(assetsDir, chart));
    parts.push(section(dir, `${path.basename(assetsDir)}/${chart}`), '');
    parts.push(tradeoffChecks(readCells(path.join(dir, 'cells.csv')), path.basename(dir)));
  }
  if (stage1Dir) {
    parts.push(readFileSync(path.join(stage1Dir, 'report.md'), 'utf8').replace(/^(#+) /gm, '$1# '), '');
  }
  if (comparisons.length > 0) {
    parts.push('## Fast preset against paper defaults', '', ...comparisons.map(([f, p]) => presetComparison(f, p)));
  }
  if (benchDir) {
    parts.push(...speedSection(benchDir));
  }
  // Formatted as the repository's Prettier settings want it (the lint step checks docs too).
  const config = (await prettier.resolveConfig(out)) ?? {};
  writeFileSync(out, await prettier.format(parts.join('\n'), { ...config, parser: 'markdown' }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: 'docs/results.md' },
      bench: { type: 'string' },
      stage1: { type: 'string' },
      compare: { type: 'string', multiple: true, default: [] },
    },
    allowPositionals: true,
  });
  const comparisons = values.compare.map((pair) => {
    const dirs = pair.split(',');
    if (dirs.length !== 2) throw new Error(`--compare takes FAST_DIR,PAPER_DIR, got ${pair}`);
    return dirs as [string, string];
  });
  const command = `npx tsx src/bench/resultsDoc.ts ${argv.join(' ')}`;
  await writeResultsDoc(values.out, positionals, comparisons, values.bench, command, values.stage1);
}
