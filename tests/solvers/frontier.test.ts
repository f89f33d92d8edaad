// The distortion–perception table: every traversal strategy against the optimal frontier of Freirich et al. (2021),
// D(P) = D* + (P0 − P)₊², on the Gaussian sandbox (deblurring), with the exact denoiser.
//
// Estimation. D = MSE per pixel against the ground truth, P = W2 per pixel between the prior and the outputs, both
// over PROBLEMS independent (truth, y, solver seed) triples. The outputs of every strategy here are stationary
// Gaussians (linear solvers of a Gaussian problem, up to Adam's mild nonlinearity), so W2 follows from their
// per-coefficient variance: pooled over coefficients that share prior variance and singular value (symmetric
// frequencies), and corrected for the bias of √(sample variance), E(√V̂ − √λ)² ≈ (√V − √λ)² + V/(2m).
// The frontier uses D* and P0 measured the same way on the exact posterior means of the same problems, so
// estimation errors largely cancel in the excess; the theoretical values are printed next to them.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { dpFrontier, spectralVariance } from '../../src/core/sandbox';
import {
  type CurvePoint,
  knobSetting,
  TRAVERSAL_STRATEGIES,
  type TraversalStrategy,
  traversalCurve,
} from '../../src/core/solvers';
import { markdownTable, publishTable } from './docTables';
import { problem, sandbox, sandboxTraversal, squaredDistance } from './sandbox';

const PROBLEMS = 12;
const KNOBS = [0, 0.1, 0.2, 0.3, 0.4, 0.55, 0.75, 1];
const LEVELS = [0.9, 0.7, 0.5, 0.3, 0.1]; // matched perception levels, as fractions of P0

const box = sandbox('deblur');
const n = box.prior.variance.length;
const problems = Array.from({ length: PROBLEMS }, (_, j) => problem(box, 900 + j));

// Clamp-and-release (exact for this prior up to discretisation) as every strategy's sampler, so the table compares
// the traversal strategies, not the samplers; stage 1 with w = 'auto' and 300 iterations (within 1% of the MAP).
const config = sandboxTraversal(300, 30, 50, 1000, 8);

const groups = (() => {
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = `${box.prior.variance[i].toPrecision(6)}|${box.operator.svd.singular[i].toPrecision(6)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  }
  return [...byKey.values()];
})();

interface DpPoint {
  distortion: number;
  perception: number;
}

function dpPoint(outputs: readonly Float32Array[]): DpPoint {
  const variance = spectralVariance(box.prior, outputs);
  let w2 = 0;
  for (const members of groups) {
    const pooled = members.reduce((s, i) => s + variance[i], 0) / members.length;
    const samples = members.length * outputs.length;
    for (const i of members) w2 += (Math.sqrt(pooled) - Math.sqrt(box.prior.variance[i])) ** 2 - pooled / (2 * samples);
  }
  const distortion = outputs.reduce((s, x, j) => s + squaredDistance(x, problems[j].truth), 0) / (outputs.length * n);
  return { distortion, perception: Math.sqrt(Math.max(0, w2) / n) };
}

/** Lowest distortion the piecewise-linear curve reaches at perception P (undefined where it never gets there). */
function distortionAt(curve: readonly DpPoint[], perception: number): number | undefined {
  let best: number | undefined;
  for (let k = 1; k < curve.length; k++) {
    const [a, b] = [curve[k - 1], curve[k]];
    const [lo, hi] = a.perception < b.perception ? [a, b] : [b, a];
    if (perception < lo.perception || perception > hi.perception) continue;
    const f = hi.perception === lo.perception ? 0 : (perception - lo.perception) / (hi.perception - lo.perception);
    const d = lo.distortion + f * (hi.distortion - lo.distortion);
    best = best === undefined ? d : Math.min(best, d);
  }
  return best;
}

async function strategyCurve(strategy: TraversalStrategy): Promise<DpPoint[]> {
  const outputs: Float32Array[][] = KNOBS.map(() => []);
  for (const [j, { measurement }] of problems.entries()) {
    const { points } = await traversalCurve(strategy, box.denoiser, measurement, config, KNOBS, [j]);
    points.forEach((p: CurvePoint) => outputs[KNOBS.indexOf(p.knob)].push(p.image.data));
  }
  return outputs.map(dpPoint);
}

describe('distortion–perception table on the Gaussian sandbox (deblurring)', () => {
  const mmse = dpPoint(problems.map((p) => p.posterior.mean));
  const exactSamples = dpPoint(problems.map((p, j) => p.posterior.sample(createRng(j))));
  const frontier = (perception: number) => mmse.distortion + Math.max(0, mmse.perception - perception) ** 2;
  const curves = new Map<TraversalStrategy, DpPoint[]>();

  it('estimates D* and P0 of the exact posterior mean, and P ≈ 0, D ≈ 2D* for exact posterior samples', () => {
    const theory = dpFrontier(box.prior, box.operator, box.sigmaY);
    console.log(
      `D* = ${mmse.distortion.toFixed(4)} (theory ${theory.dStar.toFixed(4)}), ` +
        `P0 = ${mmse.perception.toFixed(4)} (theory ${theory.w2.toFixed(4)})`,
    );
    expect(mmse.distortion / theory.dStar).toBeGreaterThan(0.9);
    expect(mmse.distortion / theory.dStar).toBeLessThan(1.1);
    expect(mmse.perception / theory.w2).toBeGreaterThan(0.95);
    expect(mmse.perception / theory.w2).toBeLessThan(1.05);
    expect(exactSamples.perception).toBeLessThan(0.1 * mmse.perception);
    expect(exactSamples.distortion / mmse.distortion).toBeGreaterThan(1.8);
    expect(exactSamples.distortion / mmse.distortion).toBeLessThan(2.2);
  });

  it.each(TRAVERSAL_STRATEGIES)(
    '%s traces a curve that never beats the optimal frontier',
    async (strategy) => {
      const curve = await strategyCurve(strategy);
      curves.set(strategy, curve);
      // Monte-Carlo tolerance: 3% of D* (the estimates above scatter by about 1%).
      for (const point of curve)
        expect(point.distortion - frontier(point.perception)).toBeGreaterThan(-0.03 * mmse.distortion);
    },
    60_000,
  );

  it('MAP-RPS at t0 = 0 sits at the D* end of the frontier within 1%', () => {
    const [start] = curves.get('map-rps') ?? [];
    expect(Math.abs(start.distortion / mmse.distortion - 1)).toBeLessThan(0.01);
    expect(Math.abs(start.perception / mmse.perception - 1)).toBeLessThan(0.05);
  });

  it('MAP-RPS lies at or below CCDF at every matched perception level both reach', () => {
    const mapRps = curves.get('map-rps') ?? [];
    const ccdf = curves.get('ccdf') ?? [];
    const matched = LEVELS.map((f) => f * mmse.perception).filter(
      (p) => distortionAt(mapRps, p) !== undefined && distortionAt(ccdf, p) !== undefined,
    );
    expect(matched.length).toBeGreaterThanOrEqual(3);
    for (const p of matched) {
      expect(distortionAt(mapRps, p) ?? Infinity).toBeLessThanOrEqual(
        (distortionAt(ccdf, p) ?? 0) + 0.01 * mmse.distortion,
      );
    }
  });

  it('publishes the table', () => {
    const percent = (d: number | undefined, p: number) =>
      d === undefined ? '—' : `${(((d - frontier(p)) / mmse.distortion) * 100).toFixed(1)}%`;
    const knobRange = (strategy: TraversalStrategy) => {
      const label = (u: number) => Object.values(knobSetting(strategy, u, config))[1];
      return `${Object.keys(knobSetting(strategy, 0, config))[1]} ${label(0)}…${label(1)}`;
    };
    const rows = TRAVERSAL_STRATEGIES.map((strategy) => {
      const curve = curves.get(strategy) ?? [];
      const ends = `(${(curve[0].perception / mmse.perception).toFixed(2)}, ${(curve[0].distortion / mmse.distortion).toFixed(2)}) → (${(curve[curve.length - 1].perception / mmse.perception).toFixed(2)}, ${(curve[curve.length - 1].distortion / mmse.distortion).toFixed(2)})`;
      return [
        strategy,
        knobRange(strategy),
        ends,
        ...LEVELS.map((f) => percent(distortionAt(curve, f * mmse.perception), f * mmse.perception)),
      ];
    });
    const optimal = [
      'optimal frontier',
      '',
      '(1, 1) → (0, 1 + P0²/D*)',
      ...LEVELS.map((f) => `D = ${(frontier(f * mmse.perception) / mmse.distortion).toFixed(3)} D*`),
    ];
    const samples = [
      'exact posterior sample',
      '',
      `(${(exactSamples.perception / mmse.perception).toFixed(2)}, ${(exactSamples.distortion / mmse.distortion).toFixed(2)})`,
      '',
      '',
      '',
      '',
      '',
    ];
    publishTable(
      'frontier-table',
      markdownTable(
        ['strategy', 'knob', '(P/P0, D/D*) from knob 0 to 1', ...LEVELS.map((f) => `excess at P = ${f} P0`)],
        [optimal, ...rows, samples],
      ),
    );
    expect(rows.length).toBe(TRAVERSAL_STRATEGIES.length);
  });
});
