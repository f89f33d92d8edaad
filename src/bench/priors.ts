// The priors in Node: the trained ONNX denoisers through onnxruntime-node, or the analytic Gaussian sandbox.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { type ModelCard, PRIORS, parseCard } from '../app/priors';
import type { PriorId } from '../app/settings';
import { assertDenoiserInput, type Denoiser } from '../core/denoiser';
import { gaussianDenoiser, gaussianPrior } from '../core/sandbox';

export interface NodePrior {
  id: PriorId;
  channels: 1 | 3;
  resolution: number;
  denoiser: Denoiser;
  /** What the report names as the prior (model file or sandbox parameters). */
  description: string;
  release(): Promise<void>;
}

/** The ONNX file of a trained prior and its card (checked against what the app expects of that prior). */
export function readModelCard(modelsDir: string, name: Exclude<PriorId, 'sandbox'>): { card: ModelCard; file: string } {
  const file = path.join(modelsDir, `${name}.onnx`);
  const cardFile = path.join(modelsDir, `${name}.json`);
  if (!existsSync(file) || !existsSync(cardFile)) {
    throw new Error(`prior ${name} needs ${file} and ${cardFile}; point --models at the folder that holds them`);
  }
  return { card: parseCard(readFileSync(cardFile, 'utf8'), PRIORS[name]), file };
}

export async function createSession(file: string, threads: number): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(file, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
}

/** D(x, σ) through an onnxruntime-node session (inputs x [N,C,H,W], sigma [N]; output denoised). */
export function sessionDenoiser(session: ort.InferenceSession): Denoiser {
  return async (x, sigma, signal) => {
    signal?.throwIfAborted();
    assertDenoiserInput(x, sigma);
    const out = await session.run({
      x: new ort.Tensor('float32', x.data, [x.n, x.c, x.h, x.w]),
      sigma: new ort.Tensor('float32', sigma, [x.n]),
    });
    return out.denoised.data as Float32Array;
  };
}

/**
 * Loads a prior: faces64/fashion32 from `modelsDir` (file + card) with `threads` intra-op threads, or the sandbox
 * at the given size (its exact MMSE denoiser).
 */
export async function loadPrior(
  id: PriorId,
  options: { modelsDir: string; threads: number; sandbox: { channels: 1 | 3; resolution: number } },
): Promise<NodePrior> {
  if (id === 'sandbox') {
    const { channels, resolution } = options.sandbox;
    const prior = gaussianPrior({ c: channels, h: resolution, w: resolution });
    return {
      id,
      channels,
      resolution,
      denoiser: gaussianDenoiser(prior),
      description: `Gaussian sandbox ${JSON.stringify(prior.params)}, ${channels}×${resolution}×${resolution}`,
      release: async () => {},
    };
  }
  const { card, file } = readModelCard(options.modelsDir, id);
  const session = await createSession(file, options.threads);
  return {
    id,
    channels: PRIORS[id].channels,
    resolution: card.native_resolution,
    denoiser: sessionDenoiser(session),
    description: `${path.basename(file)} (onnxruntime-node ${ort.env.versions.common}, ${options.threads} threads)`,
    release: () => session.release(),
  };
}
