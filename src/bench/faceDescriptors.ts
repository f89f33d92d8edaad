// Face descriptors for the benchmark's learned-feature distance: face-api's face-recognition network (a ResNet-34
// after dlib's, 128-D descriptor; @vladmandic/face-api, MIT, weights inside the package) on tfjs's WASM backend in
// Node, offline. Input handling (docs/metrics.md): our 64×64 aligned face crops are passed whole as RGB in [0, 255];
// the network pads to a square and resizes bilinearly to its 150×150 input, then subtracts its mean colour.
import { createRequire } from 'node:module';
import path from 'node:path';
import { frechetDistance, kernelDistance } from '../core/metrics';
import type { Image } from '../core/tensor';

type FaceApi = typeof import('@vladmandic/face-api');
type TNetInput = Parameters<FaceApi['nets']['faceRecognitionNet']['forward']>[0];

const require = createRequire(import.meta.url);
/** Images per forward pass (memory stays below ~0.5 GB at 150×150). */
const BATCH = 16;

let loaded: Promise<FaceApi> | undefined;
/** The tfjs instance face-api's Node build runs on (it requires this same package). */
const tfjs = () => require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');

/** face-api on the WASM backend with its recognition weights, loaded once per process. */
function faceApi(threads: number): Promise<FaceApi> {
  loaded ??= (async () => {
    const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
    wasm.setThreadsCount(threads);
    await tfjs().setBackend('wasm');
    await tfjs().ready();
    const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    await api.nets.faceRecognitionNet.loadFromDisk(modelDir);
    return api;
  })();
  return loaded;
}

/** The network's name as reports state it. */
export const FACE_DESCRIPTOR_NETWORK =
  'face-api face-recognition net (ResNet-34 after dlib, 128-D; @vladmandic/face-api 1.7, MIT), tfjs WASM';

/** One 128-D descriptor per RGB image in [0, 1] (any size; the network resizes to 150×150). */
export async function faceDescriptors(images: readonly Image[], threads = 1): Promise<Float32Array[]> {
  for (const image of images) {
    if (image.c !== 3) throw new Error(`face descriptors need RGB images, got ${image.c} channel(s)`);
  }
  const api = await faceApi(threads);
  const tf = tfjs();
  const descriptors: Float32Array[] = [];
  for (let start = 0; start < images.length; start += BATCH) {
    const batch = images.slice(start, start + BATCH).map(({ h, w, data }) => {
      const interleaved = new Float32Array(h * w * 3);
      for (let p = 0; p < h * w; p++) {
        for (let ch = 0; ch < 3; ch++) interleaved[p * 3 + ch] = 255 * data[ch * h * w + p];
      }
      return tf.tensor3d(interleaved, [h, w, 3]);
    });
    // face-api declares its own copy of tfjs's types: the tensors are the same package's at run time.
    const output = await api.nets.faceRecognitionNet.forward(batch as unknown as TNetInput);
    const values = await output.data();
    output.dispose();
    for (const tensor of batch) tensor.dispose();
    for (let i = 0; i < batch.length; i++) descriptors.push(Float32Array.from(values.subarray(i * 128, (i + 1) * 128)));
  }
  return descriptors;
}

/** Set-level face-descriptor distances of one summary row: FD and KID of the outputs against their clean images. */
export interface FaceDistances {
  fd: number;
  kid: number;
}

/**
 * FD and KID between the face descriptors of a row's outputs and of their clean images, per seed (n outputs against
 * the same n clean images, so KID's paired estimate applies), averaged over seeds.
 */
export async function faceSetDistances(
  outputs: readonly { image: string; seed: number; output: Image }[],
  clean: (image: string) => Image,
  describe: (images: readonly Image[]) => Promise<Float32Array[]>,
): Promise<FaceDistances> {
  const bySeed = new Map<number, { image: string; output: Image }[]>();
  for (const entry of outputs) bySeed.set(entry.seed, [...(bySeed.get(entry.seed) ?? []), entry]);
  const perSeed: FaceDistances[] = [];
  for (const group of bySeed.values()) {
    const produced = await describe(group.map((e) => e.output));
    const truth = await describe(group.map((e) => clean(e.image)));
    perSeed.push({ fd: frechetDistance(produced, truth), kid: kernelDistance(produced, truth) });
  }
  const mean = (key: keyof FaceDistances) => perSeed.reduce((s, d) => s + d[key], 0) / perSeed.length;
  return { fd: mean('fd'), kid: mean('kid') };
}

/** A descriptor function that computes each distinct image once (clean images recur in every row). */
export function cachedFaceDescriptors(threads = 1): (images: readonly Image[]) => Promise<Float32Array[]> {
  const cache = new Map<Image, Float32Array>();
  return async (images) => {
    const missing = [...new Set(images.filter((image) => !cache.has(image)))];
    const computed = await faceDescriptors(missing, threads);
    missing.forEach((image, i) => cache.set(image, computed[i]));
    return images.map((image) => cache.get(image) as Float32Array);
  };
}
