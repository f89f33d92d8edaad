// SSIM (Wang, Bovik, Sheikh & Simoncelli 2004, eq. 13) with an 11×11 Gaussian window (σ = 1.5), K1 = 0.01,
// K2 = 0.03, population (not sample) covariances, averaged over the pixels whose window lies inside the image and
// then over channels: the numbers of scikit-image 0.19 `structural_similarity(gaussian_weights=True, sigma=1.5,
// use_sample_covariance=False, data_range=1, channel_axis=0)`, which crops 5 pixels per side before averaging.
import { assertSameShape, type Image } from '../tensor';

const SIGMA = 1.5;
const RADIUS = 5; // int(3.5·σ + 0.5), scipy's truncation at 3.5σ
const WINDOW = Array.from({ length: 2 * RADIUS + 1 }, (_, i) => Math.exp(-((i - RADIUS) ** 2) / (2 * SIGMA * SIGMA)));
const WINDOW_SUM = WINDOW.reduce((a, b) => a + b, 0);

// Separable Gaussian filtering, keeping only positions whose window fits ("valid"): (h−10)×(w−10).
function filterValid(plane: Float64Array, h: number, w: number): Float64Array {
  const outW = w - 2 * RADIUS;
  const outH = h - 2 * RADIUS;
  const rows = new Float64Array(h * outW);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < outW; x++) {
      let sum = 0;
      for (let t = 0; t < WINDOW.length; t++) sum += WINDOW[t] * plane[y * w + x + t];
      rows[y * outW + x] = sum / WINDOW_SUM;
    }
  }
  const out = new Float64Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let sum = 0;
      for (let t = 0; t < WINDOW.length; t++) sum += WINDOW[t] * rows[(y + t) * outW + x];
      out[y * outW + x] = sum / WINDOW_SUM;
    }
  }
  return out;
}

export function ssim(output: Image, reference: Image, dataRange = 1): number {
  assertSameShape(output, reference, 'SSIM inputs');
  const { c, h, w } = output;
  if (h < WINDOW.length || w < WINDOW.length) {
    throw new Error(`SSIM needs images of at least 11×11 pixels (its Gaussian window), got ${h}×${w}`);
  }
  const c1 = (0.01 * dataRange) ** 2;
  const c2 = (0.03 * dataRange) ** 2;
  const n = h * w;
  let total = 0;
  for (let ch = 0; ch < c; ch++) {
    const x = Float64Array.from(output.data.subarray(ch * n, (ch + 1) * n));
    const y = Float64Array.from(reference.data.subarray(ch * n, (ch + 1) * n));
    const [mx, my, mxx, myy, mxy] = [x, y, x.map((v) => v * v), y.map((v) => v * v), x.map((v, i) => v * y[i])].map(
      (p) => filterValid(p, h, w),
    );
    let sum = 0;
    for (let i = 0; i < mx.length; i++) {
      const vx = mxx[i] - mx[i] * mx[i];
      const vy = myy[i] - my[i] * my[i];
      const cov = mxy[i] - mx[i] * my[i];
      sum += ((2 * mx[i] * my[i] + c1) * (2 * cov + c2)) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
    }
    total += sum / mx.length;
  }
  return total / c;
}
