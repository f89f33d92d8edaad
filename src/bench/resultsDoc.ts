// Assembles docs/results.md from the reports that `npm run dp` and `npm run bench` wrote: each D-P report as a
// section (its chart copied beside the document), then the speed tables. Every number comes from those runs.
//
//   npx tsx src/bench/resultsDoc.ts --out docs/results.md --bench results/bench results/DIR1 results/DIR2 ...
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { CHART_FILE } from './report';

/** A report's Markdown one heading level down, with its chart link pointing at `chartPath`. */
function section(reportDir: string, chartPath: string): string {
  const text = readFileSync(path.join(reportDir, 'report.md'), 'utf8');
  return text.replace(/^(#+) /gm, '$1# ').replaceAll(`](${CHART_FILE})`, `](${chartPath})`);
}

export async function writeResultsDoc(
  out: string,
  reportDirs: readonly string[],
  benchDir: string | undefined,
  command: string,
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
  }
  if (benchDir) {
    parts.push('## Speed (`npm run bench`)', '', readFileSync(path.join(benchDir, 'bench.md'), 'utf8'), '');
  }
  // Formatted as the repository's Prettier settings want it (the lint step checks docs too).
  const config = (await prettier.resolveConfig(out)) ?? {};
  writeFileSync(out, await prettier.format(parts.join('\n'), { ...config, parser: 'markdown' }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: 'docs/results.md' }, bench: { type: 'string' } },
    allowPositionals: true,
  });
  await writeResultsDoc(values.out, positionals, values.bench, `npx tsx src/bench/resultsDoc.ts ${argv.join(' ')}`);
}
