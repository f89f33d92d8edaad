// The D-P checks of docs/results.md on made-up cells whose verdicts are known.
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/bench/results';
import { tradeoffChecks } from '../../src/bench/tradeoffChecks';

const IMAGES = ['a', 'b', 'c', 'd'];

function cells(method: string, points: readonly [number, string, number, number][]): Cell[] {
  return points.flatMap(([knob, setting, psnr, patchSwd]) =>
    IMAGES.map((image, i) => ({
      image,
      method,
      setting,
      knob,
      seed: 0,
      psnr: psnr + 0.01 * (i - 1.5),
      ssim: 0.8,
      rmse: 0.05,
      patch_swd: patchSwd,
      nfe: 40,
      ms: 1,
      batch_cells: 1,
    })),
  );
}

describe('D-P checks', () => {
  it('passes a curve that falls in PSNR and perception score, with x_MAP at the posterior mean', () => {
    const text = tradeoffChecks(
      [
        ...cells('map-rps', [
          [0, 't0 = 0', 28, 0.12],
          [0.5, 't0 = 75', 27.4, 0.1],
          [1, 't0 = 300', 27, 0.09],
        ]),
        ...cells('posterior-mean', [[0, 'from T', 28.2, 0.12]]),
        ...cells('interpolation', [[0.5, 'α = 0.5', 27.3, 0.11]]),
      ],
      'made up',
    );
    expect(text).toMatch(/posterior mean: 28\.00 vs 28\.20 dB, -0\.20 dB .*\(PASS/);
    expect(text).toMatch(/PSNR -1\.00 dB .*\(PASS: falls by at least 0\.5 dB\); patch-SWD -25\.0 % \(PASS/);
    expect(text).toMatch(/\(PASS: none rises beyond its interval\)/);
    // At patch-SWD 0.11 MAP-RPS has 27.7 dB (halfway from 0.10/27.4 to 0.12/28.0): 0.4 dB above interpolation.
    expect(text).toMatch(/against interpolation \(1 of its 1 points .*α = 0\.5 \+0\.40 dB \(PASS/);
  });

  it('fails a curve whose PSNR rises along t0 and whose x_MAP is far below the posterior mean', () => {
    const text = tradeoffChecks(
      [
        ...cells('map-rps', [
          [0, 't0 = 0', 24, 0.2],
          [1, 't0 = 100', 25, 0.15],
        ]),
        ...cells('posterior-mean', [[0, 'from T', 27, 0.12]]),
      ],
      'old stage 1',
    );
    expect(text).toMatch(/-3\.00 dB .*\(FAIL: at most 0\.5 dB below\)/);
    expect(text).toMatch(/PSNR \+1\.00 dB .*\(FAIL: falls by at least 0\.5 dB\)/);
    expect(text).toMatch(/t0 = 0 → t0 = 100: \+1\.00 .* rises beyond its interval/);
    expect(text).toMatch(/\(FAIL: none rises beyond its interval\)/);
  });

  it('is empty without a MAP-RPS curve', () => {
    expect(tradeoffChecks(cells('ddnm', [[0, 'from T', 25, 0.1]]), 'peers')).toBe('');
  });
});
