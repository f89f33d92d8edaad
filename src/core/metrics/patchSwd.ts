// Patch sliced-Wasserstein distance (Karras et al. 2018, PGGAN, App. D): a weight-free distance between the
// multi-scale 7×7 patch distributions of two image sets. Lower = the outputs' local statistics look more like the
// references'. Exact definition in docs/metrics.md.
import { createRng, type Rng, randomInt } from '../rng';
import { assertSameShape, formatShape, type Image } from '../tensor';

export interface PatchSwdOptions {
  seed?: number; // patch positions and projection directions
  patchesPerImage?: number; // per pyramid level (PGGAN: 128)
  projections?: number; // random unit directions per level
  minResolution?: number; // coarsest pyramid level (PGGAN: 16)
}
const DEFAULTS: Required<PatchSwdOptions> = { seed: 0, patchesPerImage: 128, projections: 128, minResolution: 16 };
const PATCH = 7;

interface Plane {
  c: number;
  h: number;
  w: number;
  data: Float64Array;
}

// Binomial [1 4 6 4 1]/16 filter (cv2.pyrDown/pyrUp), mirror boundary (… c b | a b c … : edge pixel not repeated).
const BINOMIAL = [1, 4, 6, 4, 1].map((v) => v / 16);
const mirror = (i: number, n: number) => {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const j = ((i % period) + period) % period;
  return j < n ? j : period - j;
};

function smooth(image: Plane, gain: number): Plane {
  const { c, h, w } = image;
  const pass = (input: Float64Array, horizontal: boolean) => {
    const out = new Float64Array(input.length);
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let sum = 0;
          for (let t = -2; t <= 2; t++) {
            const yy = horizontal ? y : mirror(y + t, h);
            const xx = horizontal ? mirror(x + t, w) : x;
            sum += BINOMIAL[t + 2] * input[(ch * h + yy) * w + xx];
          }
          out[(ch * h + y) * w + x] = gain * sum;
        }
      }
    }
    return out;
  };
  return { c, h, w, data: pass(pass(image.data, true), false) };
}

function downsample(image: Plane): Plane {
  const smoothed = smooth(image, 1);
  const h = Math.ceil(image.h / 2);
  const w = Math.ceil(image.w / 2);
  const data = new Float64Array(image.c * h * w);
  for (let ch = 0; ch < image.c; ch++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) data[(ch * h + y) * w + x] = smoothed.data[(ch * image.h + 2 * y) * image.w + 2 * x];
    }
  }
  return { c: image.c, h, w, data };
}

// Zero-insertion upsampling to h×w, then the binomial filter with gain 2 per axis (cv2.pyrUp).
function upsample(image: Plane, h: number, w: number): Plane {
  const data = new Float64Array(image.c * h * w);
  for (let ch = 0; ch < image.c; ch++) {
    for (let y = 0; y < image.h; y++) {
      for (let x = 0; x < image.w; x++)
        data[(ch * h + 2 * y) * w + 2 * x] = image.data[(ch * image.h + y) * image.w + x];
    }
  }
  return smooth({ c: image.c, h, w, data }, 2);
}

/** Laplacian pyramid: band-pass levels from full resolution down to ≥ minResolution, then the low-pass residual. */
function laplacianPyramid(image: Image, minResolution: number): Plane[] {
  const gaussian: Plane[] = [{ c: image.c, h: image.h, w: image.w, data: Float64Array.from(image.data) }];
  for (;;) {
    const last = gaussian[gaussian.length - 1];
    if (Math.ceil(last.h / 2) < minResolution || Math.ceil(last.w / 2) < minResolution) break;
    gaussian.push(downsample(last));
  }
  return gaussian.map((level, i) => {
    if (i === gaussian.length - 1) return level;
    const up = upsample(gaussian[i + 1], level.h, level.w);
    return { ...level, data: level.data.map((v, k) => v - up.data[k]) };
  });
}

// Patch positions shared by both sets: (uniform for the image choice, top, left).
interface PatchSite {
  pick: number;
  top: number;
  left: number;
}

function descriptors(levels: Plane[], sites: PatchSite[]): Float64Array {
  const { c, h, w } = levels[0];
  const size = c * PATCH * PATCH;
  const out = new Float64Array(sites.length * size);
  sites.forEach(({ pick, top, left }, p) => {
    const level = levels[Math.floor(pick * levels.length)];
    let k = p * size;
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < PATCH; y++) {
        for (let x = 0; x < PATCH; x++) out[k++] = level.data[(ch * h + top + y) * w + left + x];
      }
    }
  });
  return out;
}

// Per-channel mean and std over all descriptor entries of the reference set (PGGAN's finalize_descriptors).
function channelStatistics(reference: Float64Array, c: number): { mean: number[]; std: number[] } {
  const perChannel = PATCH * PATCH;
  const count = reference.length / c;
  const mean = new Array<number>(c).fill(0);
  const squares = new Array<number>(c).fill(0);
  for (let i = 0; i < reference.length; i++) {
    const ch = Math.floor(i / perChannel) % c;
    mean[ch] += reference[i] / count;
    squares[ch] += reference[i] ** 2 / count;
  }
  const std = mean.map((m, ch) => {
    const s = Math.sqrt(Math.max(0, squares[ch] - m * m));
    return s > 1e-12 ? s : 1; // a flat band (e.g. a constant reference) is compared unscaled
  });
  return { mean, std };
}

// Mean over random unit directions θ of mean_i |sort(A θ)_i − sort(B θ)_i| (the 1-D W1 between projections).
function slicedWasserstein(a: Float64Array, b: Float64Array, dimension: number, projections: number, rng: Rng): number {
  const count = a.length / dimension;
  const direction = new Float64Array(dimension);
  const projectedA = new Float64Array(count);
  const projectedB = new Float64Array(count);
  let total = 0;
  for (let p = 0; p < projections; p++) {
    let length = 0;
    for (let d = 0; d < dimension; d++) {
      direction[d] = rng.normal();
      length += direction[d] ** 2;
    }
    length = Math.sqrt(length);
    for (let i = 0; i < count; i++) {
      let sa = 0;
      let sb = 0;
      for (let d = 0; d < dimension; d++) {
        sa += a[i * dimension + d] * direction[d];
        sb += b[i * dimension + d] * direction[d];
      }
      projectedA[i] = sa / length;
      projectedB[i] = sb / length;
    }
    projectedA.sort();
    projectedB.sort();
    let distance = 0;
    for (let i = 0; i < count; i++) distance += Math.abs(projectedA[i] - projectedB[i]);
    total += distance / count;
  }
  return total / projections;
}

/**
 * Patch-SWD between a set of outputs and a set of references (same image shape, [0,1] range), per pyramid level
 * and averaged over levels. Deterministic for a given seed; both sets are sampled at the same patch positions.
 */
export function patchSwdSets(
  outputs: readonly Image[],
  references: readonly Image[],
  options: PatchSwdOptions = {},
): { value: number; perLevel: number[] } {
  const { seed, patchesPerImage, projections, minResolution } = { ...DEFAULTS, ...options };
  if (outputs.length === 0 || references.length === 0) throw new Error('patch-SWD needs at least one image per set');
  const shape = references[0];
  for (const image of [...outputs, ...references]) assertSameShape(image, shape, 'patch-SWD images');
  if (shape.h < PATCH || shape.w < PATCH) {
    throw new Error(`patch-SWD needs images of at least ${PATCH}×${PATCH} pixels, got ${formatShape(shape)}`);
  }
  if (!Number.isInteger(minResolution) || minResolution < PATCH) {
    throw new Error(`patch-SWD minimum resolution must be an integer ≥ ${PATCH}, got ${minResolution}`);
  }
  const outputPyramids = outputs.map((image) => laplacianPyramid(image, minResolution));
  const referencePyramids = references.map((image) => laplacianPyramid(image, minResolution));
  const root = createRng(seed);
  const count = patchesPerImage * Math.max(outputs.length, references.length);
  const perLevel = referencePyramids[0].map((level, l) => {
    const rng = root.fork(l);
    const sites = Array.from({ length: count }, () => ({
      pick: rng.uniform(),
      top: randomInt(rng, level.h - PATCH + 1),
      left: randomInt(rng, level.w - PATCH + 1),
    }));
    const a = descriptors(
      outputPyramids.map((p) => p[l]),
      sites,
    );
    const b = descriptors(
      referencePyramids.map((p) => p[l]),
      sites,
    );
    const { mean, std } = channelStatistics(b, shape.c);
    for (const set of [a, b]) {
      for (let i = 0; i < set.length; i++) {
        const ch = Math.floor(i / (PATCH * PATCH)) % shape.c;
        set[i] = (set[i] - mean[ch]) / std[ch];
      }
    }
    return slicedWasserstein(a, b, shape.c * PATCH * PATCH, projections, rng);
  });
  return { value: perLevel.reduce((s, v) => s + v, 0) / perLevel.length, perLevel };
}

/** Patch-SWD between one output and its reference. */
export function patchSwd(output: Image, reference: Image, options: PatchSwdOptions = {}): number {
  return patchSwdSets([output], [reference], options).value;
}
