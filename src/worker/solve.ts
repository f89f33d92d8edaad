// One run inside the worker: rebuild the problem from the request, run the chosen method over a Denoiser (ONNX
// or the sandbox's exact one), score every output and stream it back.
import { runMethod } from '../app/experiment';
import type { MapEstimateCache } from '../app/mapEstimateCache';
import { initialKnobs, knobLabel } from '../app/methods';
import { buildDegradation } from '../app/problem';
import { describeStage, residualNorm, traceMethod } from '../app/trace';
import { spectralW2 } from '../app/sandboxPerception';
import type { Denoiser } from '../core/denoiser';
import { metricAgainst } from '../core/metrics';
import { bindMeasurement, type Measurement } from '../core/operators';
import type { GaussianPrior } from '../core/sandbox';
import type { Progress } from '../core/solvers';
import { clampImage, createImage, type Image, toUnitRange } from '../core/tensor';
import type { PointMetrics, PointResult, RunRequest, TraceRequest, TraceStep } from './api';

export class SolverNaNError extends Error {
  override name = 'SolverNaNError';
}

function assertFinite(image: Float32Array, what: string): void {
  const bad = image.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new SolverNaNError(`${what} contains ${image[bad]} at pixel ${bad}`);
}

/** The registry's metrics of each output against one truth (patch-SWD's reference side prepared once per request). */
function scorer(truth01: Image, prior: GaussianPrior | undefined): (image: Image) => PointMetrics {
  const [psnr, ssim, rmse, patchSwd] = (['psnr', 'ssim', 'rmse', 'patchSwd'] as const).map((id) =>
    metricAgainst(id, truth01),
  );
  return (image) => {
    const output = clampImage(toUnitRange(image));
    return {
      psnr: psnr(output),
      ssim: ssim(output),
      rmse: rmse(output),
      patchSwd: patchSwd(output),
      ...(prior ? { w2: spectralW2(prior, image.data) } : {}),
    };
  };
}

/** The operator rebuilt from the request's settings (seeded, as the UI built it), bound to the UI's y. */
function requestMeasurement(request: RunRequest | TraceRequest): Measurement {
  const degradation = buildDegradation(request.degradation, request.shape, request.brush);
  if (!degradation.ok) throw new Error(degradation.message);
  return bindMeasurement(degradation.operator, request.y, request.degradation.sigmaY);
}

/** Reruns one slider position keeping evenly spaced steps, each with its residual ‖y − A x̂0‖. */
export async function traceRequest(
  request: TraceRequest,
  denoiser: Denoiser,
  signal: AbortSignal,
): Promise<{ steps: TraceStep[]; nfe: number }> {
  const measurement = requestMeasurement(request);
  const { snapshots, nfe } = await traceMethod(request.method, {
    denoiser,
    measurement,
    degradation: request.degradation.kind,
    preset: request.preset,
    seed: request.seed,
    knob: request.knob,
    signal,
  });
  const steps = snapshots.map(({ stage, xt, x0 }) => {
    assertFinite(x0, `the x0-estimate at ${describeStage(stage)}`);
    return { stage, xt: xt.slice(), x0: x0.slice(), residual: residualNorm(measurement, x0) };
  });
  return { steps, nfe };
}

export interface SolveHooks {
  signal: AbortSignal;
  onProgress(progress: { nfe: number; nfeTotal: number; stage: string; preview: Float32Array }): void;
  onPoint(point: PointResult): void;
}

/**
 * Runs the request's method for its knobs, curves streamed coarse to fine; resolves with the denoiser calls made.
 * x_MAP is taken from and kept in `mapCache`, so later requests for other knobs of the same inputs skip stage 1.
 */
export async function solveRequest(
  request: RunRequest,
  denoiser: Denoiser,
  sandbox: GaussianPrior | undefined,
  mapCache: MapEstimateCache | undefined,
  hooks: SolveHooks,
): Promise<number> {
  const started = performance.now();
  const { shape, degradation: settings, method, preset, seed } = request;
  const measurement = requestMeasurement(request);
  const scores = scorer(clampImage(toUnitRange(createImage(shape, request.truth))), sandbox);
  const options = {
    signal: hooks.signal,
    onStep: (progress: Progress) =>
      hooks.onProgress({
        nfe: progress.nfe,
        nfeTotal: progress.nfeTotal,
        stage: describeStage(progress.stage),
        preview: progress.preview,
      }),
  };
  const emit = (knob: number, image: Image, nfe: number) => {
    assertFinite(image.data, `the output at ${knobLabel(method, settings.kind, preset, knob) || 'the end'}`);
    hooks.onPoint({
      knob,
      label: knobLabel(method, settings.kind, preset, knob),
      image: image.data,
      metrics: scores(image),
      nfe,
      ms: performance.now() - started,
    });
  };
  return runMethod(method, {
    denoiser,
    measurement,
    degradation: settings.kind,
    preset,
    samples: request.samples,
    knobs: request.knobs.length > 0 ? request.knobs : initialKnobs(method),
    seeds: [seed],
    ...options,
    onPoint: (point) => emit(point.knob, point.image, point.nfe),
    progressive: true,
    mapStore: mapCache?.store({
      prior: request.prior.kind === 'sandbox' ? 'sandbox' : `${request.prior.model.name}@${request.prior.model.sha256}`,
      shape,
      degradation: settings,
      brush: request.brush,
      y: request.y,
      preset,
    }),
  });
}
