// The bench's tfjs rebuild of faces64 (src/bench/tfjsUnet.ts) computes what the ONNX file computes: its output on a
// fixed input matches onnxruntime-node's within 1e-3 (tfjs-backend-wasm in Node, one thread), for the trained model
// at several σ in one batch and for the conv skeleton.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { readOnnxWeights } from '../../src/bench/onnxWeights';
import { architectureFromCard, type UnetSource, tfjsDenoiser } from '../../src/bench/tfjsUnet';
import { createRng } from '../../src/core/rng';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
const SIZE = 64;
const card = JSON.parse(readFileSync('models/faces64.json', 'utf8'));
const architecture = architectureFromCard(card);

beforeAll(async () => {
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
});

async function compare(file: string, source: UnetSource, sigma: Float32Array): Promise<number> {
  const n = sigma.length;
  const x = createRng(7).fillNormal(new Float32Array(n * architecture.channels * SIZE * SIZE));
  const session = await ort.InferenceSession.create(file);
  const dims = [n, architecture.channels, SIZE, SIZE];
  const reference = (
    await session.run({ x: new ort.Tensor('float32', x, dims), sigma: new ort.Tensor('float32', sigma, [n]) })
  ).denoised.data as Float32Array;
  await session.release();
  const tensorsBefore = tf.memory().numTensors;
  const net = tfjsDenoiser(tf, architecture, source);
  const output = await net.denoise(x, sigma, n, SIZE);
  net.dispose();
  expect(tf.memory().numTensors).toBe(tensorsBefore); // nothing leaks
  expect(output).toHaveLength(reference.length);
  return output.reduce((max, v, i) => Math.max(max, Math.abs(v - reference[i])), 0);
}

describe('faces64 in tfjs ops against onnxruntime-node', { timeout: 120_000 }, () => {
  it('the trained model, batch of 3 at σ = 0.02, 0.5, 20: max abs difference < 1e-3', async () => {
    const weights = readOnnxWeights(readFileSync('models/faces64.onnx'));
    const diff = await compare('models/faces64.onnx', { kind: 'model', weights }, Float32Array.of(0.02, 0.5, 20));
    expect(diff).toBeLessThan(1e-3);
  });

  it('the conv skeleton: max abs difference < 1e-3', async () => {
    const diff = await compare(
      'src/bench/fixtures/faces64-conv-skeleton.onnx',
      { kind: 'conv skeleton' },
      Float32Array.of(0.5),
    );
    expect(diff).toBeLessThan(1e-3);
  });

  it('reads the architecture from the model card and refuses a card without one', () => {
    expect(architecture).toEqual({ channels: 3, widths: [48, 96, 96], blocksPerLevel: 1, sigmaData: 0.5 });
    expect(() => architectureFromCard({ channels: 3, sigma_data: 0.5 })).toThrow(/architecture/);
  });

  it('rejects an input of the wrong size', async () => {
    const net = tfjsDenoiser(tf, architecture, { kind: 'conv skeleton' });
    await expect(net.denoise(new Float32Array(10), Float32Array.of(1), 1, SIZE)).rejects.toThrow(/expected x/);
    net.dispose();
  });
});
