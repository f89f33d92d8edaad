// The runtime probe model that starts onnxruntime-web early must be a valid ONNX model: b = Identity(a) on float[1].
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { RUNTIME_PROBE_MODEL } from '../../src/worker/runtimeProbe';

describe('runtime probe model', () => {
  it('is the 69-byte ONNX graph b = Identity(a) that onnxruntime loads and runs', async () => {
    expect(RUNTIME_PROBE_MODEL.length).toBe(69);
    const session = await ort.InferenceSession.create(RUNTIME_PROBE_MODEL);
    try {
      expect(session.inputNames).toEqual(['a']);
      expect(session.outputNames).toEqual(['b']);
      const { b } = await session.run({ a: new ort.Tensor('float32', Float32Array.of(0.25), [1]) });
      expect(Array.from(b.data as Float32Array)).toEqual([0.25]);
    } finally {
      await session.release();
    }
  });
});
