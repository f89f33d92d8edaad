// Adds the Node-side figures to each model card and writes docs/models.md from the cards: the ONNX file's bytes and
// SHA-256 (the app checks every download against them), onnxruntime-node time per call (64x64, batch 1 and 8, 1 and
// 2 threads) and patch-SWD of the model's samples against validation images (sets written by train/evaluate.py into
// train/out/).
//
//   npx tsx scripts/model-report.ts fashion32 faces64
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { faceDescriptors, FACE_DESCRIPTOR_NETWORK } from '../src/bench/faceDescriptors';
import { frechetDistance, kernelDistance, patchSwdSets } from '../src/core/metrics';
import { createRng } from '../src/core/rng';
import type { Image } from '../src/core/tensor';

const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timePerCall(file: string, channels: number, batch: number, threads: number): Promise<number> {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const shape = [batch, channels, 64, 64];
  const x = new ort.Tensor('float32', createRng(3).fillNormal(new Float32Array(batch * channels * 64 * 64)), shape);
  const sigma = new ort.Tensor('float32', new Float32Array(batch).fill(0.5), [batch]);
  await session.run({ x, sigma }); // the first call is several times slower: warm up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await session.run({ x, sigma });
    times.push(performance.now() - start);
  }
  await session.release();
  return median(times);
}

function readSet(file: string, c: number, r: number): Image[] {
  const bytes = readFileSync(file);
  const size = c * r * r;
  return Array.from({ length: bytes.length / size }, (_, k) => ({
    c,
    h: r,
    w: r,
    data: Float32Array.from(bytes.subarray(k * size, (k + 1) * size), (v) => v / 255),
  }));
}

type Card = Record<string, unknown> & {
  name: string;
  channels: number;
  native_resolution: number;
  denoising_psnr_db: { sigma: number; noisy_db: number; network_db: number; wiener_db: number }[];
  jacobian_asymmetry: { sigma: number; asymmetry: number }[];
};

async function updateCard(name: string): Promise<Card> {
  const cardFile = `models/${name}.json`;
  const card: Card = JSON.parse(readFileSync(cardFile, 'utf8'));
  const runtime = [];
  for (const batch of [1, 8]) {
    for (const threads of [1, 2]) {
      const ms = await timePerCall(`models/${name}.onnx`, card.channels, batch, threads);
      runtime.push({
        batch,
        threads,
        ms_per_call: Number(ms.toFixed(2)),
        ms_per_image: Number((ms / batch).toFixed(2)),
      });
    }
  }
  card.onnxruntime_node_64x64 = runtime;
  const file = readFileSync(`models/${name}.onnx`);
  delete card.file_bytes;
  card.bytes = file.length;
  card.sha256 = createHash('sha256').update(file).digest('hex');
  card.fp16_file_bytes = readFileSync(`models/${name}.fp16.onnx`).length;
  const samplesFile = `train/out/${name}-samples.u8`;
  if (existsSync(samplesFile)) {
    const r = card.native_resolution;
    const samples = readSet(samplesFile, card.channels, r);
    // train/evaluate.py writes twice as many validation images as samples: the reference set, then a disjoint one.
    const allValidation = readSet(`train/out/${name}-val.u8`, card.channels, r);
    const validation = allValidation.slice(0, samples.length);
    const swd = patchSwdSets(samples, validation, { seed: 1 });
    // Reference point: a second, disjoint half of the validation images against the first.
    const half = validation.length >> 1;
    const floor = patchSwdSets(validation.slice(0, half), validation.slice(half), { seed: 1 });
    card.samples_patch_swd = {
      samples_vs_validation: swd.value,
      validation_half_vs_half: floor.value,
      images: samples.length,
    };
    const heldOut = allValidation.slice(samples.length, 2 * samples.length);
    if (card.channels === 3 && heldOut.length === samples.length) {
      // Face priors: the learned-feature distance of the benchmark (docs/metrics.md) between the samples and real
      // faces, with the same distance between two disjoint sets of real faces for scale.
      const [sampleFeatures, validationFeatures, heldOutFeatures] = [
        await faceDescriptors(samples),
        await faceDescriptors(validation),
        await faceDescriptors(heldOut),
      ];
      card.samples_face_descriptors = {
        network: FACE_DESCRIPTOR_NETWORK,
        fd_samples_vs_validation: frechetDistance(sampleFeatures, validationFeatures),
        fd_validation_vs_validation: frechetDistance(heldOutFeatures, validationFeatures),
        kid_samples_vs_validation: kernelDistance(sampleFeatures, validationFeatures),
        kid_validation_vs_validation: kernelDistance(heldOutFeatures, validationFeatures),
        images: samples.length,
      };
    }
  }
  writeFileSync(cardFile, `${JSON.stringify(card, null, 2)}\n`);
  return card;
}

function fmt(v: number, digits = 2): string {
  return v.toFixed(digits);
}

function markdown(cards: Card[]): string {
  const lines = [
    '# Models',
    '',
    'Generated by `npx tsx scripts/model-report.ts fashion32 faces64` from the model cards (`models/*.json`), which',
    '`train/evaluate.py` fills (see `train/README.md`). Do not edit by hand.',
    '',
  ];
  for (const card of cards) {
    lines.push(`## ${card.name}`, '');
    lines.push(`- Training data: ${card.training_data}. Licence: ${card.licence}.`);
    lines.push(
      `- ${card.parameters} parameters, ${card.images_seen} training images seen in ${fmt(Number(card.wall_clock_hours))} h of wall clock; ONNX ${fmt(Number(card.bytes) / 1e6)} MB (fp16 weights: ${fmt(Number(card.fp16_file_bytes) / 1e6)} MB).`,
    );
    lines.push(
      '',
      '| σ ([-1,1]) | noisy PSNR | Wiener (linear MMSE) | network | gain over Wiener |',
      '|---|---|---|---|---|',
    );
    for (const row of card.denoising_psnr_db) {
      lines.push(
        `| ${row.sigma} | ${fmt(row.noisy_db)} | ${fmt(row.wiener_db)} | ${fmt(row.network_db)} | ${fmt(row.network_db - row.wiener_db)} |`,
      );
    }
    lines.push('', `Validation images: ${card.validation_images}. PSNR in dB on the [0,1] range.`, '');
    lines.push('| σ | Jacobian asymmetry ‖Jᵀv − Jv‖/‖Jv‖ |', '|---|---|');
    for (const row of card.jacobian_asymmetry) lines.push(`| ${row.sigma} | ${fmt(row.asymmetry, 3)} |`);
    const runtime = card.onnxruntime_node_64x64 as { batch: number; threads: number; ms_per_call: number }[];
    lines.push('', '| onnxruntime-node, 64x64 | ms per call (median of 15) |', '|---|---|');
    for (const row of runtime) lines.push(`| batch ${row.batch}, ${row.threads} thread(s) | ${fmt(row.ms_per_call)} |`);
    const samples = card.samples as {
      sheet: string;
      nearest_sheet: string;
      sampler: string;
      nearest_train_rmse_mean: number;
      validation_nearest_train_rmse_mean?: number;
    };
    const swd = card.samples_patch_swd as
      { samples_vs_validation: number; validation_half_vs_half: number; images: number } | undefined;
    lines.push(
      '',
      `Samples (${samples.sampler}):`,
      '',
      `![${card.name} samples](${samples.sheet.replace('docs/', '')})`,
      '',
    );
    lines.push(
      `Each sample (odd columns) next to its nearest training image by L2 (even columns); mean RMSE to the nearest training image ${fmt(samples.nearest_train_rmse_mean, 3)} ([-1,1] range)` +
        (samples.validation_nearest_train_rmse_mean === undefined
          ? ':'
          : `; held-out validation images are ${fmt(samples.validation_nearest_train_rmse_mean, 3)} from theirs, so a sample much closer than that would be a copy of a training face:`),
      '',
      `![${card.name} nearest training images](${samples.nearest_sheet.replace('docs/', '')})`,
      '',
    );
    if (swd) {
      lines.push(
        `Set patch-SWD (lower is closer): ${swd.images} samples vs validation images ${fmt(swd.samples_vs_validation, 3)}; for scale, validation half vs half ${fmt(swd.validation_half_vs_half, 3)}.`,
        '',
      );
    }
    const faces = card.samples_face_descriptors as
      | {
          fd_samples_vs_validation: number;
          fd_validation_vs_validation: number;
          kid_samples_vs_validation: number;
          kid_validation_vs_validation: number;
          images: number;
          network: string;
        }
      | undefined;
    if (faces) {
      lines.push(
        `Face-descriptor distances (${faces.network}; docs/metrics.md): ${faces.images} samples vs validation images FD ${fmt(faces.fd_samples_vs_validation, 3)}, KID ${fmt(faces.kid_samples_vs_validation, 4)}; for scale, ${faces.images} other validation images FD ${fmt(faces.fd_validation_vs_validation, 3)}, KID ${fmt(faces.kid_validation_vs_validation, 4)}.`,
        '',
      );
    }
  }
  return lines.join('\n');
}

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: npx tsx scripts/model-report.ts <model name>...');
  process.exit(2);
}
const cards = [];
for (const name of names) cards.push(await updateCard(name));
writeFileSync('docs/models.md', markdown(cards));
console.log(markdown(cards));
