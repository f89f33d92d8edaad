// The trained weights of a playground denoiser read straight from its ONNX file (no Python, no second export), for
// rebuilding the same network in another runtime (src/bench/tfjsUnet.ts). Works in Node and in the browser: it takes
// the file's bytes.
//
// Named initializers keep their PyTorch names (`net.stem.weight`, `net.down.0.conv1.bias`, ...). The exporter
// leaves the GroupNorm affine parameters and the noise embedding's frequencies anonymous (`onnx::Mul_847`, shaped
// [C, 1, 1] / [1, 24]); they are named here after the module scope of the node that consumes them:
// `/net/down.0/norm1/Mul` → `net.down.0.norm1.weight`, `/net/down.0/norm1/Add` → `net.down.0.norm1.bias`,
// `/net/head/head.0/Mul` → `net.head.0.weight`, `/net/embed/Mul_1` → `net.embed.freqs`.
import protobuf from 'protobufjs';

// The ONNX fields needed (onnx.proto3 field numbers); everything else is skipped when decoding.
const ONNX_WEIGHTS_SUBSET = `
syntax = "proto3";
message TensorProto { repeated int64 dims = 1; int32 data_type = 2; repeated float float_data = 4; string name = 8; bytes raw_data = 9; }
message NodeProto { repeated string input = 1; repeated string output = 2; string name = 3; string op_type = 4; }
message GraphProto { repeated NodeProto node = 1; repeated TensorProto initializer = 5; }
message ModelProto { GraphProto graph = 7; }
`;
const FLOAT = 1;

export interface WeightTensor {
  dims: number[];
  data: Float32Array;
}

interface DecodedTensor {
  dims: number[];
  dataType: number;
  floatData: number[];
  name: string;
  rawData: Uint8Array;
}

function floats(tensor: DecodedTensor): Float32Array {
  if (tensor.dataType !== FLOAT) throw new Error(`initializer ${tensor.name} is not float32 (type ${tensor.dataType})`);
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  // Copied out of the file's buffer: raw_data need not be 4-byte aligned (ONNX stores it little-endian).
  const data =
    tensor.rawData.length > 0
      ? new Float32Array(Uint8Array.prototype.slice.call(tensor.rawData).buffer)
      : Float32Array.from(tensor.floatData);
  if (data.length !== count) throw new Error(`initializer ${tensor.name} holds ${data.length} values, not ${count}`);
  return data;
}

/**
 * The PyTorch-style name of an anonymous initializer consumed by `node`, from the node's module scope; undefined
 * where the node is not one of the exporter's GroupNorm affine or embedding-frequency multiplications.
 */
export function scopedParameterName(node: { name: string; opType: string }): string | undefined {
  const segments = node.name.split('/').filter(Boolean);
  const op = segments.pop();
  if (!op || (node.opType !== 'Mul' && node.opType !== 'Add')) return undefined;
  // Scope segments name nested modules; a Sequential's child repeats its parent's path ("head", "head.0").
  const path: string[] = [];
  for (const segment of segments) {
    if (path.length > 0 && segment.startsWith(`${path[path.length - 1]}.`)) path[path.length - 1] = segment;
    else path.push(segment);
  }
  const scope = path.join('.');
  if (scope === 'net.embed') return node.opType === 'Mul' ? 'net.embed.freqs' : undefined;
  return `${scope}.${node.opType === 'Mul' ? 'weight' : 'bias'}`;
}

/** Every float initializer of the model by name, anonymous ones named as above (they stay under their own name too). */
export function readOnnxWeights(bytes: Uint8Array): Map<string, WeightTensor> {
  const Model = protobuf.parse(ONNX_WEIGHTS_SUBSET).root.lookupType('ModelProto');
  const model = Model.toObject(Model.decode(bytes), { longs: Number, defaults: true }) as {
    graph: { node: { input: string[]; name: string; opType: string }[]; initializer: DecodedTensor[] };
  };
  const weights = new Map<string, WeightTensor>();
  for (const tensor of model.graph.initializer) {
    if (tensor.dataType !== FLOAT) continue;
    weights.set(tensor.name, { dims: tensor.dims.map(Number), data: floats(tensor) });
  }
  for (const node of model.graph.node) {
    for (const input of node.input) {
      const weight = weights.get(input);
      if (!weight || !input.startsWith('onnx::')) continue;
      const name = scopedParameterName(node);
      if (!name) continue;
      if (weights.has(name)) throw new Error(`two initializers would be named ${name} (node ${node.name})`);
      weights.set(name, weight);
    }
  }
  return weights;
}
