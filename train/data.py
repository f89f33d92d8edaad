"""Training and validation images as uint8 tensors [N, C, H, W], read from where they live (never copied into the repo)."""
import gzip
import io
import tarfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image

REPO = Path(__file__).resolve().parent.parent


def resolve(path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else REPO / p


def load_tar_images(path: str, limit: int | None = None) -> torch.Tensor:
    images = []
    with tarfile.open(resolve(path)) as tar:
        members = sorted((m for m in tar if m.isfile() and m.name.lower().endswith((".jpg", ".jpeg", ".png"))), key=lambda m: m.name)
        for member in members[:limit]:
            img = Image.open(io.BytesIO(tar.extractfile(member).read())).convert("RGB")
            images.append(np.asarray(img, dtype=np.uint8).transpose(2, 0, 1))
    if not images:
        raise SystemExit(f"no images found in {path}")
    return torch.from_numpy(np.stack(images))


def load_idx_images(path: str, pad_to: int, limit: int | None = None) -> torch.Tensor:
    """MNIST-style idx3-ubyte(.gz) file, zero-padded (black) to pad_to x pad_to."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(resolve(path), "rb") as f:
        raw = f.read()
    count, rows, cols = (int.from_bytes(raw[4 * i : 4 * i + 4], "big") for i in (1, 2, 3))
    images = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)[:limit]
    top, left = (pad_to - rows) // 2, (pad_to - cols) // 2
    padded = np.zeros((len(images), 1, pad_to, pad_to), dtype=np.uint8)
    padded[:, :, top : top + rows, left : left + cols] = images
    return torch.from_numpy(padded)


def load_images(spec: dict, split: str, limit: int | None = None) -> torch.Tensor:
    path = spec[split]
    if spec["format"] == "tar":
        return load_tar_images(path, limit)
    if spec["format"] == "idx":
        return load_idx_images(path, spec["pad_to"], limit)
    raise SystemExit(f"unknown data format {spec['format']!r}")


def to_model_range(batch: torch.Tensor) -> torch.Tensor:
    return batch.float() / 127.5 - 1.0
