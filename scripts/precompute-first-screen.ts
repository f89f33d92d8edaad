// Writes public/precomputed/first-screen.json: the first screen's run (the default settings: prior, gallery image,
// degradation, method, preset, seed) computed by the real solver in Node (onnxruntime-node, the worker's own
// solveRequest), so the page can show it while the model loads, marked as precomputed. The page shows it only when
// the settings it holds are the page's; rerun this after changing the defaults or retraining the model:
//
//   npx tsx scripts/precompute-first-screen.ts [--models models] [--threads 2]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initialKnobs, type MethodId } from '../src/app/methods';
import { PRIORS } from '../src/app/priors';
import { buildDegradation, measureTruth } from '../src/app/problem';
import { DEFAULT_SETTINGS } from '../src/app/settings';
import { createImage, toSignedRange } from '../src/core/tensor';
import { readPng } from '../src/bench/images';
import { createSession, readModelCard, sessionDenoiser } from '../src/bench/priors';
import { PRECOMPUTED_FORMAT, type PrecomputedRun, precomputedSettings } from '../src/app/precomputed';
import type { PointResult } from '../src/worker/api';
import { solveRequest } from '../src/worker/solve';

const { values: flags } = parseArgs({
  options: { models: { type: 'string', default: 'models' }, threads: { type: 'string', default: '2' } },
});

const settings = DEFAULT_SETTINGS;
const { prior: priorId, image, degradation, method, seed } = settings;
if (priorId === 'sandbox') throw new Error('the first screen is on the sandbox: nothing to precompute');
if (image.kind !== 'gallery') throw new Error('the default image is not a gallery image');
const gallery = JSON.parse(readFileSync('public/gallery/gallery.json', 'utf8')) as { id: string; file: string }[];
const entry = gallery.find((e) => e.id === image.id);
if (!entry) throw new Error(`gallery image ${image.id} is not in public/gallery/gallery.json`);
const prior = PRIORS[priorId];
// The gallery's model-resolution PNG, as the page decodes it (8-bit RGB → [-1,1]; no crop or resize at this size).
const unit = readPng(path.join('public/gallery', entry.file), prior.channels);
if (unit.w !== prior.resolution || unit.h !== prior.resolution) {
  throw new Error(`${entry.file} is ${unit.w}×${unit.h}, not ${prior.resolution}×${prior.resolution}`);
}
const truth = toSignedRange(unit);
const built = buildDegradation(degradation, truth, undefined);
if (!built.ok) throw new Error(built.message);
const measurement = measureTruth(built, degradation, truth);
const { card, file } = readModelCard(String(flags.models), priorId);
const session = await createSession(file, Number(flags.threads));
const knobs = initialKnobs(method.method as MethodId);
const points: PointResult[] = [];
const started = performance.now();
const nfe = await solveRequest(
  {
    prior: { kind: 'sandbox' }, // only names the x_MAP cache entry, which is not used here
    shape: { c: truth.c, h: truth.h, w: truth.w },
    truth: truth.data,
    degradation,
    y: createImage(built.operator.outShape, measurement.y).data,
    method: method.method as MethodId,
    preset: method.preset,
    samples: method.samples,
    seed,
    knobs,
  },
  sessionDenoiser(session),
  undefined,
  undefined,
  {
    signal: new AbortController().signal,
    onProgress: () => {},
    onPoint: (point) => points.push(point),
  },
);
await session.release();
const quantised = (data: Float32Array) =>
  Buffer.from(Uint8Array.from(data, (v) => Math.round(Math.max(0, Math.min(1, (v + 1) / 2)) * 255))).toString('base64');
const run: PrecomputedRun = {
  format: PRECOMPUTED_FORMAT,
  settings: precomputedSettings(settings),
  model: { name: priorId, sha256: card.sha256 },
  solver: `onnxruntime-node, scripts/precompute-first-screen.ts`,
  nfe,
  ms: Math.round(performance.now() - started),
  points: points.map((p) => ({
    knob: p.knob,
    label: p.label,
    metrics: p.metrics,
    nfe: p.nfe,
    pixels: quantised(p.image),
  })),
};
const out = 'public/precomputed/first-screen.json';
writeFileSync(out, `${JSON.stringify(run)}\n`);
console.log(`${out}: ${points.length} points, ${nfe} denoiser calls in ${(run.ms / 1000).toFixed(1)} s`);
for (const p of points)
  console.log(`  ${p.label}: PSNR ${p.metrics.psnr.toFixed(2)} dB, patch-SWD ${p.metrics.patchSwd.toFixed(4)}`);
