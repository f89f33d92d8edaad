"""The convolution skeleton of a playground UNet as a tiny ONNX file, for `npm run bench`'s kernel floor.

The graph keeps every Conv of the model (same channels, kernel sizes, strides and resolutions), the pixel
unshuffle/shuffle, the skip concatenations, residual additions and nearest upsampling, and drops what is not a
convolution (GroupNorm, SiLU, the noise embedding). Weights are ConstantOfShape nodes with value 1/(k²·c_in), so the
file stays a few KB and activations keep their scale; onnxruntime folds them into initializers at load. Same
interface as the denoisers: inputs x [N,C,H,W], sigma [N]; output denoised.

    /usr/bin/python3 train/conv_skeleton.py --card models/faces64.json --out src/bench/fixtures/faces64-conv-skeleton.onnx
"""
import argparse
import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


class Graph:
    def __init__(self):
        self.nodes, self.inits, self.count = [], [], 0

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def node(self, op: str, inputs: list[str], **attrs) -> str:
        out = self.name(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def constant(self, shape: list[int], value: float) -> str:
        shape_name = self.name("shape")
        self.inits.append(numpy_helper.from_array(np.array(shape, dtype=np.int64), shape_name))
        return self.node("ConstantOfShape", [shape_name], value=numpy_helper.from_array(np.array([value], np.float32)))

    def conv(self, h: str, c_in: int, c_out: int, k: int = 3, stride: int = 1) -> str:
        weight = self.constant([c_out, c_in, k, k], 1.0 / (k * k * c_in))
        bias = self.constant([c_out], 0.0)
        pad = k // 2
        return self.node("Conv", [h, weight, bias], pads=[pad] * 4, strides=[stride, stride])

    def res_block(self, h: str, c_in: int, c_out: int) -> str:
        body = self.conv(self.conv(h, c_in, c_out), c_out, c_out)
        skip = self.conv(h, c_in, c_out, k=1) if c_in != c_out else h
        return self.node("Add", [body, skip])


def skeleton(channels: int, widths: list[int], blocks_per_level: int) -> onnx.ModelProto:
    """Mirrors train/model.py's UNet: stem, down path, two middle blocks, up path with skip concatenations, head."""
    g = Graph()
    quarter = numpy_helper.from_array(np.array([0.25], np.float32), "sigma_data_squared")
    new_shape = numpy_helper.from_array(np.array([-1, 1, 1, 1], np.int64), "per_image")
    scales = numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "upsample_scales")
    g.inits += [quarter, new_shape, scales]
    # c_in(σ) x (EDM preconditioning), then the pixel unshuffle stem.
    c_in = g.node("Reciprocal", [g.node("Sqrt", [g.node("Add", [g.node("Mul", ["sigma", "sigma"]), "sigma_data_squared"])])])
    x_in = g.node("Mul", ["x", g.node("Reshape", [c_in, "per_image"])])
    h = g.conv(g.node("SpaceToDepth", [x_in], blocksize=2), 4 * channels, widths[0])
    skips, c = [(h, widths[0])], widths[0]
    for level, width in enumerate(widths):
        for _ in range(blocks_per_level):
            h, c = g.res_block(h, c, width), width
            skips.append((h, c))
        if level < len(widths) - 1:
            h = g.conv(h, c, c, stride=2)
            skips.append((h, c))
    for _ in range(2):
        h = g.res_block(h, c, c)
    for level, width in reversed(list(enumerate(widths))):
        for _ in range(blocks_per_level + 1):
            skip, c_skip = skips.pop()
            h, c = g.res_block(g.node("Concat", [h, skip], axis=1), c + c_skip, width), width
        if level > 0:
            h = g.node("Resize", [h, "", "upsample_scales"], mode="nearest")
    out = g.node("DepthToSpace", [g.conv(h, c, 4 * channels)], blocksize=2, mode="CRD")
    g.nodes.append(helper.make_node("Add", ["x", out], ["denoised"]))
    graph = helper.make_graph(
        g.nodes,
        "conv_skeleton",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", channels, "h", "w"]),
            helper.make_tensor_value_info("sigma", TensorProto.FLOAT, ["n"]),
        ],
        [helper.make_tensor_value_info("denoised", TensorProto.FLOAT, ["n", channels, "h", "w"])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--card", type=Path, required=True, help="the model card (models/NAME.json)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    card = json.loads(args.card.read_text())
    arch = card["architecture"]
    model = skeleton(card["channels"], arch["widths"], arch["blocks_per_level"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, args.out)
    convs = sum(n.op_type == "Conv" for n in model.graph.node)
    print(f"{args.out}: {convs} convolutions, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
