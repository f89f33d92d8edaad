// One run inside the worker: rebuild the problem from the request, run the chosen method over a Denoiser (ONNX
// or the sandbox's exact one), score every output and stream it back.
import { runMethod } from '../app/experiment';
import type { MapEstimateCache } from '../app/mapEstimateCache';
import { initialKnobs, knobLabel, taskOf } from '../app/methods';
import { buildDegradation } from '../app/problem';
import { spectralW2 } from '../app/sandboxPerception';
import type { Denoiser } from '../core/denoiser';
import { patchSwd, psnr, rmse, ssim } from '../core/metrics';
import { bindMeasurement } from '../core/operators';
import type { GaussianPrior } from '../core/sandbox';
import type { Progress } from '../core/solvers';
import { clampImage, createImage, type Image, toUnitRange } from '../core/tensor';
import type { PointMetrics, PointResult, RunRequest } from './api';

export class SolverNaNError extends Error {
  override name = 'SolverNaNError';
}

function stageLabel(progress: Progress): string {
  const { stage } = progress;
  if (stage.kind === 'map') return `stage 1 (MAP): iteration ${stage.iteration} of ${stage.of}`;
  if (stage.kind === 'renoise') return `re-noising to t0 = ${stage.t0}`;
  return `sampling: step ${stage.step} of ${stage.of} (t = ${stage.t})`;
}

function assertFinite(image: Float32Array, what: string): void {
  const bad = image.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new SolverNaNError(`${what} contains ${image[bad]} at pixel ${bad}`);
}

function scores(image: Image, truth01: Image, prior: GaussianPrior | undefined): PointMetrics {
  const output = clampImage(toUnitRange(image));
  return {
    psnr: psnr(output, truth01),
    ssim: ssim(output, truth01),
    rmse: rmse(output, truth01),
    patchSwd: patchSwd(output, truth01),
    ...(prior ? { w2: spectralW2(prior, image.data) } : {}),
  };
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
  const degradation = buildDegradation(settings, shape, request.brush);
  if (!degradation.ok) throw new Error(degradation.message);
  const measurement = bindMeasurement(degradation.operator, request.y, settings.sigmaY);
  const truth01 = clampImage(toUnitRange(createImage(shape, request.truth)));
  const task = taskOf(settings.kind);
  const options = {
    signal: hooks.signal,
    onStep: (progress: Progress) =>
      hooks.onProgress({
        nfe: progress.nfe,
        nfeTotal: progress.nfeTotal,
        stage: stageLabel(progress),
        preview: progress.preview,
      }),
  };
  const emit = (knob: number, image: Image, nfe: number) => {
    assertFinite(image.data, `the output at ${knobLabel(method, task, preset, knob) || 'the end'}`);
    hooks.onPoint({
      knob,
      label: knobLabel(method, task, preset, knob),
      image: image.data,
      metrics: scores(image, truth01, sandbox),
      nfe,
      ms: performance.now() - started,
    });
  };
  return runMethod(method, {
    denoiser,
    measurement,
    degradation: settings.kind,
    preset,
    knobs: request.knobs.length > 0 ? request.knobs : initialKnobs(method),
    seeds: [seed],
    ...options,
    onPoint: (point) => emit(point.knob, point.image, point.nfe),
    progressive: true,
    mapStore: mapCache?.store({
      prior:
        request.prior.kind === 'sandbox' ? 'sandbox' : `${request.prior.model.name}@${request.prior.model.version}`,
      shape,
      degradation: settings,
      brush: request.brush,
      y: request.y,
      preset,
    }),
  });
}
