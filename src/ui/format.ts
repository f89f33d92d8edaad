// Number formatting for labels, tooltips and the progress line.
export function formatMetric(id: 'psnr' | 'ssim' | 'rmse' | 'patchSwd' | 'w2', value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : String(value);
  if (id === 'psnr') return `${value.toFixed(2)} dB`;
  return value.toFixed(4);
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
