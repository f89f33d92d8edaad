// The entry point of a benchmark command: when this module is the script Node started, run `main` on the command
// line, exit with its code, and report an unexpected error under the command's name.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A command-line value that must be a positive integer; throws with the flag's name otherwise. */
export function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${flag} takes a positive integer, got "${text}"`);
  return value;
}

/** A study's Markdown report: written to OUT/report.md and printed. */
export function publishReport(out: string, lines: readonly string[]): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'report.md'), lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function runIfMain(moduleUrl: string, name: string, main: (argv: readonly string[]) => Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
