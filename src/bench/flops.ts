// Floating-point operations of one denoiser call, counted from the ONNX graph: 2 × the multiply-accumulates of every
// Conv and Gemm node (biases, normalisation and activations left out; they are a few percent at most). Weight shapes
// come from the graph's initializers; output shapes from one onnxruntime-node run in which every Conv/Gemm output is
// also a graph output (appended to the model bytes: protobuf merges a repeated field written twice).
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import protobuf from 'protobufjs';

// The few ONNX fields needed (onnx.proto3 field numbers); the rest of the model is skipped when decoding.
const ONNX_SUBSET = `
syntax = "proto3";
message AttributeProto { string name = 1; int64 i = 3; }
message NodeProto { repeated string input = 1; repeated string output = 2; string op_type = 4; repeated AttributeProto attribute = 5; }
message TensorProto { repeated int64 dims = 1; string name = 8; }
message TypeProto { message Tensor { int32 elem_type = 1; } Tensor tensor_type = 1; }
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message GraphProto { repeated NodeProto node = 1; repeated TensorProto initializer = 5; repeated ValueInfoProto output = 12; }
message ModelProto { GraphProto graph = 7; }
`;
const FLOAT = 1;

interface OnnxNode {
  input: string[];
  output: string[];
  opType: string;
  attribute: { name: string; i: number }[];
}

export interface FlopCount {
  /** FLOPs of one call at the given shape (2 × multiply-accumulates of Conv and Gemm). */
  flops: number;
  convNodes: number;
  gemmNodes: number;
}

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

export async function countFlops(
  file: string,
  shape: { n: number; c: number; h: number; w: number },
): Promise<FlopCount> {
  const Model = protobuf.parse(ONNX_SUBSET).root.lookupType('ModelProto');
  const bytes = readFileSync(file);
  const model = Model.toObject(Model.decode(bytes), { longs: Number, defaults: true }) as {
    graph: { node: OnnxNode[]; initializer: { name: string; dims: number[] }[] };
  };
  const weights = new Map(model.graph.initializer.map((t) => [t.name, t.dims]));
  const nodes = model.graph.node.filter((n) => n.opType === 'Conv' || n.opType === 'Gemm');
  for (const node of nodes) {
    if (!weights.has(node.input[1])) throw new Error(`${node.opType} node ${node.output[0]} has no constant weight`);
  }
  const extraOutputs = Model.encode({
    graph: { output: nodes.map((n) => ({ name: n.output[0], type: { tensorType: { elemType: FLOAT } } })) },
  }).finish();
  const session = await ort.InferenceSession.create(Buffer.concat([bytes, extraOutputs]));
  try {
    const { n, c, h, w } = shape;
    const outputs = await session.run({
      x: new ort.Tensor('float32', new Float32Array(n * c * h * w), [n, c, h, w]),
      sigma: new ort.Tensor('float32', new Float32Array(n).fill(1), [n]),
    });
    let macs = 0;
    for (const node of nodes) {
      const out = outputs[node.output[0]].dims;
      const weight = weights.get(node.input[1]) as number[];
      if (node.opType === 'Conv') {
        // Each output value: Cin/groups × kh × kw multiply-accumulates (weight [Cout, Cin/groups, kh, kw]).
        macs += product(out) * product(weight.slice(1));
      } else {
        // Gemm Y[M,N] = A[M,K]·B[K,N] (B stored [N,K] when transB = 1).
        const transB = node.attribute.find((a) => a.name === 'transB')?.i === 1;
        macs += product(out) * (transB ? weight[1] : weight[0]);
      }
    }
    return {
      flops: 2 * macs,
      convNodes: nodes.filter((n) => n.opType === 'Conv').length,
      gemmNodes: nodes.filter((n) => n.opType === 'Gemm').length,
    };
  } finally {
    await session.release();
  }
}
