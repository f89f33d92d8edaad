// The D-P chart's axes (issue 14): a minimum span, nice ticks, and tick labels that never repeat.
import { describe, expect, it } from 'vitest';
import { niceAxis } from '../../src/ui/components/DpPlot';

const labels = (values: number[], minSpan: number) => {
  const axis = niceAxis(values, minSpan);
  return { axis, text: axis.ticks.map((t) => t.toFixed(axis.decimals)) };
};

describe('niceAxis', () => {
  it('widens a 0.2 dB PSNR range to at least 1 dB, centred on the data', () => {
    const { axis, text } = labels([23.21, 23.27, 23.33, 23.41], 1);
    expect(axis.domain[1] - axis.domain[0]).toBeGreaterThanOrEqual(1);
    expect(axis.domain[0]).toBeLessThanOrEqual(23.21);
    expect(axis.domain[1]).toBeGreaterThanOrEqual(23.41);
    expect(new Set(text).size).toBe(text.length);
  });

  it('gives distinct labels at every scale, 3 to 6 ticks on the domain', () => {
    for (const [values, span] of [
      [[0.1012, 0.1018, 0.1031], 0.02],
      [[0.0474, 0.0489], 0.01],
      [[12.3, 19.8, 25.1], 1],
      [[0.8123, 0.8131], 0.02],
      [[1200, 5400], 1],
    ] as [number[], number][]) {
      const { axis, text } = labels(values, span);
      expect(new Set(text).size, text.join(' ')).toBe(text.length);
      expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
      expect(axis.ticks.length).toBeLessThanOrEqual(7);
      expect(axis.ticks[0]).toBe(axis.domain[0]);
      expect(axis.ticks.at(-1)).toBe(axis.domain[1]);
      for (const v of values) {
        expect(v).toBeGreaterThanOrEqual(axis.domain[0]);
        expect(v).toBeLessThanOrEqual(axis.domain[1]);
      }
    }
  });

  it('has an axis without data too', () => {
    expect(niceAxis([], 1).ticks.length).toBeGreaterThanOrEqual(3);
  });
});
