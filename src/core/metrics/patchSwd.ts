// Patch sliced-Wasserstein distance (Karras et al. 2018, PGGAN, App. D): a weight-free distance between the
// multi-scale 7×7 patch distributions of two image sets. Lower = the outputs' local statistics look more like the
// references'. Exact definition in docs/metrics.md.
import { createRng, randomInt } from '../rng';
import { assertSameShape, formatShape, type Image } from '../tensor';

export interface PatchSwdOptions {
  seed?: number; // patch positions and projection directions
  patchesPerImage?: number; // per pyramid level (PGGAN: 128)
  projections?: number; // random unit directions per level
  minResolution?: number; // coarsest pyramid level (PGGAN: 16)
  /**
   * Which levels the value averages: 'finest' (the full-resolution band-pass level alone: the per-image score the app
   * shows) or 'band-pass' (every level but the low-pass residual: the set-level distance). Default: 'finest' for one
   * output against its reference, 'band-pass' between sets (docs/metrics.md, "Which levels").
   */
  levels?: PatchSwdLevels;
}
export type PatchSwdLevels = 'finest' | 'band-pass';
const DEFAULTS: Required<Omit<PatchSwdOptions, 'levels'>> = {
  seed: 0,
  patchesPerImage: 128,
  projections: 128,
  minResolution: 16,
};
type ResolvedOptions = Required<PatchSwdOptions>;
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

/** One pyramid level of a prepared reference set: where patches are taken, how they are scaled, the directions. */
interface PreparedLevel {
  sites: PatchSite[];
  mean: number[];
  std: number[];
  /** Unit-length projection directions (as drawn, with their lengths), and the sorted reference projections. */
  directions: { direction: Float64Array; length: number; sortedReference: Float64Array }[];
}

function normalise(set: Float64Array, c: number, { mean, std }: { mean: number[]; std: number[] }): void {
  for (let i = 0; i < set.length; i++) {
    const ch = Math.floor(i / (PATCH * PATCH)) % c;
    set[i] = (set[i] - mean[ch]) / std[ch];
  }
}

// Projections of every descriptor (rows of `set`) on `direction`, divided by its length.
function project(set: Float64Array, dimension: number, direction: Float64Array, length: number): Float64Array {
  const count = set.length / dimension;
  const projected = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let d = 0; d < dimension; d++) sum += set[i * dimension + d] * direction[d];
    projected[i] = sum / length;
  }
  return projected;
}

/**
 * The reference side of patch-SWD for `outputCount` outputs: per level the patch sites, the reference statistics,
 * the random directions and the sorted reference projections (PGGAN draws them per level from the seed).
 */
function prepareReferences(
  references: readonly Image[],
  outputCount: number,
  { seed, patchesPerImage, projections, minResolution, levels }: ResolvedOptions,
): PreparedLevel[] {
  const shape = references[0];
  const dimension = shape.c * PATCH * PATCH;
  const pyramids = references.map((image) => laplacianPyramid(image, minResolution));
  const root = createRng(seed);
  const count = patchesPerImage * Math.max(outputCount, references.length);
  // The finest level alone needs no other level's patches (each level draws from its own fork of the seed).
  const scored = levels === 'finest' ? pyramids[0].slice(0, 1) : pyramids[0];
  return scored.map((level, l) => {
    const rng = root.fork(l);
    const sites = Array.from({ length: count }, () => ({
      pick: rng.uniform(),
      top: randomInt(rng, level.h - PATCH + 1),
      left: randomInt(rng, level.w - PATCH + 1),
    }));
    const b = descriptors(
      pyramids.map((p) => p[l]),
      sites,
    );
    const statistics = channelStatistics(b, shape.c);
    normalise(b, shape.c, statistics);
    const directions = Array.from({ length: projections }, () => {
      const direction = new Float64Array(dimension);
      let squares = 0;
      for (let d = 0; d < dimension; d++) {
        direction[d] = rng.normal();
        squares += direction[d] ** 2;
      }
      const length = Math.sqrt(squares);
      return { direction, length, sortedReference: project(b, dimension, direction, length).sort() };
    });
    return { sites, ...statistics, directions };
  });
}

// Per level: the mean over directions θ of mean_i |sort(A θ)_i − sort(B θ)_i| (the 1-D W1 between projections).
function levelDistances(outputs: readonly Image[], prepared: PreparedLevel[], minResolution: number): number[] {
  const { c } = outputs[0];
  const dimension = c * PATCH * PATCH;
  const pyramids = outputs.map((image) => laplacianPyramid(image, minResolution));
  return prepared.map(({ sites, mean, std, directions }, l) => {
    const a = descriptors(
      pyramids.map((p) => p[l]),
      sites,
    );
    normalise(a, c, { mean, std });
    let total = 0;
    for (const { direction, length, sortedReference } of directions) {
      const sortedOutput = project(a, dimension, direction, length).sort();
      let distance = 0;
      for (let i = 0; i < sortedOutput.length; i++) distance += Math.abs(sortedOutput[i] - sortedReference[i]);
      total += distance / sortedOutput.length;
    }
    return total / directions.length;
  });
}

function checkedOptions(shape: Image, options: PatchSwdOptions, levels: PatchSwdLevels): ResolvedOptions {
  const resolved = { ...DEFAULTS, levels, ...options };
  if (shape.h < PATCH || shape.w < PATCH) {
    throw new Error(`patch-SWD needs images of at least ${PATCH}×${PATCH} pixels, got ${formatShape(shape)}`);
  }
  if (!Number.isInteger(resolved.minResolution) || resolved.minResolution < PATCH) {
    throw new Error(`patch-SWD minimum resolution must be an integer ≥ ${PATCH}, got ${resolved.minResolution}`);
  }
  if (resolved.levels !== 'finest' && resolved.levels !== 'band-pass') {
    throw new Error(`patch-SWD levels must be 'finest' or 'band-pass', got ${String(resolved.levels)}`);
  }
  return resolved;
}

/**
 * The value: the finest level's distance, or the mean over the band-pass levels (every level but the low-pass
 * residual, which compares coarse colours, i.e. distortion). An image too small for a band-pass level is scored on
 * its single level. On val faces the finest level rates a posterior sample above the posterior mean on the most
 * images of every task (docs/metrics.md).
 */
function summary(perLevel: number[], levels: PatchSwdLevels): { value: number; perLevel: number[] } {
  if (levels === 'finest') return { value: perLevel[0], perLevel };
  const bands = perLevel.length > 1 ? perLevel.slice(0, -1) : perLevel;
  return { value: bands.reduce((s, v) => s + v, 0) / bands.length, perLevel };
}

/**
 * Patch-SWD between a set of outputs and a set of references (same image shape, [0,1] range), per pyramid level
 * (finest first, the low-pass residual last; only the finest with levels 'finest') and its value (default: the mean
 * over the band-pass levels). Deterministic for a given seed; both sets are sampled at the same patch positions.
 */
export function patchSwdSets(
  outputs: readonly Image[],
  references: readonly Image[],
  options: PatchSwdOptions = {},
): { value: number; perLevel: number[] } {
  if (outputs.length === 0 || references.length === 0) throw new Error('patch-SWD needs at least one image per set');
  const shape = references[0];
  for (const image of [...outputs, ...references]) assertSameShape(image, shape, 'patch-SWD images');
  const resolved = checkedOptions(shape, options, 'band-pass');
  return summary(
    levelDistances(outputs, prepareReferences(references, outputs.length, resolved), resolved.minResolution),
    resolved.levels,
  );
}

/**
 * patchSwd(·, reference) for many outputs: the reference's pyramid, patches and sorted projections are computed once
 * (half the work of each later score). Same values as patchSwd.
 */
export function patchSwdAgainst(reference: Image, options: PatchSwdOptions = {}): (output: Image) => number {
  const resolved = checkedOptions(reference, options, 'finest');
  const prepared = prepareReferences([reference], 1, resolved);
  return (output) => {
    assertSameShape(output, reference, 'patch-SWD images');
    return summary(levelDistances([output], prepared, resolved.minResolution), resolved.levels).value;
  };
}

/**
 * The per-image score the app shows: patch-SWD between one output and its reference, by default on the finest
 * level (7×7 patches of the full-resolution band-pass level: fine detail and texture).
 */
export function patchSwd(output: Image, reference: Image, options: PatchSwdOptions = {}): number {
  return patchSwdSets([output], [reference], { levels: 'finest', ...options }).value;
}
