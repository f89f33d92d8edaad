// Blur kernels: 1-channel images that sum to 1, with a centre pixel (odd sizes).
import type { Rng } from '../rng';
import { createImage, type Image, resizeArea } from '../tensor';

function assertKernelSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) {
    throw new Error(`kernel size must be an odd positive integer (so the kernel has a centre pixel), got ${size}`);
  }
}

function normalised(image: Image): Image {
  const total = image.data.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error('kernel has no positive weight');
  return createImage(
    image,
    image.data.map((v) => v / total),
  );
}

/** Isotropic Gaussian, weights ∝ exp(−r²/(2 std²)) on a size×size grid. */
export function gaussianKernel(size: number, std: number): Image {
  assertKernelSize(size);
  if (!(std > 0) || !Number.isFinite(std)) throw new Error(`Gaussian kernel std must be finite and > 0, got ${std}`);
  const c = (size - 1) / 2;
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) data[y * size + x] = Math.exp(-((y - c) ** 2 + (x - c) ** 2) / (2 * std * std));
  }
  return normalised(createImage({ c: 1, h: size, w: size }, data));
}

/** Uniform size×size box. */
export function boxKernel(size: number): Image {
  assertKernelSize(size);
  return normalised(createImage({ c: 1, h: size, w: size }, new Float32Array(size * size).fill(1)));
}

// Distributions of the DPS `motionblur` generator (Borodenko), drawn from our seeded RNG.
const betaOne = (rng: Rng, b: number) => 1 - (1 - rng.uniform()) ** (1 / b); // Beta(1, b) by inversion
const gammaInteger = (rng: Rng, k: number) => {
  let sum = 0;
  for (let i = 0; i < k; i++) sum -= Math.log(1 - rng.uniform());
  return sum;
};
const beta = (rng: Rng, a: number, b: number) => {
  const x = gammaInteger(rng, a);
  return x / (x + gammaInteger(rng, b));
};
const uniformIn = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.uniform();
const triangular = (rng: Rng, lo: number, mode: number, hi: number) => {
  const u = rng.uniform();
  const split = (mode - lo) / (hi - lo);
  return u < split ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode));
};

/**
 * Random camera-shake kernel as in the `motionblur` generator used by DPS: a random walk whose total length grows
 * with intensity ∈ [0,1] (0: straight line, 1: strongly curved), drawn at 2× resolution, softened, then downsampled.
 */
export function motionKernel(size: number, intensity: number, rng: Rng): Image {
  assertKernelSize(size);
  if (!(intensity >= 0 && intensity <= 1)) throw new Error(`motion blur intensity must be in [0, 1], got ${intensity}`);
  const eps = 0.1;
  const canvas = 2 * size;
  const diagonal = canvas * Math.SQRT2;
  // step lengths: total ~ 0.75·diag·(U(0,1) + U(0, intensity²)), each ~ Beta(1,30)·(1 − intensity + eps)·diag
  const maxLength = 0.75 * diagonal * (rng.uniform() + uniformIn(rng, 0, intensity ** 2));
  const steps: number[] = [];
  for (let total = 0; total < maxLength;) {
    const step = betaOne(rng, 30) * (1 - intensity + eps) * diagonal;
    if (step < maxLength) {
      steps.push(step);
      total += step;
    }
  }
  // angles: first ~ U(−a, a) with a ~ U(0, intensity·π); then |θ| ~ Triangular(0, intensity·a, a + eps), flipping
  // the sign of the previous angle with probability jitter ~ Beta(2, 20)
  const maxAngle = uniformIn(rng, 0, intensity * Math.PI);
  const jitter = beta(rng, 2, 20);
  const angles = [uniformIn(rng, -maxAngle, maxAngle)];
  while (angles.length < steps.length) {
    const magnitude = triangular(rng, 0, intensity * maxAngle, maxAngle + eps);
    const previousSign = Math.sign(angles[angles.length - 1]);
    angles.push(magnitude * (rng.uniform() < jitter ? -previousSign : previousSign));
  }
  // path = cumulative sum of the steps, centred on its centre of mass, randomly rotated, moved to the canvas centre
  const path: [number, number][] = [];
  let px = 0;
  let py = 0;
  steps.forEach((step, i) => {
    px += step * Math.cos(angles[i]);
    py += step * Math.sin(angles[i]);
    path.push([px, py]);
  });
  const comX = path.reduce((a, p) => a + p[0], 0) / Math.max(1, path.length);
  const comY = path.reduce((a, p) => a + p[1], 0) / Math.max(1, path.length);
  const rotation = uniformIn(rng, 0, Math.PI);
  const points = (path.length > 0 ? path : [[0, 0]]).map(([x, y]): [number, number] => {
    const dx = x - comX;
    const dy = y - comY;
    const c = Math.cos(rotation);
    const s = Math.sin(rotation);
    return [dx * c - dy * s + canvas / 2, dx * s + dy * c + canvas / 2];
  });
  const supersampled = createImage({ c: 1, h: canvas, w: canvas });
  drawPolyline(supersampled, points, Math.max(1, Math.floor(diagonal / 150)));
  const softened = gaussianFilter(supersampled, Math.floor(diagonal * 0.01));
  return normalised(resizeArea(softened, size, size));
}

// Paints a polyline of the given width (in pixels) with value 1, clipped to the image.
function drawPolyline(image: Image, points: [number, number][], width: number): void {
  const radius = (width - 1) / 2;
  const paint = (x: number, y: number) => {
    for (let yy = Math.ceil(y - radius - 0.5); yy <= Math.floor(y + radius + 0.5); yy++) {
      for (let xx = Math.ceil(x - radius - 0.5); xx <= Math.floor(x + radius + 0.5); xx++) {
        if (
          yy >= 0 &&
          yy < image.h &&
          xx >= 0 &&
          xx < image.w &&
          (xx - x) ** 2 + (yy - y) ** 2 <= (radius + 0.5) ** 2
        ) {
          image.data[yy * image.w + xx] = 1;
        }
      }
    }
  };
  points.forEach(([x1, y1], i) => {
    const [x0, y0] = i === 0 ? [x1, y1] : points[i - 1];
    const samples = Math.max(1, Math.ceil(4 * Math.hypot(x1 - x0, y1 - y0)));
    for (let t = 0; t <= samples; t++) paint(x0 + ((x1 - x0) * t) / samples, y0 + ((y1 - y0) * t) / samples);
  });
}

// Separable Gaussian filter (std in pixels, zero padding); std 0 returns the image unchanged.
function gaussianFilter(image: Image, std: number): Image {
  if (std <= 0) return image;
  const radius = Math.ceil(3 * std);
  const taps = Float32Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Math.exp(-((i - radius) ** 2) / (2 * std * std)),
  );
  const total = taps.reduce((a, b) => a + b, 0);
  const { h, w } = image;
  const pass = (input: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(h * w);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let t = -radius; t <= radius; t++) {
          const yy = horizontal ? y : y + t;
          const xx = horizontal ? x + t : x;
          if (yy >= 0 && yy < h && xx >= 0 && xx < w) sum += taps[t + radius] * input[yy * w + xx];
        }
        out[y * w + x] = sum / total;
      }
    }
    return out;
  };
  return createImage(image, pass(pass(image.data, true), false));
}

/** The kernel scaled to peak 1, for display as a grayscale image. */
export function kernelDisplayImage(kernel: Image): Image {
  const peak = kernel.data.reduce((m, v) => Math.max(m, v), 0);
  if (!(peak > 0)) throw new Error('kernel has no positive weight');
  return createImage(
    kernel,
    kernel.data.map((v) => v / peak),
  );
}
