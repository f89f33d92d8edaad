// Metric registry: every metric compares an output with its reference, both [0,1] images of the same shape.
import type { Image } from '../tensor';
import { patchSwd, patchSwdAgainst } from './patchSwd';
import { mse, psnr, rmse } from './pixel';
import { ssim } from './ssim';

export type MetricId = 'psnr' | 'ssim' | 'rmse' | 'patchSwd';

export interface MetricInfo {
  id: MetricId;
  name: string;
  unit: string;
  higherIsBetter: boolean;
  kind: 'distortion' | 'perception';
  compute(output: Image, reference: Image): number;
  /** The same score for many outputs of one reference, with the reference's side computed once (same values). */
  against?(reference: Image): (output: Image) => number;
}

export const METRICS: Record<MetricId, MetricInfo> = {
  psnr: {
    id: 'psnr',
    name: 'PSNR',
    unit: 'dB',
    higherIsBetter: true,
    kind: 'distortion',
    compute: (o, r) => psnr(o, r),
  },
  ssim: { id: 'ssim', name: 'SSIM', unit: '', higherIsBetter: true, kind: 'distortion', compute: (o, r) => ssim(o, r) },
  rmse: { id: 'rmse', name: 'RMSE', unit: '', higherIsBetter: false, kind: 'distortion', compute: rmse },
  patchSwd: {
    id: 'patchSwd',
    name: 'patch-SWD',
    unit: '',
    higherIsBetter: false,
    kind: 'perception',
    compute: (o, r) => patchSwd(o, r),
    against: (r) => patchSwdAgainst(r),
  },
};

/** `METRICS[id]` of many outputs against one reference: what the app, the benchmark and the exports all show. */
export function metricAgainst(id: MetricId, reference: Image): (output: Image) => number {
  const { against, compute } = METRICS[id];
  return against ? against(reference) : (output) => compute(output, reference);
}

export { type PatchSwdLevels, type PatchSwdOptions, patchSwd, patchSwdAgainst, patchSwdSets } from './patchSwd';
export { mse, psnr, rmse, ssim };
export { type FeatureSet, frechetDistance, kernelDistance } from './featureDistance';
