// The smallest ONNX model: b = Identity(a) on float[1] (IR 8, opset 17), the 69 bytes that onnx.helper.make_model
// serialises for it. A session made from it starts ORT's WebAssembly runtime (download, compile, thread pool) before
// the real model's bytes have arrived, so the two load side by side.
const PROBE_HEX =
  '08083a3b0a100a016112016222084964656e74697479120570726f62655a0f0a0161120a0a08080112040a020801620f0a0162120a0a080801' +
  '12040a02080142040a001011';

export const RUNTIME_PROBE_MODEL = Uint8Array.from(PROBE_HEX.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
