// `npm run perception`: does a perception score see realism? On validation faces, for each task, the posterior mean
// (the average of N posterior samples: smooth, the distortion end) and one independent posterior sample (the
// perception end) are scored by every candidate score; a score that sees realism rates the sample better on most
// images. Also the sanity checks (more blur, more noise → worse) and the set-level values. Outputs are cached as PNGs
// under --out, so a rerun only rescores. Writes --out/report.md (the table of docs/metrics.md).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { taskOf } from '../app/methods';
import { PRIORS } from '../app/priors';
import { buildDegradation, DEGRADATION_LABELS, measureTruth } from '../app/problem';
import { DEFAULT_SETTINGS } from '../app/settings';
import { coalescingDenoiser } from '../core/coalesce';
import { frechetDistance, kernelDistance, METRICS, patchSwdSets } from '../core/metrics';
import { blurOperator, gaussianKernel } from '../core/operators';
import { createRng } from '../core/rng';
import { peerPreset, posteriorMeanPreset, solvePosteriorMean, solvePosteriorSampler } from '../core/solvers';
import { clampImage, createImage, type Image, toSignedRange, toUnitRange } from '../core/tensor';
import { TASKS, taskNames } from './dp';
import { cachedFaceDescriptors, FACE_DESCRIPTOR_NETWORK } from './faceDescriptors';
import { type NamedImage, quantise, readImageSet, readPng, writePng } from './images';
import { loadPrior } from './priors';
import { machineDescription } from './report';
import { positiveInteger, publishReport, runIfMain } from './cli';

/** The ids of `candidateScores`, in its order. */
export const CANDIDATE_IDS: readonly string[] = [
  'patchSwd',
  'patchSwd-band-pass',
  'patchSwd-all-levels',
  'prior-patches',
];

const USAGE = `Usage: npm run perception -- [--images VAL.tar|DIR] [--limit N] [--tasks deblur-gauss,inpaint-box,inpaint-random]
                            [--samples N] [--bank TRAIN.tar|DIR] [--scores ID,...] [--threads N] [--models DIR]
                            [--out DIR]
  --scores   the candidate scores to tabulate (default all: ${CANDIDATE_IDS.join(', ')}); the no-reference one
             scores every image against the whole bank and takes far longer than the others`;

const OPTIONS = {
  images: { type: 'string', default: '../shared/data/utkface64/utkface64-val.tar' },
  limit: { type: 'string', default: '100' },
  tasks: { type: 'string', default: 'deblur-gauss,inpaint-box,inpaint-random' },
  samples: { type: 'string', default: '8' },
  scores: { type: 'string' },
  threads: { type: 'string', default: '1' },
  bank: { type: 'string', default: '../shared/data/utkface64/utkface64-train.tar' },
  models: { type: 'string', default: 'models' },
  out: { type: 'string', default: 'results/perception' },
  help: { type: 'boolean' },
} as const;

const PRIOR = 'faces64' as const;
/** Seeds: the posterior mean averages the samples of seed 0; the single sample is seed 1's (independent of them). */
const MEAN_SEED = 0;
const SAMPLE_SEED = 1;
/** Training faces in the no-reference candidate's patch bank. */
const BANK_SIZE = 32;

export interface PerceptionOptions {
  tasks: string[];
  limit: number;
  samples: number;
  threads: number;
  images: string;
  /** The candidate scores to tabulate (ids of `candidateScores`). */
  scores: string[];
  /** Training images whose patches stand for the prior's (the no-reference candidate). */
  bank: string;
  models: string;
  out: string;
}

export function parsePerceptionArgs(argv: readonly string[]): PerceptionOptions | 'help' {
  const { values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true });
  if (values.help) return 'help';
  const tasks = taskNames(values.tasks);
  const scores = values.scores?.split(',') ?? [...CANDIDATE_IDS];
  const unknownScores = scores.filter((id) => !CANDIDATE_IDS.includes(id));
  if (unknownScores.length > 0)
    throw new Error(`unknown score ${unknownScores.join(', ')} (one of ${CANDIDATE_IDS.join(', ')})`);
  return {
    tasks,
    scores,
    limit: positiveInteger(values.limit, 'limit'),
    samples: positiveInteger(values.samples, 'samples'),
    threads: positiveInteger(values.threads, 'threads'),
    images: values.images,
    bank: values.bank,
    models: values.models,
    out: values.out,
  };
}

/** The clean image, the posterior mean and the posterior sample of one validation image and task. */
export interface ScoredTriple {
  name: string;
  clean: Image;
  mean: Image;
  sample: Image;
}

const outputPath = (out: string, task: string, which: 'mean' | 'sample', name: string) =>
  path.join(out, task, which, name.replace(/\.[^.]+$/, '.png'));

/**
 * The posterior mean and an independent posterior sample of every image for one task (clamp-and-release from T with
 * the fast preset's posterior-mean sampler), read from the cache under `out` or computed and cached.
 */
export async function posteriorPairs(
  taskName: string,
  images: readonly NamedImage[],
  options: Pick<PerceptionOptions, 'samples' | 'threads' | 'models' | 'out'>,
): Promise<ScoredTriple[]> {
  const kind = TASKS[taskName];
  const task = taskOf(kind);
  const cached = (name: string) =>
    existsSync(outputPath(options.out, taskName, 'mean', name)) &&
    existsSync(outputPath(options.out, taskName, 'sample', name));
  const missing = images.filter(({ name }) => !cached(name));
  if (missing.length > 0) {
    const prior = await loadPrior(PRIOR, {
      modelsDir: options.models,
      threads: options.threads,
      sandbox: PRIORS.sandbox,
    });
    try {
      // The mean's N chains and the sample's chain run as one batch per step.
      const { denoise } = coalescingDenoiser(prior.denoiser);
      for (const [index, { name, image }] of images.entries()) {
        if (cached(name)) continue;
        const settings = {
          ...DEFAULT_SETTINGS.degradation,
          kind,
          noiseSeed: DEFAULT_SETTINGS.degradation.noiseSeed + index,
        };
        const truth = toSignedRange(image);
        const degradation = buildDegradation(settings, truth);
        if (!degradation.ok) throw new Error(degradation.message);
        const measurement = measureTruth(degradation, settings, truth);
        const [mean, sample] = await Promise.all([
          solvePosteriorMean(denoise, measurement, posteriorMeanPreset(task, 'fast', options.samples), {
            rng: createRng(MEAN_SEED),
          }),
          solvePosteriorSampler(denoise, measurement, peerPreset('clamp-release', task, 'fast'), {
            rng: createRng(SAMPLE_SEED),
          }),
        ]);
        const toPng = (estimate: Image) => quantise(clampImage(toUnitRange(estimate)));
        writePng(outputPath(options.out, taskName, 'mean', name), toPng(mean.image));
        writePng(outputPath(options.out, taskName, 'sample', name), toPng(sample.image));
        process.stderr.write(`perception: ${taskName} ${index + 1}/${images.length} ${name}\n`);
      }
    } finally {
      await prior.release();
    }
  }
  return images.map(({ name, image }) => ({
    name,
    clean: image,
    mean: readPng(outputPath(options.out, taskName, 'mean', name), 3),
    sample: readPng(outputPath(options.out, taskName, 'sample', name), 3),
  }));
}

/** A per-image perception score under test: lower = judged more realistic. */
export interface CandidateScore {
  id: string;
  label: string;
  /** Whether it needs the clean image (full-reference) or only the output (no-reference). */
  reference: 'full' | 'none';
  score(output: Image, clean: Image): number;
}

/** Sanity checks: the share of images whose score gets worse from each degradation to the next, stronger one. */
const SANITY = {
  blur: [0.5, 1, 2].map((std) => ({ label: `Gaussian blur std ${std}`, std })),
  noise: [0.01, 0.03, 0.1].map((sigma) => ({ label: `noise σ ${sigma}`, sigma })),
} as const;

function blurred(image: Image, std: number): Image {
  return clampImage(createImage(image, blurOperator(image, gaussianKernel(9, std)).forward(image.data)));
}

function noisy(image: Image, sigma: number, seed: number): Image {
  const rng = createRng(seed);
  return clampImage(
    createImage(
      image,
      image.data.map((v) => v + sigma * rng.normal()),
    ),
  );
}

export interface CandidateResult {
  id: string;
  /** Share of images where the sample scores better (lower) than the posterior mean. */
  sampleBetter: number;
  meanScore: number;
  sampleScore: number;
  /** Share of images where each stronger blur, and each stronger noise, scores worse. */
  blurMonotone: number;
  noiseMonotone: number;
  msPerScore: number;
}

/** Share of images on which `worse(i)` holds. */
const share = (count: number, worse: (i: number) => boolean) =>
  Array.from({ length: count }, (_, i) => worse(i)).filter(Boolean).length / count;

export function evaluateCandidate(candidate: CandidateScore, triples: readonly ScoredTriple[]): CandidateResult {
  const started = performance.now();
  const mean = triples.map((t) => candidate.score(t.mean, t.clean));
  const sample = triples.map((t) => candidate.score(t.sample, t.clean));
  const msPerScore = (performance.now() - started) / (2 * triples.length);
  const ladder = (images: (clean: Image, index: number) => Image[]) =>
    triples.map((t, index) => [t.clean, ...images(t.clean, index)].map((image) => candidate.score(image, t.clean)));
  const increasing = (values: number[]) => values.every((v, k) => k === 0 || v > values[k - 1]);
  // A full-reference score is 0 on the clean image itself; the ladder then starts at the first degradation.
  const blurs = ladder((clean) => SANITY.blur.map(({ std }) => blurred(clean, std)));
  const noises = ladder((clean, i) => SANITY.noise.map(({ sigma }) => noisy(clean, sigma, i)));
  const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    id: candidate.id,
    sampleBetter: share(triples.length, (i) => sample[i] < mean[i]),
    meanScore: average(mean),
    sampleScore: average(sample),
    blurMonotone: share(triples.length, (i) => increasing(blurs[i])),
    noiseMonotone: share(triples.length, (i) => increasing(noises[i])),
    msPerScore,
  };
}

/** The candidates: the app's score (as its registry computes it) and the variants the validation compares. */
export function candidateScores(bank: readonly Image[]): CandidateScore[] {
  const levels = (output: Image, clean: Image) => patchSwdSets([output], [clean]).perLevel;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return [
    {
      id: 'patchSwd',
      label: `${METRICS.patchSwd.name} to the clean image, finest level (the app's score)`,
      reference: 'full',
      score: (o, c) => METRICS.patchSwd.compute(o, c),
    },
    {
      id: 'patchSwd-band-pass',
      label: "patch-SWD to the clean image, mean of the band-pass levels 64 and 32 (the app's score before)",
      reference: 'full',
      score: (o, c) => mean(levels(o, c).slice(0, -1)),
    },
    {
      id: 'patchSwd-all-levels',
      label: 'patch-SWD to the clean image, all levels with the low-pass residual (the first score)',
      reference: 'full',
      score: (o, c) => mean(levels(o, c)),
    },
    {
      id: 'prior-patches',
      label: `patch-SWD to a bank of ${bank.length} training faces (no reference; 32 patches per bank image and level)`,
      reference: 'none',
      score: (o) => patchSwdSets([o], bank, { patchesPerImage: 32 }).value,
    },
  ];
}

const pct = (share: number) => `${Math.round(100 * share)} %`;

export async function main(argv: readonly string[]): Promise<number> {
  let options: PerceptionOptions | 'help';
  try {
    options = parsePerceptionArgs(argv);
  } catch (error) {
    process.stderr.write(`perception: ${error instanceof Error ? error.message : error}\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const images = await readImageSet(options.images, { limit: options.limit, channels: 3, resolution: 64 });
  const bank = (await readImageSet(options.bank, { limit: BANK_SIZE, channels: 3, resolution: 64 })).map(
    (e) => e.image,
  );
  const candidates = candidateScores(bank).filter((candidate) => options.scores.includes(candidate.id));
  const describe = cachedFaceDescriptors(options.threads);
  const command = `npm run perception -- ${argv.join(' ')}`.trim();
  const lines = [
    `# Perception scores against realism — ${PRIOR}`,
    '',
    'Generated by',
    '',
    '```',
    command,
    '```',
    '',
    `- Machine: ${machineDescription()}`,
    `- Images: the first ${images.length} of ${options.images}; σ_y = ${DEFAULT_SETTINGS.degradation.sigmaY}, image k uses noise seed ${DEFAULT_SETTINGS.degradation.noiseSeed} + k`,
    `- Posterior mean: the average of ${options.samples} clamp-and-release samples from T (seed ${MEAN_SEED}, ${posteriorMeanPreset('deblur', 'fast').sampler.steps} quadratic steps, the \`posterior-mean\` method); posterior sample: one more run of the same sampler (seed ${SAMPLE_SEED}, independent of the mean's samples).`,
    '- "sample better": the share of images whose sample scores lower (more realistic) than their posterior mean. ' +
      `"blur ↑" / "noise ↑": the share of clean images whose score rises at every step clean → ${SANITY.blur.map((b) => b.std).join(' → ')} (Gaussian 9×9 std) and clean → ${SANITY.noise.map((n) => n.sigma).join(' → ')} (noise σ, [0,1] range).`,
    '',
    '| score | kind | ' +
      options.tasks.map((t) => `${DEGRADATION_LABELS[TASKS[t]]}: sample better (mean → sample)`).join(' | ') +
      ' | blur ↑ | noise ↑ | ms per score |',
    `|---|---|${options.tasks.map(() => '---:').join('|')}|---:|---:|---:|`,
  ];
  const perTask: { task: string; triples: ScoredTriple[] }[] = [];
  for (const task of options.tasks) perTask.push({ task, triples: await posteriorPairs(task, images, options) });
  for (const candidate of candidates) {
    const results = perTask.map(({ triples }) => evaluateCandidate(candidate, triples));
    const cells = results.map(
      (r) => `${pct(r.sampleBetter)} (${r.meanScore.toFixed(3)} → ${r.sampleScore.toFixed(3)})`,
    );
    // The sanity ladders depend only on the clean images: the first task's row stands for all.
    lines.push(
      `| ${candidate.label} | ${candidate.reference === 'full' ? 'full-reference' : 'no-reference'} | ${cells.join(' | ')} | ${pct(results[0].blurMonotone)} | ${pct(results[0].noiseMonotone)} | ${results[0].msPerScore.toFixed(0)} |`,
    );
  }
  lines.push(
    '',
    '## Set level: all posterior means and all posterior samples against all clean images',
    '',
    `Face FD / KID: ${FACE_DESCRIPTOR_NETWORK}. Lower = closer to the clean set.`,
    '',
    '| task | set patch-SWD, means | set patch-SWD, samples | face FD, means | face FD, samples | face KID, means | face KID, samples |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const { task, triples } of perTask) {
    const clean = triples.map((t) => t.clean);
    const set = (which: 'mean' | 'sample') =>
      patchSwdSets(
        triples.map((t) => t[which]),
        clean,
        { seed: 0 },
      ).value;
    const face = async (which: 'mean' | 'sample') => {
      const [produced, truth] = [await describe(triples.map((t) => t[which])), await describe(clean)];
      return { fd: frechetDistance(produced, truth), kid: kernelDistance(produced, truth) };
    };
    const [means, samples] = [await face('mean'), await face('sample')];
    lines.push(
      `| ${DEGRADATION_LABELS[TASKS[task]]} | ${set('mean').toFixed(4)} | ${set('sample').toFixed(4)} | ${means.fd.toFixed(3)} | ${samples.fd.toFixed(3)} | ${means.kid.toFixed(4)} | ${samples.kid.toFixed(4)} |`,
    );
  }
  lines.push('');
  publishReport(options.out, lines);
  return 0;
}

runIfMain(import.meta.url, 'perception', main);
