// The shipped ONNX denoisers, run with onnxruntime-node: interface, dynamic sizes, and denoising quality on
// fixture images that the models generated themselves (tests/fixtures/models, written by train/evaluate.py).
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psnr } from '../../src/core/metrics';
import { createRng } from '../../src/core/rng';
import { fromRgba, type Image, toSignedRange, toUnitRange } from '../../src/core/tensor';

interface ModelCard {
  name: string;
  channels: 1 | 3;
  native_resolution: number;
  stride: number;
}

const SIGMA = 0.2; // noise std in the model's [-1,1] range
const MIN_GAIN_DB = 3; // the denoised fixture must beat the noisy one by this much; an identity model gains 0
const FP16_TOLERANCE_DB = 0.05;
// Real model runs (session creation, faces64 at 72x56): generous on a loaded CPU, not a speed check.
const MODEL_TIMEOUT_MS = 60_000;

function readCard(name: string): ModelCard {
  return JSON.parse(readFileSync(new URL(`../../models/${name}.json`, import.meta.url), 'utf8'));
}

function readFixture(name: string, index: number, channels: 1 | 3): Image {
  const png = PNG.sync.read(readFileSync(new URL(`../fixtures/models/${name}-sample${index}.png`, import.meta.url)));
  return toSignedRange(fromRgba({ width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) }, channels));
}

async function denoise(session: ort.InferenceSession, x: Float32Array, shape: number[], sigma: number): Promise<ort.Tensor> {
  const n = shape[0];
  const out = await session.run({
    x: new ort.Tensor('float32', x, shape),
    sigma: new ort.Tensor('float32', new Float32Array(n).fill(sigma), [n]),
  });
  return out.denoised;
}

function unitPsnr(x: Float32Array, ref: Image): number {
  const estimate = toUnitRange({ ...ref, data: x.map((v) => Math.min(1, Math.max(-1, v))) });
  return psnr(estimate, toUnitRange(ref));
}

describe.each(['fashion32', 'faces64'])('model %s', (name) => {
  const card = readCard(name);
  const sessions: Record<'fp32' | 'fp16', ort.InferenceSession | undefined> = { fp32: undefined, fp16: undefined };

  beforeAll(async () => {
    sessions.fp32 = await ort.InferenceSession.create(`models/${name}.onnx`);
    sessions.fp16 = await ort.InferenceSession.create(`models/${name}.fp16.onnx`);
  }, MODEL_TIMEOUT_MS);
  afterAll(async () => {
    await sessions.fp32?.release();
    await sessions.fp16?.release();
  });

  it('takes x [N,C,H,W] and sigma [N] and returns denoised of the shape of x, for any N and H, W divisible by its stride', async () => {
    const session = sessions.fp32 as ort.InferenceSession;
    expect(session.inputNames).toEqual(['x', 'sigma']);
    expect(session.outputNames).toEqual(['denoised']);
    const r = card.native_resolution;
    for (const shape of [
      [1, card.channels, r, r],
      [3, card.channels, r, r],
      [2, card.channels, r + card.stride, r - card.stride],
    ]) {
      const x = createRng(1).fillNormal(new Float32Array(shape.reduce((a, b) => a * b)));
      const out = await denoise(session, x, shape, 0.5);
      expect(out.dims).toEqual(shape);
      expect((out.data as Float32Array).every(Number.isFinite)).toBe(true);
    }
  }, MODEL_TIMEOUT_MS);

  it(`denoises its own samples at σ = ${SIGMA} by at least ${MIN_GAIN_DB} dB, and the fp16-weight variant stays within ${FP16_TOLERANCE_DB} dB`, async () => {
    for (let k = 0; k < 4; k++) {
      const clean = readFixture(name, k, card.channels);
      expect([clean.h, clean.w]).toEqual([card.native_resolution, card.native_resolution]);
      const noise = createRng(100 + k).fillNormal(new Float32Array(clean.data.length));
      const noisy = clean.data.map((v, i) => v + SIGMA * noise[i]);
      const shape = [1, clean.c, clean.h, clean.w];
      const fp32 = (await denoise(sessions.fp32 as ort.InferenceSession, noisy, shape, SIGMA)).data as Float32Array;
      const fp16 = (await denoise(sessions.fp16 as ort.InferenceSession, noisy, shape, SIGMA)).data as Float32Array;
      const noisyDb = unitPsnr(noisy, clean);
      const fp32Db = unitPsnr(fp32, clean);
      expect(fp32Db - noisyDb).toBeGreaterThan(MIN_GAIN_DB);
      expect(Math.abs(unitPsnr(fp16, clean) - fp32Db)).toBeLessThan(FP16_TOLERANCE_DB);
    }
  }, MODEL_TIMEOUT_MS);
});
