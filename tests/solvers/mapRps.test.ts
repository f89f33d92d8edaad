import { describe, expect, it } from 'vitest';
import type { Denoiser } from '../../src/core/denoiser';
import { bindMeasurement, blurOperator, gaussianKernel } from '../../src/core/operators';
import { createRng } from '../../src/core/rng';
import { fourierPosterior, gaussianPrior } from '../../src/core/sandbox';
import { DDPM_SCHEDULE } from '../../src/core/schedule';
import {
  plannedSweepNfe,
  MAP_SIGMA_Y_FLOOR,
  mapTimesteps,
  mapRpsPreset,
  resolveMapWeight,
  mapStart,
  type Stage,
  solveCcdf,
  solveMapRps,
  solvePosteriorSampler,
  sweep,
} from '../../src/core/solvers';
import { autoMap, clampRelease, instrumented, problem, sandbox, squaredDistance } from './sandbox';

const S = 11; // the official noise_t = 10 in this project's timestep convention
const map = autoMap;
const exactStage2 = clampRelease('full', 'linear');

describe('MAP-RPS stage 1 on the Gaussian sandbox', () => {
  // With w = 2σ_y²/σ_s the stage-1 fixed point is the MAP of p(x | y) under the prior smoothed to σ_s, i.e. the
  // exact posterior mean for prior variances λ_k + σ_s² (solvers reference); compared here against exactly that.
  // Iterations: the fast preset's 60 for denoising and the 7×7 std-1 blur, the paper's 200 for a 9×9 std-1.6 blur.
  // From A†y (the official start) the blur cases stop at 27× and 0.76× the MMSE error instead (measured).
  it.each([
    ['denoise', 60, undefined],
    ['deblur', 60, undefined],
    ['deblur', 200, gaussianKernel(9, 1.6)],
  ] as const)(
    '%s, %i iterations: t0 = 0 is within one percent relative MSE of the exact posterior mean',
    async (task, iterations, kernel) => {
      const box = sandbox(task);
      if (kernel) box.operator = blurOperator(box.prior.shape, kernel);
      const sigmaS = DDPM_SCHEDULE.sigma[S];
      const smoothed = gaussianPrior(box.prior.shape);
      smoothed.variance.forEach((v, i) => {
        smoothed.variance[i] = v + sigmaS * sigmaS;
      });
      let offMap = 0;
      let mapError = 0;
      let mmseError = 0;
      for (const seed of [0, 1, 2, 3]) {
        const { truth, measurement, posterior } = problem(box, 100 + seed);
        const { image, nfe } = await solveMapRps(
          box.denoiser,
          measurement,
          { map: map(iterations), stage2: exactStage2, t0: 0 },
          { rng: createRng(seed) },
        );
        expect(nfe).toBe(iterations);
        offMap += squaredDistance(image.data, fourierPosterior(smoothed, measurement).mean);
        mapError += squaredDistance(image.data, truth);
        mmseError += squaredDistance(posterior.mean, truth);
      }
      console.log(`${task}: ‖x_MAP − MAP_σs‖²/‖MMSE − x‖² = ${(offMap / mmseError).toExponential(2)}`);
      expect(offMap / mmseError).toBeLessThan(0.01);
      expect(mapError / mmseError).toBeLessThan(1.01);
    },
    30_000,
  );

  // The fast preset's stage 1 (annealed half-quadratic splitting, 20 iterations from σ ≈ 0.9 down to σ_s) against the
  // exact posterior mean: it ends at the MAP of the σ_s-smoothed posterior, so its error is the MMSE's to within 1 %.
  it.each(['denoise', 'deblur'] as const)(
    "%s: the fast preset's annealed HQS stage 1 has the exact posterior mean's error to within one percent",
    async (task) => {
      const box = sandbox(task);
      const fast = mapRpsPreset(task, 'fast').map;
      let mapError = 0;
      let mmseError = 0;
      for (const seed of [0, 1, 2, 3]) {
        const { truth, measurement, posterior } = problem(box, 100 + seed);
        const { image, nfe } = await solveMapRps(
          box.denoiser,
          measurement,
          { map: fast, stage2: exactStage2, t0: 0 },
          { rng: createRng(seed) },
        );
        expect(nfe).toBe(fast.iterations);
        mapError += squaredDistance(image.data, truth);
        mmseError += squaredDistance(posterior.mean, truth);
      }
      console.log(`${task}: fast stage 1 error / MMSE error = ${(mapError / mmseError).toFixed(4)}`);
      expect(mapError / mmseError).toBeLessThan(1.01);
    },
    30_000,
  );

  it('runs the annealed HQS stage 1 without measurement noise: the data step is then the projection onto Ax = y', async () => {
    const box = sandbox('deblur');
    const { measurement } = problem(box, 9, 0);
    const fast = mapRpsPreset('deblur', 'fast').map;
    const { image } = await solveMapRps(
      box.denoiser,
      measurement,
      { map: fast, stage2: exactStage2, t0: 0 },
      { rng: createRng(1) },
    );
    expect(image.data.every(Number.isFinite)).toBe(true);
    const residual = squaredDistance(measurement.operator.forward(image.data), measurement.y);
    expect(residual).toBeLessThan(
      1e-6 *
        squaredDistance(
          measurement.y,
          measurement.y.map(() => 0),
        ),
    );
  });

  it('starts from the Wiener inverse V diag(s/(s² + σ_y²)) Uᵀy, which is A†y without noise', () => {
    const box = sandbox('deblur');
    const { measurement } = problem(box, 5);
    const { svd } = measurement.operator;
    const yCoeffs = svd.uT(measurement.y);
    const wiener = svd.v(yCoeffs.map((c, i) => (svd.singular[i] * c) / (svd.singular[i] ** 2 + 0.05 ** 2)));
    expect(squaredDistance(mapStart(measurement), wiener)).toBeLessThan(
      1e-8 *
        squaredDistance(
          wiener,
          wiener.map(() => 0),
        ),
    );
    const noiseless = bindMeasurement(measurement.operator, measurement.y, 0);
    const pinv = measurement.operator.pseudoInverse(measurement.y);
    expect(squaredDistance(mapStart(noiseless), pinv)).toBeLessThan(
      1e-8 *
        squaredDistance(
          pinv,
          pinv.map(() => 0),
        ),
    );
  });
  it("resolves w = 'auto' to 2σ_y²/σ_s, with σ_y raised to a floor below it", () => {
    expect(resolveMapWeight(map(1), 0.1, DDPM_SCHEDULE)).toBeCloseTo((2 * 0.01) / DDPM_SCHEDULE.sigma[S], 12);
    expect(resolveMapWeight({ ...map(1), weight: 0.7 }, 0, DDPM_SCHEDULE)).toBe(0.7);
    const floor = (2 * MAP_SIGMA_Y_FLOOR ** 2) / DDPM_SCHEDULE.sigma[S];
    expect(resolveMapWeight(map(1), 0, DDPM_SCHEDULE)).toBeCloseTo(floor, 12);
  });

  it('anneals the prior timestep geometrically in σ from the start timestep down to s', () => {
    const steps = mapTimesteps({ ...map(20), startTimestep: 240 }, DDPM_SCHEDULE);
    expect(steps[0]).toBe(240);
    expect(steps[19]).toBe(S);
    for (let k = 1; k < 20; k++) expect(steps[k]).toBeLessThan(steps[k - 1]);
    const ratios = Array.from(steps.slice(1), (t, k) => DDPM_SCHEDULE.sigma[t] / DDPM_SCHEDULE.sigma[steps[k]]);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0], 1);
    expect([...mapTimesteps(map(5), DDPM_SCHEDULE)]).toEqual([S, S, S, S, S]);
  });
});

describe('MAP-RPS sweep', () => {
  const box = sandbox('deblur');
  const { measurement } = problem(box, 7);
  const config = { map: map(10), stage2: exactStage2 };

  it('runs stage 1 once per seed and all branches batched: NFE = iterations + longest branch', async () => {
    const { denoiser, stats } = instrumented(box.denoiser);
    const streamed: number[] = [];
    const result = await sweep(denoiser, measurement, config, [20, 0, 5], [3, 4], {
      onPoint: (p) => streamed.push(p.t0),
    });
    expect(result.nfe).toBe(10 + 20);
    expect(stats.calls).toBe(result.nfe);
    expect(plannedSweepNfe(config, [20, 0, 5])).toBe(result.nfe);
    expect(stats.images).toBe(2 * 10 + 2 * (5 + 20));
    expect(streamed).toEqual([0, 0, 5, 5, 20, 20]);
    const at = (t0: number, seed: number) => result.points.find((p) => p.t0 === t0 && p.seed === seed);
    expect(at(20, 3)?.nfe).toBe(30);
    expect(at(5, 4)?.nfe).toBe(15);
    // t0 = 0 returns x_MAP; every point equals the single solve with the same seed.
    expect(at(0, 4)?.image.data).toEqual(result.estimates[1].data);
    for (const [t0, seed] of [
      [0, 4],
      [5, 3],
      [20, 4],
    ]) {
      const single = await solveMapRps(box.denoiser, measurement, { ...config, t0 }, { rng: createRng(seed) });
      expect(single.image.data).toEqual(at(t0, seed)?.image.data);
    }
  });

  it('skips stage 1 given x_MAP from an earlier sweep: new t0 values cost their branches only, same pixels', async () => {
    const first = await sweep(box.denoiser, measurement, config, [0, 5], [3, 4]);
    const { denoiser, stats } = instrumented(box.denoiser);
    const mapEstimates = first.estimates.map((x) => x.data);
    const more = await sweep(denoiser, measurement, config, [0, 12, 20], [3, 4], { mapEstimates });
    expect(more.nfe).toBe(20);
    expect(stats.calls).toBe(20);
    expect(stats.images).toBe(2 * (12 + 20));
    expect(plannedSweepNfe(config, [0, 12, 20], { mapEstimates })).toBe(20);
    const full = await sweep(box.denoiser, measurement, config, [0, 12, 20], [3, 4]);
    expect(more.points.map((p) => [p.t0, p.seed, p.nfe])).toEqual(full.points.map((p) => [p.t0, p.seed, p.nfe]));
    more.points.forEach((p, i) => expect(p.image.data).toEqual(full.points[i].image.data));
    expect(more.points.find((p) => p.t0 === 20)?.nfe).toBe(30); // on its own it still needs stage 1
    await expect(sweep(box.denoiser, measurement, config, [5], [3], { mapEstimates })).rejects.toThrow(
      /given for 2 seeds, but the run has 1/,
    );
    await expect(
      sweep(box.denoiser, measurement, config, [5], [3], { mapEstimates: [new Float32Array(3)] }),
    ).rejects.toThrow(/has 3 values, expected 256/);
    await expect(
      sweep(box.denoiser, measurement, { stage2: exactStage2 }, [5], [3, 4], { mapEstimates }),
    ).rejects.toThrow(/CCDF has no stage 1/);
  });

  it('progressive: streams x_MAP, then the largest t0, then the t0 values between, with the same pixels', async () => {
    const { denoiser, stats } = instrumented(box.denoiser);
    const streamed: number[] = [];
    const callsAtPoint: number[] = [];
    const t0s = [5, 20, 0, 12];
    const result = await sweep(denoiser, measurement, config, t0s, [3, 4], {
      progressive: true,
      onPoint: (p) => {
        streamed.push(p.t0);
        callsAtPoint.push(stats.calls);
      },
    });
    expect(streamed).toEqual([0, 0, 20, 20, 5, 5, 12, 12]);
    expect(callsAtPoint).toEqual([10, 10, 30, 30, 35, 35, 42, 42]);
    expect(result.nfe).toBe(10 + 20 + 12);
    expect(stats.calls).toBe(result.nfe);
    expect(plannedSweepNfe(config, t0s, { progressive: true })).toBe(result.nfe);
    const batched = await sweep(box.denoiser, measurement, config, t0s, [3, 4]);
    for (const p of result.points) {
      const same = batched.points.find((q) => q.t0 === p.t0 && q.seed === p.seed);
      expect(p.image.data).toEqual(same?.image.data);
    }
  });

  it('counts the JVP call of DPS stage-2 steps', async () => {
    const dps = { ...config, stage2: { ...exactStage2, sampler: { kind: 'dps', zeta: 1, eta: 1 } } } as const;
    const { denoiser, stats } = instrumented(box.denoiser);
    const result = await sweep(denoiser, measurement, dps, [0, 6], [1]);
    expect(result.nfe).toBe(10 + 2 * 6);
    expect(stats.calls).toBe(result.nfe);
    expect(plannedSweepNfe(dps, [0, 6])).toBe(result.nfe);
  });

  it('gives the same pixels for the same seed and different ones for another seed', async () => {
    const run = (seed: number) =>
      solveMapRps(box.denoiser, measurement, { ...config, t0: 8 }, { rng: createRng(seed) }).then((r) => r.image.data);
    expect(await run(9)).toEqual(await run(9));
    expect(squaredDistance(await run(9), await run(10))).toBeGreaterThan(1e-6);
  });

  it('stores labelled snapshots of every step and reports progress', async () => {
    const stages: Stage[] = [];
    const result = await solveMapRps(
      box.denoiser,
      measurement,
      { ...config, t0: 4 },
      { rng: createRng(1), keepSnapshots: true, onStep: (p) => stages.push(p.stage) },
    );
    const kinds = result.snapshots?.map((s) => s.stage.kind);
    expect(kinds).toEqual([...Array(10).fill('map'), 'renoise', ...Array(4).fill('sample')]);
    expect(result.snapshots?.[9].stage).toEqual({ kind: 'map', iteration: 10, of: 10 });
    expect(result.snapshots?.[10].stage).toEqual({ kind: 'renoise', t0: 4, sigma: DDPM_SCHEDULE.sigma[4] });
    expect(result.snapshots?.[14].stage).toEqual({
      kind: 'sample',
      step: 4,
      of: 4,
      t: 1,
      sigma: DDPM_SCHEDULE.sigma[1],
    });
    for (const s of result.snapshots ?? []) {
      expect(s.xt.length).toBe(256);
      expect(s.x0.length).toBe(256);
    }
    expect(stages.length).toBe(14);
    const plain = await solveMapRps(box.denoiser, measurement, { ...config, t0: 4 }, { rng: createRng(1) });
    expect(plain.snapshots).toBeUndefined();
    expect(plain.image.data).toEqual(result.image.data);
  });

  it('rejects bad settings with a clear message', async () => {
    const solve = (patch: object) =>
      solveMapRps(box.denoiser, measurement, { ...config, t0: 5, ...patch }, { rng: createRng(1) });
    await expect(solve({ t0: 1001 })).rejects.toThrow(/t0 must be an integer in 0..1000/);
    await expect(solve({ map: map(0) })).rejects.toThrow(/iterations/);
    await expect(solve({ map: { ...map(5), timestep: 0 } })).rejects.toThrow(/s must be ≥ 1/);
    await expect(solve({ stage2: { ...exactStage2, steps: 0 } })).rejects.toThrow(/reverse steps/);
    await expect(solve({ stage2: { ...exactStage2, sampler: { kind: 'ddnm', eta: 2 } } })).rejects.toThrow(/η/);
    await expect(sweep(box.denoiser, measurement, config, [], [1])).rejects.toThrow(/at least one t0/);
  });
});

describe('CCDF', () => {
  it('starts the same stage-2 kernel from the Wiener inverse of y: t0 = 0 is that start, NFE = longest branch', async () => {
    const box = sandbox('deblur');
    const { measurement } = problem(box, 3);
    const { denoiser, stats } = instrumented(box.denoiser);
    const result = await sweep(denoiser, measurement, { stage2: exactStage2 }, [0, 12], [2]);
    expect(result.nfe).toBe(12);
    expect(stats.calls).toBe(12);
    expect(result.points[0].image.data).toEqual(mapStart(measurement));
    const single = await solveCcdf(box.denoiser, measurement, { stage2: exactStage2, t0: 12 }, { rng: createRng(2) });
    expect(single.image.data).toEqual(result.points[1].image.data);
  });
});

describe('cancellation', () => {
  const box = sandbox('denoise');
  const { measurement } = problem(box, 1);
  const config = { map: map(50), stage2: exactStage2, t0: 30 };

  // A denoiser that ignores the signal: the solver itself must stop before its next call.
  const deaf =
    (inner: Denoiser): Denoiser =>
    (x, sigma) =>
      inner(x, sigma);

  it.each([
    ['stage 1', 5],
    ['stage 2', 57],
  ])('aborting during %s rejects before the next denoiser call', async (_, abortAt) => {
    const controller = new AbortController();
    const { denoiser, stats } = instrumented(deaf(box.denoiser), (call) => {
      if (call + 1 === abortAt) controller.abort(new Error('user cancelled'));
    });
    await expect(
      solveMapRps(denoiser, measurement, config, { rng: createRng(1), signal: controller.signal }),
    ).rejects.toThrow('user cancelled');
    expect(stats.calls).toBe(abortAt);
  });

  it('passes the signal to the denoiser and rejects at once when already aborted', async () => {
    const controller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    const spy: Denoiser = (x, sigma, signal) => {
      seen.push(signal);
      return box.denoiser(x, sigma, signal);
    };
    await solveMapRps(
      spy,
      measurement,
      { ...config, map: map(2), t0: 0 },
      { rng: createRng(1), signal: controller.signal },
    );
    expect(seen).toEqual([controller.signal, controller.signal]);
    controller.abort();
    const { denoiser, stats } = instrumented(box.denoiser);
    await expect(
      solveMapRps(denoiser, measurement, config, { rng: createRng(1), signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
    expect(stats.calls).toBe(0);
  });

  it('stops a DPS run between its two calls of a step', async () => {
    const controller = new AbortController();
    const { denoiser, stats } = instrumented(deaf(box.denoiser), (call) => {
      if (call + 1 === 3) controller.abort(new Error('user cancelled'));
    });
    const config = {
      sampler: { kind: 'dps', zeta: 0.3, eta: 1 },
      steps: 10,
      spacing: 'linear',
      clipX0: false,
    } as const;
    await expect(
      solvePosteriorSampler(denoiser, measurement, config, { rng: createRng(1), signal: controller.signal }),
    ).rejects.toThrow('user cancelled');
    expect(stats.calls).toBe(3); // call 3 is x̂0 of step 2; its JVP call never starts
  });

  it('reports a denoiser that returns NaN instead of returning a NaN image', async () => {
    const broken: Denoiser = async (x) => new Float32Array(x.data.length).fill(Number.NaN);
    await expect(solveMapRps(broken, measurement, config, { rng: createRng(1) })).rejects.toThrow(
      /non-finite value \(NaN\) for batch item 0 at σ=/,
    );
  });
});
