// The ONNX weight reader behind the bench's tfjs rebuild of faces64 (src/bench/onnxWeights.ts): every parameter of
// train/model.py's network comes out of models/faces64.onnx under its PyTorch name with its PyTorch shape.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOnnxWeights, scopedParameterName } from '../../src/bench/onnxWeights';
import { unetLayout } from '../../src/bench/tfjsUnet';

const card = JSON.parse(readFileSync('models/faces64.json', 'utf8'));
const weights = readOnnxWeights(readFileSync('models/faces64.onnx'));
const shape = (name: string) => weights.get(name)?.dims;

describe('readOnnxWeights on models/faces64.onnx', () => {
  it('names the anonymous GroupNorm and embedding initializers after the module that uses them', () => {
    expect(scopedParameterName({ name: '/net/down.0/norm1/Mul', opType: 'Mul' })).toBe('net.down.0.norm1.weight');
    expect(scopedParameterName({ name: '/net/up.7/norm2/Add', opType: 'Add' })).toBe('net.up.7.norm2.bias');
    expect(scopedParameterName({ name: '/net/head/head.0/Mul', opType: 'Mul' })).toBe('net.head.0.weight');
    expect(scopedParameterName({ name: '/net/embed/Mul_1', opType: 'Mul' })).toBe('net.embed.freqs');
    expect(scopedParameterName({ name: '/net/down.0/conv1/Conv', opType: 'Conv' })).toBeUndefined();
  });

  it("returns every convolution, linear layer and norm of the card's architecture with PyTorch's shapes", () => {
    const { widths, blocks_per_level: blocks, emb_dim: embDim } = card.architecture;
    const c = card.channels;
    const emb = 2 * embDim;
    expect(shape('net.stem.weight')).toEqual([widths[0], 4 * c, 3, 3]);
    expect(shape('net.embed.mlp.0.weight')).toEqual([emb, embDim]);
    expect(shape('net.embed.mlp.2.weight')).toEqual([emb, emb]);
    expect(shape('net.embed.freqs')).toEqual([1, embDim / 2]);
    const layout = unetLayout(widths, blocks);
    let convs = 2; // stem and head
    const res = (name: string, cIn: number, cOut: number) => {
      expect(shape(`${name}.norm1.weight`)).toEqual([cIn, 1, 1]);
      expect(shape(`${name}.norm1.bias`)).toEqual([cIn, 1, 1]);
      expect(shape(`${name}.conv1.weight`)).toEqual([cOut, cIn, 3, 3]);
      expect(shape(`${name}.conv1.bias`)).toEqual([cOut]);
      expect(shape(`${name}.affine.weight`)).toEqual([2 * cOut, emb]);
      expect(shape(`${name}.norm2.weight`)).toEqual([cOut, 1, 1]);
      expect(shape(`${name}.conv2.weight`)).toEqual([cOut, cOut, 3, 3]);
      expect(shape(`${name}.skip.weight`)).toEqual(cIn === cOut ? undefined : [cOut, cIn, 1, 1]);
      convs += cIn === cOut ? 2 : 3;
    };
    layout.down.forEach((layer, i) => {
      if (layer.kind === 'res') res(`net.down.${i}`, layer.cIn, layer.cOut);
      else {
        expect(shape(`net.down.${i}.weight`)).toEqual([layer.c, layer.c, 3, 3]);
        convs += 1;
      }
    });
    layout.mid.forEach((block, i) => res(`net.mid.${i}`, block.cIn, block.cOut));
    layout.up.forEach((layer, i) => (layer.kind === 'res' ? res(`net.up.${i}`, layer.cIn, layer.cOut) : undefined));
    expect(shape('net.head.0.weight')).toEqual([layout.headChannels, 1, 1]);
    expect(shape('net.head.2.weight')).toEqual([4 * c, layout.headChannels, 3, 3]);
    // faces64's 33 convolutions (train/conv_skeleton.py counts the same).
    expect(convs).toBe(33);
  });

  it('reads the values: the embedding frequencies are exp(−ln(10⁴)·i/(d/2)) and the parameter count is the card’s', () => {
    const freqs = weights.get('net.embed.freqs')?.data as Float32Array;
    const half = freqs.length;
    freqs.forEach((f, i) => expect(f).toBeCloseTo(Math.exp((-Math.log(10000) * i) / half), 6));
    // The card counts every parameter, the frozen frequencies too.
    const named = [...weights].filter(([name]) => name.startsWith('net.'));
    const parameters = named.reduce((sum, [, w]) => sum + w.data.length, 0);
    expect(parameters).toBe(card.parameters);
  });
});
