import { describe, expect, it } from 'vitest';
import { inpaintingOperator, type Measurement, measure, randomMask } from '../../src/core/operators';
import { createRng, type Rng } from '../../src/core/rng';
import { samplePrior } from '../../src/core/sandbox';
import {
  mapRpsPreset,
  type PeerMethod,
  peerPreset,
  plannedReverseCalls,
  type ReverseConfig,
  redDiffPreset,
  type SamplerConfig,
  type SolveResult,
  solveCcdf,
  solveMapRps,
  solvePosteriorSampler,
  solveRedDiff,
  type Task,
} from '../../src/core/solvers';
import { markdownTable, publishTable } from './docTables';
import { clampRelease, problem, type SandboxTask, sandbox, squaredDistance } from './sandbox';

// The sandbox field has pixel std 0.5 around 0, so clamping x̂0 to [-1, 1] would bias it: every run here sets clipX0 false.
const unclipped = (config: ReverseConfig): ReverseConfig => ({ ...config, clipX0: false });

type Solver = (measurement: Measurement, rng: Rng) => Promise<SolveResult>;

/** Every solver with its fast preset (w = 'auto' for MAP-RPS: the paper's w values are tuned for natural images). */
function solvers(task: Task): Record<string, Solver> {
  const mapRps = mapRpsPreset(task, 'fast');
  const config = { map: { ...mapRps.map, weight: 'auto' as const }, stage2: unclipped(mapRps.stage2) };
  const peers = Object.fromEntries(
    (['ddnm', 'ddrm', 'diffpir', 'dps', 'dmps', 'clamp-release'] as PeerMethod[]).map((method) => [
      method,
      (m: Measurement, rng: Rng) =>
        solvePosteriorSampler(sandboxDenoiser, m, unclipped(peerPreset(method, task, 'fast')), { rng }),
    ]),
  );
  return {
    'MAP-RPS t0=0': (m, rng) => solveMapRps(sandboxDenoiser, m, { ...config, t0: 0 }, { rng }),
    'MAP-RPS t0=100': (m, rng) => solveMapRps(sandboxDenoiser, m, { ...config, t0: 100 }, { rng }),
    'CCDF t0=100': (m, rng) => solveCcdf(sandboxDenoiser, m, { stage2: config.stage2, t0: 100 }, { rng }),
    ...peers,
    'RED-diff': (m, rng) => solveRedDiff(sandboxDenoiser, m, redDiffPreset('fast'), { rng }),
  };
}
const sandboxDenoiser = sandbox('denoise').denoiser; // the prior (hence the denoiser) is the same for every task

function rms(values: Float32Array): number {
  return Math.sqrt(squaredDistance(values, new Float32Array(values.length)) / values.length);
}

describe('posterior variance on the Gaussian sandbox', () => {
  // Per-frequency variance of (sample − exact posterior mean), estimated over problems (truth, y) and seeds, divided
  // by the exact posterior variance; coefficients pooled into 4 bands of equal size by prior variance (band 1 =
  // lowest frequencies, where the data are strongest).
  async function varianceRatios(task: SandboxTask, config: ReverseConfig, problems: number): Promise<number[]> {
    const box = sandbox(task);
    const n = box.prior.variance.length;
    const error = new Float64Array(n);
    let posteriorVariance: ArrayLike<number> = new Float64Array(n);
    for (let k = 0; k < problems; k++) {
      const { measurement, posterior } = problem(box, 500 + k);
      posteriorVariance = posterior.variance;
      const { image } = await solvePosteriorSampler(box.denoiser, measurement, config, { rng: createRng(k) });
      const coeffs = box.operator.svd.vT(image.data.map((v, i) => v - posterior.mean[i]));
      coeffs.forEach((c, i) => {
        error[i] += (c * c) / problems;
      });
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => box.prior.variance[b] - box.prior.variance[a]);
    const ratio = (indices: number[]) =>
      indices.reduce((s, i) => s + error[i], 0) / indices.reduce((s, i) => s + posteriorVariance[i], 0);
    const bands = [0, 1, 2, 3].map((b) => order.slice((b * n) / 4, ((b + 1) * n) / 4));
    return [...bands.map(ratio), ratio(order)];
  }

  const rows: string[][] = [];
  const record = (task: string, name: string, steps: string, problems: number, ratios: number[]) =>
    rows.push([task, name, steps, String(problems), ...ratios.map((r) => r.toFixed(2))]);

  // Clamp-and-release is exact for this prior in the small-step limit; 200 quadratic steps leave a few % deficit.
  it.each(['denoise', 'deblur'] as const)(
    '%s: clamp-and-release samples have the exact posterior variance within 15 percent per band',
    async (task) => {
      const config = clampRelease(200);
      const ratios = await varianceRatios(task, config, 24);
      record(task, 'clamp-release', '200 quad', 24, ratios);
      for (const r of ratios) expect(Math.abs(r - 1)).toBeLessThan(0.15);
    },
    60_000,
  );

  // The published rules are not exact posterior samplers of a Gaussian (see docs/solvers.md): their ratios are
  // measured and published, with the one deviation the analysis predicts asserted (DDNM+ collapses onto the data
  // where they are strong: its λ-pull re-adds the same measurement noise at every step instead of fresh noise).
  const published: [string, SamplerConfig, number, 'linear' | 'quad'][] = [
    ['DDNM+ η=0.85', { kind: 'ddnm', eta: 0.85 }, 100, 'linear'],
    ['DDRM η=0.85 η_b=1', { kind: 'ddrm', eta: 0.85, etaB: 1 }, 20, 'quad'],
    ['DiffPIR ζ=0.1 λ=1', { kind: 'diffpir', zeta: 0.1, lambda: 1 }, 100, 'quad'],
    ['DMPS', { kind: 'dmps', eta: 1 }, 100, 'linear'],
    ['DPS ζ=0.3', { kind: 'dps', zeta: 0.3, eta: 1 }, 100, 'linear'],
  ];
  it.each(['denoise', 'deblur'] as const)(
    'measures the published samplers (%s)',
    async (task) => {
      for (const [name, sampler, steps, spacing] of published) {
        const ratios = await varianceRatios(task, { sampler, steps, spacing, clipX0: false }, 12);
        record(task, name, `${steps} ${spacing}`, 12, ratios);
        for (const r of ratios) expect(Number.isFinite(r)).toBe(true);
        if (sampler.kind === 'ddnm') expect(ratios[0]).toBeLessThan(0.5);
      }
    },
    60_000,
  );

  it('publishes the variance table', () => {
    expect(rows.length).toBe(12);
    publishTable(
      'variance-table',
      markdownTable(
        ['task', 'sampler', 'steps', 'problems', 'band 1 (low f)', 'band 2', 'band 3', 'band 4 (high f)', 'all'],
        rows,
      ),
    );
  });
});

describe('data consistency of every solver (fast presets, sandbox prior)', () => {
  it.each(Object.keys(solvers('inpaint')))('inpainting: %s keeps the observed pixels (σ_y = 0.05)', async (name) => {
    const box = sandbox('denoise');
    const rng = createRng(31);
    const mask = randomMask(16, 16, 0.5, rng.fork(1));
    const op = inpaintingOperator(box.prior.shape, mask);
    const sigmaY = 0.05;
    const measurement = measure(op, samplePrior(box.prior, rng.fork(2)), sigmaY, rng.fork(3));
    const { image } = await solvers('inpaint')[name](measurement, createRng(4));
    const residual = image.data.map((v, i) => v - measurement.y[i]).filter((_, i) => mask.observed[i] === 1);
    // A posterior sample differs from y by at most √2·σ_y in RMS (σ_y for the MMSE); 1.5σ_y leaves sampling room.
    expect(rms(residual)).toBeLessThan(1.5 * sigmaY);
  });

  it.each(Object.keys(solvers('deblur')))(
    'deblurring: %s brings the residual down to the noise level',
    async (name) => {
      const box = sandbox('deblur');
      const { measurement } = problem(box, 77);
      const { image } = await solvers('deblur')[name](measurement, createRng(5));
      const residual = measurement.y.map((v, i) => v - box.operator.forward(image.data)[i]);
      expect(rms(residual)).toBeLessThan(1.5 * box.sigmaY);
    },
  );

  it.each([
    ['DDNM+', { kind: 'ddnm', eta: 0.85 }],
    ['DDRM', { kind: 'ddrm', eta: 0.85, etaB: 1 }],
    ['clamp-release', { kind: 'clamp-release', eta: 1 }],
  ] as [string, SamplerConfig][])(
    'noiseless inpainting: %s reproduces the observed pixels exactly',
    async (_, sampler) => {
      const box = sandbox('denoise');
      const mask = randomMask(16, 16, 0.3, createRng(2));
      const measurement = measure(
        inpaintingOperator(box.prior.shape, mask),
        samplePrior(box.prior, createRng(3)),
        0,
        createRng(4),
      );
      const { image } = await solvePosteriorSampler(
        box.denoiser,
        measurement,
        { sampler, steps: 30, spacing: 'linear', clipX0: false },
        { rng: createRng(6) },
      );
      image.data.forEach((v, i) => {
        if (mask.observed[i]) expect(Math.abs(v - measurement.y[i])).toBeLessThan(1e-5);
      });
    },
  );

  it('peers give the same pixels for the same seed', async () => {
    const { measurement } = problem(sandbox('deblur'), 8);
    for (const method of ['dps', 'diffpir'] as PeerMethod[]) {
      const run = () =>
        solvePosteriorSampler(sandboxDenoiser, measurement, unclipped(peerPreset(method, 'deblur', 'fast')), {
          rng: createRng(12),
        });
      const [a, b] = [await run(), await run()];
      expect(a.image.data).toEqual(b.image.data);
      expect(a.nfe).toBe(plannedReverseCalls(peerPreset(method, 'deblur', 'fast'), [1000]));
    }
  });
});
