// Tables the solver tests compute and print; with UPDATE_DOCS=1 they are also written into docs/solvers.md
// between `<!-- begin:NAME -->` and `<!-- end:NAME -->`, so the doc's numbers come from the tests, not by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOC = fileURLToPath(new URL('../../docs/solvers.md', import.meta.url));

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function publishTable(name: string, markdown: string): void {
  console.log(`\n${name}\n${markdown}\n`);
  if (process.env.UPDATE_DOCS !== '1') return;
  const doc = readFileSync(DOC, 'utf8');
  const begin = `<!-- begin:${name} -->`;
  const end = `<!-- end:${name} -->`;
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/solvers.md has no ${begin} … ${end} section`);
  writeFileSync(DOC, `${doc.slice(0, from + begin.length)}\n${markdown}\n${doc.slice(to)}`);
}
