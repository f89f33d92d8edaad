// Metric registry: every metric compares an output with its reference, both [0,1] images of the same shape.
import type { Image } from '../tensor';
import { patchSwd } from './patchSwd';
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
  },
};

export { type PatchSwdOptions, patchSwd, patchSwdAgainst, patchSwdSets } from './patchSwd';
export { mse, psnr, rmse, ssim };
export { type FeatureSet, frechetDistance, kernelDistance } from './featureDistance';
