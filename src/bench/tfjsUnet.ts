// A playground denoiser (train/model.py: EDM preconditioning around a UNet with a pixel-unshuffle stem, ResBlocks
// with GroupNorm + SiLU + a sinusoidal σ embedding's scale/shift, stride-2 convolution downsampling, nearest
// upsampling, skip concatenations and a pixel-shuffle head) written in tfjs ops, with the trained weights read from
// its ONNX file (src/bench/onnxWeights.ts). Also faces64's conv skeleton (train/conv_skeleton.py) in the same ops.
// For `npm run bench`'s runtime comparison: the same network in tfjs-backend-wasm (XNNPACK) as in onnxruntime.
//
// Inside, tensors are NHWC (tfjs's native layout); the interface is the app's: x [N, C, H, W] and σ [N] in,
// D(x; σ) [N, C, H, W] out, so the layout changes are part of every call (folded into the pixel (un)shuffles).
import type * as Tfjs from '@tensorflow/tfjs';
import type { WeightTensor } from './onnxWeights';

type Tf = typeof Tfjs;
type Tensor = Tfjs.Tensor;
type Tensor4D = Tfjs.Tensor4D;

export interface UnetArchitecture {
  channels: number;
  /** Channels per level (the model card's architecture.widths). */
  widths: readonly number[];
  blocksPerLevel: number;
  sigmaData: number;
}

/** Where a graph's parameters come from: the trained weights, or the conv skeleton's constants. */
export type UnetSource = { kind: 'model'; weights: ReadonlyMap<string, WeightTensor> } | { kind: 'conv skeleton' };

const GROUP_NORM_EPS = 1e-5;
const groupsOf = (channels: number) => Math.min(8, Math.floor(channels / 4));

interface Conv {
  filter: Tensor4D;
  bias: Tensor;
  stride: number;
  pad: number;
}

interface Norm {
  gamma: Tensor;
  beta: Tensor;
  groups: number;
}

interface ResBlock {
  kind: 'res';
  norm1?: Norm;
  conv1: Conv;
  affine?: { weight: Tfjs.Tensor2D; bias: Tfjs.Tensor1D };
  norm2?: Norm;
  conv2: Conv;
  skip?: Conv;
}

type DownLayer = ResBlock | { kind: 'down'; conv: Conv };
type UpLayer = ResBlock | { kind: 'upsample' };

/** The module list of train/model.py's UNet, in its order (the indices of `down.i` and `up.i`). */
export function unetLayout(widths: readonly number[], blocksPerLevel: number) {
  const down: ({ kind: 'res'; cIn: number; cOut: number } | { kind: 'down'; c: number })[] = [];
  const skipWidths = [widths[0]];
  let c = widths[0];
  widths.forEach((width, level) => {
    for (let b = 0; b < blocksPerLevel; b++) {
      down.push({ kind: 'res', cIn: c, cOut: width });
      c = width;
      skipWidths.push(c);
    }
    if (level < widths.length - 1) {
      down.push({ kind: 'down', c });
      skipWidths.push(c);
    }
  });
  const mid = [
    { cIn: c, cOut: c },
    { cIn: c, cOut: c },
  ];
  const up: ({ kind: 'res'; cIn: number; cOut: number } | { kind: 'upsample' })[] = [];
  for (let level = widths.length - 1; level >= 0; level--) {
    for (let b = 0; b < blocksPerLevel + 1; b++) {
      up.push({ kind: 'res', cIn: c + (skipWidths.pop() as number), cOut: widths[level] });
      c = widths[level];
    }
    if (level > 0) up.push({ kind: 'upsample' });
  }
  return { down, mid, up, headChannels: c };
}

export interface TfjsDenoiser {
  /** D(x; σ) for x [n, C, H, W] (NCHW, as the app passes it) and σ [n]. */
  denoise(x: Float32Array, sigma: Float32Array, n: number, size: number): Promise<Float32Array>;
  dispose(): void;
}

/** Builds the network's tensors once (conv filters transposed to HWIO) and returns its call. */
export function tfjsDenoiser(tf: Tf, arch: UnetArchitecture, source: UnetSource): TfjsDenoiser {
  const owned: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const skeleton = source.kind === 'conv skeleton';
  const param = (name: string, dims?: readonly number[]): WeightTensor => {
    if (source.kind !== 'model') throw new Error('the conv skeleton has no named parameters');
    const weight = source.weights.get(`net.${name}`);
    if (!weight) throw new Error(`the model has no parameter net.${name}`);
    const count = weight.data.length;
    if (dims && dims.reduce((a, b) => a * b, 1) !== count) {
      throw new Error(`net.${name} has shape [${weight.dims}], expected [${dims}]`);
    }
    return weight;
  };

  const conv = (name: string, cIn: number, cOut: number, k = 3, stride = 1): Conv => {
    const pad = Math.floor(k / 2);
    if (skeleton) {
      // train/conv_skeleton.py: every weight 1/(k²·c_in), biases 0.
      return {
        filter: keep(tf.fill([k, k, cIn, cOut], 1 / (k * k * cIn)) as Tensor4D),
        bias: keep(tf.zeros([cOut])),
        stride,
        pad,
      };
    }
    const w = param(`${name}.weight`, [cOut, cIn, k, k]);
    // PyTorch's [out, in, kh, kw] → tfjs's [kh, kw, in, out].
    const filter = tf.tidy(() => tf.transpose(tf.tensor4d(w.data, [cOut, cIn, k, k]), [2, 3, 1, 0]));
    return {
      filter: keep(filter as Tensor4D),
      bias: keep(tf.tensor1d(param(`${name}.bias`, [cOut]).data)),
      stride,
      pad,
    };
  };
  const norm = (name: string, c: number): Norm | undefined =>
    skeleton
      ? undefined
      : {
          gamma: keep(tf.tensor1d(param(`${name}.weight`, [c]).data)),
          beta: keep(tf.tensor1d(param(`${name}.bias`, [c]).data)),
          groups: groupsOf(c),
        };
  // Linear layers as [in, out] matrices: tfjs-backend-wasm 4.22's fused matMul adds the bias wrongly when it also
  // transposes b (off by O(1) against the cpu backend), so the transpose is done once here.
  const linear = (name: string, cIn: number, cOut: number): { weight: Tfjs.Tensor2D; bias: Tfjs.Tensor1D } => ({
    weight: keep(tf.tidy(() => tf.transpose(tf.tensor2d(param(`${name}.weight`, [cOut, cIn]).data, [cOut, cIn])))),
    bias: keep(tf.tensor1d(param(`${name}.bias`, [cOut]).data)),
  });
  const applyLinear = (x: Tensor, l: ReturnType<typeof linear>) =>
    tf.fused.matMul({ a: x as Tfjs.Tensor2D, b: l.weight, bias: l.bias });

  const { channels, widths, blocksPerLevel, sigmaData } = arch;
  const layout = unetLayout(widths, blocksPerLevel);
  const embDim = skeleton ? 0 : param('embed.mlp.0.weight').dims[1];
  const emb = 2 * embDim;
  const resBlock = (name: string, cIn: number, cOut: number): ResBlock => ({
    kind: 'res',
    norm1: norm(`${name}.norm1`, cIn),
    conv1: conv(`${name}.conv1`, cIn, cOut),
    affine: skeleton ? undefined : linear(`${name}.affine`, emb, 2 * cOut),
    norm2: norm(`${name}.norm2`, cOut),
    conv2: conv(`${name}.conv2`, cOut, cOut),
    skip: cIn !== cOut ? conv(`${name}.skip`, cIn, cOut, 1) : undefined,
  });
  const embed = skeleton
    ? undefined
    : {
        freqs: keep(tf.tensor2d(param('embed.freqs', [embDim / 2]).data, [1, embDim / 2])),
        mlp0: linear('embed.mlp.0', embDim, emb),
        mlp2: linear('embed.mlp.2', emb, emb),
      };
  const stem = conv('stem', 4 * channels, widths[0]);
  const down: DownLayer[] = layout.down.map((layer, i) =>
    layer.kind === 'res'
      ? resBlock(`down.${i}`, layer.cIn, layer.cOut)
      : { kind: 'down', conv: conv(`down.${i}`, layer.c, layer.c, 3, 2) },
  );
  const mid = layout.mid.map((block, i) => resBlock(`mid.${i}`, block.cIn, block.cOut));
  const up: UpLayer[] = layout.up.map((layer, i) =>
    layer.kind === 'res' ? resBlock(`up.${i}`, layer.cIn, layer.cOut) : { kind: 'upsample' },
  );
  const c = layout.headChannels;
  const headNorm = norm('head.0', c);
  const head = conv(skeleton ? 'head' : 'head.2', c, 4 * channels);

  // The forward pass (inside tf.tidy: every intermediate is freed).
  const applyConv = (h: Tensor4D, k: Conv): Tensor4D =>
    tf.fused.conv2d({ x: h, filter: k.filter, strides: k.stride, pad: k.pad, bias: k.bias });
  const silu = <T extends Tensor>(h: T): T => tf.mul(h, tf.sigmoid(h));
  /** GroupNorm over consecutive channel groups, then h · scale + shift per image and channel ([n, 1, 1, c]). */
  const groupNorm = (h: Tensor4D, p: Norm, scale?: Tensor, shift?: Tensor): Tensor4D => {
    const [n, height, width, ch] = h.shape;
    const grouped = tf.reshape(h, [n, height * width, p.groups, ch / p.groups]);
    const { mean, variance } = tf.moments(grouped, [1, 3], true);
    const normed = tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, GROUP_NORM_EPS))), h.shape);
    // (x̂·γ + β)(1 + scale) + shift = x̂·[γ(1 + scale)] + [β(1 + scale) + shift]: two per-channel tensors.
    const a = scale ? tf.mul(p.gamma, tf.add(scale, 1)) : p.gamma;
    const b = scale && shift ? tf.add(tf.mul(p.beta, tf.add(scale, 1)), shift) : p.beta;
    return tf.add(tf.mul(normed, a), b);
  };
  const applyRes = (h: Tensor4D, block: ResBlock, e: Tensor | undefined): Tensor4D => {
    if (skeleton || !block.norm1 || !block.norm2 || !block.affine || !e) {
      const body = applyConv(applyConv(h, block.conv1), block.conv2);
      return tf.add(body, block.skip ? applyConv(h, block.skip) : h);
    }
    let body = applyConv(silu(groupNorm(h, block.norm1)), block.conv1);
    const [n] = h.shape;
    const cOut = body.shape[3];
    const ss = tf.reshape(applyLinear(e, block.affine), [n, 1, 1, 2 * cOut]);
    const [scale, shift] = tf.split(ss, 2, 3);
    body = applyConv(silu(groupNorm(body, block.norm2, scale, shift)), block.conv2);
    return tf.add(body, block.skip ? applyConv(h, block.skip) : h);
  };

  const forward = (x: Tensor4D, sigma: Tensor): Tensor4D => {
    const [n, ch, height, width] = x.shape;
    const s = tf.reshape(sigma, [n, 1, 1, 1]);
    const sd2 = sigmaData * sigmaData;
    const denom = tf.add(tf.square(s), sd2);
    const cIn = tf.rsqrt(denom);
    // Pixel unshuffle (PyTorch's channel order c·4 + 2i + j) straight from NCHW to NHWC.
    const unshuffled = tf.reshape(
      tf.transpose(tf.reshape(tf.mul(x, cIn), [n, ch, height / 2, 2, width / 2, 2]), [0, 2, 4, 1, 3, 5]),
      [n, height / 2, width / 2, 4 * ch],
    );
    let e: Tensor | undefined;
    if (embed) {
      const cNoise = tf.div(tf.log(sigma), 4);
      const angles = tf.mul(tf.mul(tf.reshape(cNoise, [n, 1]), 250), embed.freqs);
      const hidden = silu(applyLinear(tf.concat([tf.cos(angles), tf.sin(angles)], 1), embed.mlp0));
      e = applyLinear(hidden, embed.mlp2);
    }
    let h = applyConv(unshuffled as Tensor4D, stem);
    const skips: Tensor4D[] = [h];
    for (const layer of down) {
      h = layer.kind === 'res' ? applyRes(h, layer, e) : applyConv(h, layer.conv);
      skips.push(h);
    }
    for (const block of mid) h = applyRes(h, block, e);
    for (const layer of up) {
      if (layer.kind === 'res') h = applyRes(tf.concat([h, skips.pop() as Tensor4D], 3), layer, e);
      else h = tf.image.resizeNearestNeighbor(h, [h.shape[1] * 2, h.shape[2] * 2]);
    }
    if (headNorm) h = silu(groupNorm(h, headNorm));
    const out = applyConv(h, head);
    // Pixel shuffle (channel c·4 + 2i + j → pixel (2y + i, 2x + j) of channel c) straight back to NCHW.
    const [, hh, ww] = out.shape;
    const shuffled = tf.reshape(tf.transpose(tf.reshape(out, [n, hh, ww, ch, 2, 2]), [0, 3, 1, 4, 2, 5]), [
      n,
      ch,
      height,
      width,
    ]);
    if (skeleton) return tf.add(x, shuffled);
    // EDM: c_skip x + c_out F(c_in x; c_noise).
    const cSkip = tf.div(sd2, denom);
    const cOut = tf.mul(tf.mul(s, sigmaData), cIn);
    return tf.add(tf.mul(cSkip, x), tf.mul(cOut, shuffled));
  };

  return {
    async denoise(x, sigma, n, size) {
      if (x.length !== n * channels * size * size || sigma.length !== n) {
        throw new Error(`expected x [${n}, ${channels}, ${size}, ${size}] and σ [${n}]`);
      }
      const out = tf.tidy(() => forward(tf.tensor4d(x, [n, channels, size, size]), tf.tensor1d(sigma)));
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    dispose() {
      for (const t of owned) t.dispose();
    },
  };
}

/** The architecture a model card (models/NAME.json, written by train/export.py) states. */
export function architectureFromCard(card: Record<string, unknown>): UnetArchitecture {
  const arch = card.architecture as { widths?: unknown; blocks_per_level?: unknown } | undefined;
  const widths = arch?.widths;
  const blocksPerLevel = arch?.blocks_per_level;
  const { channels, sigma_data: sigmaData } = card;
  if (
    !Array.isArray(widths) ||
    !widths.every((w) => Number.isInteger(w) && w > 0) ||
    !Number.isInteger(blocksPerLevel) ||
    typeof channels !== 'number' ||
    typeof sigmaData !== 'number'
  ) {
    throw new Error('the model card states no architecture (widths, blocks_per_level), channels and sigma_data');
  }
  return { channels, widths: widths as number[], blocksPerLevel: blocksPerLevel as number, sigmaData };
}
