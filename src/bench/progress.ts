// A one-line progress bar with ETA on stderr (redrawn in place on a terminal, a plain line every few seconds when
// stderr is a file or pipe).

const BAR_WIDTH = 24;

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;

  /** `total` is in any unit of work (e.g. planned image evaluations); ETA assumes a steady rate. */
  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, detail: string, force = false): void {
    const now = performance.now();
    const interval = this.stream.isTTY ? 200 : 10_000;
    if (!force && now - this.lastDraw < interval) return;
    this.lastDraw = now;
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const filled = Math.round(fraction * BAR_WIDTH);
    const elapsed = now - this.started;
    const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : Number.POSITIVE_INFINITY;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(1)}% ${detail} | elapsed ${formatDuration(elapsed)} | ETA ${formatDuration(eta)}`;
    if (this.stream.isTTY) this.stream.write(`\r${line.slice(0, (this.stream.columns || 120) - 1)}\x1b[K`);
    else this.stream.write(`${line}\n`);
  }

  finish(message: string): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
    this.stream.write(`${message}\n`);
  }
}
