"""Export a checkpoint's EMA weights to ONNX (opset 17): inputs x [N,C,H,W], sigma [N]; output denoised.
The model card beside it (models/<name>.json) gets the file's `bytes` and `sha256`, which the app checks every
download and cache read against.

    /usr/bin/python3 train/export.py --checkpoint train/checkpoints/faces64.pt --out models/faces64.onnx
    /usr/bin/python3 train/export.py --checksums-only --out models/faces64.onnx   # card of an existing export
"""
import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from model import build_denoiser


def load_ema(checkpoint: Path) -> tuple[torch.nn.Module, dict]:
    state = torch.load(checkpoint, map_location="cpu")
    cfg = state["config"]
    model = build_denoiser(cfg["model"], cfg["data"]["channels"], cfg["edm"]["sigma_data"])
    model.load_state_dict(state["ema"])
    return model.eval(), state


def export_onnx(checkpoint: Path, out: Path) -> None:
    model, state = load_ema(checkpoint)
    cfg = state["config"]
    c, r = cfg["data"]["channels"], cfg["data"]["resolution"]
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        model,
        (torch.zeros(1, c, r, r), torch.ones(1)),
        str(out),
        input_names=["x", "sigma"],
        output_names=["denoised"],
        dynamic_axes={"x": {0: "n", 2: "h", 3: "w"}, "sigma": {0: "n"}, "denoised": {0: "n", 2: "h", 3: "w"}},
        opset_version=17,
        do_constant_folding=True,
    )
    write_card_checksums(out)
    print(f"exported {out} ({out.stat().st_size / 1e6:.2f} MB) from {state['images_seen']} images", flush=True)
    half = out.with_name(out.stem + ".fp16.onnx")
    store_weights_fp16(out, half)
    print(f"exported {half} ({half.stat().st_size / 1e6:.2f} MB)", flush=True)


def file_checksums(path: Path) -> dict:
    """The length and SHA-256 (lowercase hex) of a model file, as its card carries them."""
    data = path.read_bytes()
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def write_card_checksums(onnx_path: Path) -> None:
    """Writes the ONNX file's bytes and sha256 into its model card (created if missing; evaluate.py fills the rest)."""
    card_path = onnx_path.with_suffix(".json")
    card = json.loads(card_path.read_text()) if card_path.exists() else {"name": onnx_path.stem, "file": onnx_path.name}
    card.pop("file_bytes", None)  # older cards: the same figure under another name
    card.update(file_checksums(onnx_path))
    card_path.write_text(json.dumps(card, indent=2) + "\n")


def store_weights_fp16(src: Path, dst: Path) -> None:
    """Half-size variant: float32 weights stored as float16 and cast back on load, so arithmetic stays float32."""
    model = onnx.load(str(src))
    graph = model.graph
    initializers, casts = [], []
    for init in graph.initializer:
        weights = numpy_helper.to_array(init)
        if weights.dtype == np.float32 and weights.size > 1:
            stored = numpy_helper.from_array(weights.astype(np.float16), init.name + "__fp16")
            initializers.append(stored)
            casts.append(helper.make_node("Cast", [stored.name], [init.name], to=TensorProto.FLOAT))
        else:
            initializers.append(init)
    graph.ClearField("initializer")
    graph.initializer.extend(initializers)
    nodes = casts + list(graph.node)
    graph.ClearField("node")
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkpoint", type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--checksums-only", action="store_true", help="only write the card's bytes and sha256 of --out")
    args = parser.parse_args()
    if args.checksums_only:
        write_card_checksums(args.out)
    elif args.checkpoint is None:
        parser.error("--checkpoint is required (or --checksums-only)")
    else:
        export_onnx(args.checkpoint, args.out)
