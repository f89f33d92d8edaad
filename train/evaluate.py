"""Evaluate a trained denoiser; writes metrics into the model card (models/<name>.json) and sample sheets into docs/.

    /usr/bin/python3 train/evaluate.py --config train/configs/faces64.toml

- Denoising PSNR on the validation split vs a linear-MMSE baseline: the Wiener filter of a stationary Gaussian whose
  per-frequency 3x3 (cross-channel) spectral covariance is fitted on the training split.
- 64 unconditional samples (EDM Heun sampler, fixed seed) as a PNG sheet, each with its nearest training image (L2),
  and the same nearest-training distance for 64 held-out validation images (the memorisation check).
- Jacobian asymmetry ||Jᵀv − Jv|| / ||Jv|| of D(·, σ) (exact, by autograd) at several σ.
- A few model-generated samples as test fixtures (tests/fixtures/models/), so tests never need the training data.
- The samples and as many validation images as raw uint8 [N,C,H,W] files in train/out/ (not committed), for the
  patch-SWD and runtime figures that `scripts/model-report.ts` adds to the card and docs/models.md.
"""
import argparse
import json
import math
import os
import time
import tomllib
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from data import REPO, load_images, to_model_range
from export import file_checksums, load_ema

SIGMAS = [0.05, 0.1, 0.2, 0.5, 1.0, 2.0]


def psnr(x: torch.Tensor, ref: torch.Tensor) -> torch.Tensor:
    """Per-image PSNR in dB on the [0,1] range (inputs in [-1,1])."""
    mse = (((x.clamp(-1, 1) - ref) / 2) ** 2).mean(dim=(1, 2, 3))
    return -10 * torch.log10(mse)


class WienerBaseline:
    """Linear MMSE denoiser of a stationary Gaussian fitted to the training images (unitary 2D FFT per channel)."""

    def __init__(self, train: torch.Tensor):
        x = to_model_range(train).double()
        self.mean = x.mean(dim=(0, 2, 3), keepdim=True)
        coeffs = torch.fft.fft2(x - self.mean, norm="ortho")  # [N,C,H,W] complex
        # Per-frequency C x C covariance Σ_k = E[X_k X_kᴴ].
        self.cov = torch.einsum("nchw,ndhw->hwcd", coeffs, coeffs.conj()) / len(x)

    def __call__(self, noisy: torch.Tensor, sigma: float) -> torch.Tensor:
        c = noisy.shape[1]
        coeffs = torch.fft.fft2(noisy.double() - self.mean, norm="ortho")
        gain = self.cov @ torch.linalg.inv(self.cov + sigma**2 * torch.eye(c, dtype=self.cov.dtype))
        filtered = torch.einsum("hwcd,ndhw->nchw", gain, coeffs)
        return (torch.fft.ifft2(filtered, norm="ortho").real + self.mean).float()


@torch.no_grad()
def denoising_table(model, wiener: WienerBaseline, val: torch.Tensor, seed: int) -> list[dict]:
    gen = torch.Generator().manual_seed(seed)
    x0 = to_model_range(val)
    rows = []
    for sigma in SIGMAS:
        noisy = x0 + sigma * torch.randn(x0.shape, generator=gen)
        net = torch.cat([model(chunk, torch.full((len(chunk),), sigma)) for chunk in noisy.split(64)])
        rows.append({"sigma": sigma, "noisy_db": psnr(noisy, x0).mean().item(), "network_db": psnr(net, x0).mean().item(), "wiener_db": psnr(wiener(noisy, sigma), x0).mean().item()})
    return rows


@torch.no_grad()
def heun_sample(model, shape: tuple, seed: int, steps: int, sigma_min=0.002, sigma_max=80.0, rho=7.0) -> torch.Tensor:
    """EDM deterministic Heun sampler (Karras et al. 2022, Algorithm 1) with the ρ=7 σ schedule."""
    gen = torch.Generator().manual_seed(seed)
    i = torch.arange(steps, dtype=torch.float64)
    sigmas = (sigma_max ** (1 / rho) + i / (steps - 1) * (sigma_min ** (1 / rho) - sigma_max ** (1 / rho))) ** rho
    sigmas = torch.cat([sigmas, torch.zeros(1, dtype=torch.float64)]).float()
    x = torch.randn(shape, generator=gen) * sigmas[0]
    for s, s_next in zip(sigmas[:-1], sigmas[1:]):
        d = (x - model(x, s.repeat(shape[0]))) / s
        x_next = x + (s_next - s) * d
        if s_next > 0:
            d_next = (x_next - model(x_next, s_next.repeat(shape[0]))) / s_next
            x_next = x + (s_next - s) * (d + d_next) / 2
        x = x_next
    return x.clamp(-1, 1)


def nearest_training_images(samples: torch.Tensor, train: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    flat_s = samples.flatten(1)
    best_d, best_i = torch.full((len(samples),), float("inf")), torch.zeros(len(samples), dtype=torch.long)
    for start in range(0, len(train), 2048):
        chunk = to_model_range(train[start : start + 2048]).flatten(1)
        d = torch.cdist(flat_s, chunk)
        dmin, imin = d.min(dim=1)
        better = dmin < best_d
        best_d[better], best_i[better] = dmin[better], imin[better] + start
    return to_model_range(train[best_i]), best_d / math.sqrt(samples[0].numel())


def to_uint8(x: torch.Tensor) -> np.ndarray:
    return ((x.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).numpy()


def save_sheet(images: torch.Tensor, cols: int, path: Path, scale: int = 2) -> None:
    tiles = to_uint8(images)
    n, h, w, c = tiles.shape
    rows = math.ceil(n / cols)
    sheet = np.full((rows * (h + 2), cols * (w + 2), c), 255, dtype=np.uint8)
    for k, tile in enumerate(tiles):
        r, q = divmod(k, cols)
        sheet[r * (h + 2) + 1 : r * (h + 2) + 1 + h, q * (w + 2) + 1 : q * (w + 2) + 1 + w] = tile
    img = Image.fromarray(sheet.squeeze(-1) if c == 1 else sheet)
    img.resize((img.width * scale, img.height * scale), Image.NEAREST).save(path)


def jacobian_asymmetry(model, x0: torch.Tensor, sigmas: list[float], seed: int) -> list[dict]:
    gen = torch.Generator().manual_seed(seed)
    rows = []
    for sigma in sigmas:
        x = x0 + sigma * torch.randn(x0.shape, generator=gen)
        v = torch.randn(x0.shape, generator=gen)
        s = torch.full((len(x),), sigma)
        f = lambda inp: model(inp, s)  # noqa: E731
        _, jv = torch.autograd.functional.jvp(f, x, v)
        _, jtv = torch.autograd.functional.vjp(f, x, v)
        rows.append({"sigma": sigma, "asymmetry": ((jtv - jv).norm() / jv.norm()).item()})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True)
    parser.add_argument("--val-limit", type=int, default=459)
    parser.add_argument("--steps", type=int, default=18, help="Heun steps (2·steps − 1 denoiser calls per sample)")
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    cfg = tomllib.loads(Path(args.config).read_text())
    name, c, r = cfg["name"], cfg["data"]["channels"], cfg["data"]["resolution"]
    model, state = load_ema(REPO / "train" / "checkpoints" / f"{name}.pt")
    model.requires_grad_(False)
    train, val = load_images(cfg["data"], "train"), load_images(cfg["data"], "val", args.val_limit)
    started = time.time()

    wiener = WienerBaseline(train)
    table = denoising_table(model, wiener, val, seed=7)

    samples = heun_sample(model, (64, c, r, r), seed=2026, steps=args.steps)
    nearest, nearest_rmse = nearest_training_images(samples, train)
    docs = REPO / "docs"
    docs.mkdir(exist_ok=True)
    save_sheet(samples, 8, docs / f"{name}-samples.png")
    pairs = torch.stack([samples[:16], nearest[:16]], dim=1).flatten(0, 1)
    save_sheet(pairs, 8, docs / f"{name}-nearest.png")

    fixtures = REPO / "tests" / "fixtures" / "models"
    fixtures.mkdir(parents=True, exist_ok=True)
    for k in range(4):
        Image.fromarray(to_uint8(samples[k : k + 1])[0].squeeze(-1) if c == 1 else to_uint8(samples[k : k + 1])[0]).save(fixtures / f"{name}-sample{k}.png")

    # Raw uint8 NCHW sets for scripts/model-report.ts (patch-SWD of the samples against validation images).
    out = REPO / "train" / "out"
    out.mkdir(exist_ok=True)
    (out / f"{name}-samples.u8").write_bytes(to_uint8(samples).transpose(0, 3, 1, 2).tobytes())
    # Twice as many validation images as samples: the first half is the reference set, the second a disjoint real set
    # whose distances to the first give the scale of a perfect model's.
    (out / f"{name}-val.u8").write_bytes(val[: 2 * len(samples)].numpy().tobytes())
    # Memorisation check: a sample much closer to its nearest training image than held-out real images are to theirs
    # would be a copy. Same distance, same training set, for the first validation images.
    _, val_nearest_rmse = nearest_training_images(to_model_range(val[: len(samples)]), train)

    asymmetry = jacobian_asymmetry(model, to_model_range(val[:8]), [0.05, 0.2, 0.5, 1.0, 2.0], seed=11)

    (REPO / "models").mkdir(exist_ok=True)
    card_path = REPO / "models" / f"{name}.json"
    onnx_path = REPO / "models" / f"{name}.onnx"
    card = json.loads(card_path.read_text()) if card_path.exists() else {}
    card.pop("file_bytes", None)  # now "bytes", beside "sha256"
    card.update(
        {
            "name": name,
            "file": onnx_path.name,
            "channels": c,
            "native_resolution": r,
            "stride": model.net.stride,
            "data_range": [-1, 1],
            "sigma_data": cfg["edm"]["sigma_data"],
            "trained_sigma": {"log_normal_mean": cfg["edm"]["p_mean"], "log_normal_std": cfg["edm"]["p_std"], "sampler_range": [cfg["edm"]["sigma_min"], cfg["edm"]["sigma_max"]]},
            "training_data": cfg["data"]["source"],
            "licence": cfg["data"]["licence"],
            "images_seen": state["images_seen"],
            "wall_clock_hours": round(state["hours"], 3),
            "parameters": sum(p.numel() for p in model.parameters()),
            **(file_checksums(onnx_path) if onnx_path.exists() else {}),
            "architecture": {k: cfg["model"][k] for k in ("widths", "blocks_per_level", "emb_dim")},
            "denoising_psnr_db": table,
            "samples": {"sheet": f"docs/{name}-samples.png", "nearest_sheet": f"docs/{name}-nearest.png", "sampler": f"EDM Heun, {args.steps} steps, seed 2026", "nearest_train_rmse_mean": nearest_rmse.mean().item(), "nearest_train_rmse_min": nearest_rmse.min().item(), "validation_nearest_train_rmse_mean": val_nearest_rmse.mean().item(), "validation_nearest_train_rmse_min": val_nearest_rmse.min().item()},
            "jacobian_asymmetry": asymmetry,
            "validation_images": len(val),
        }
    )
    card_path.write_text(json.dumps(card, indent=2) + "\n")
    print(json.dumps({"denoising": table, "asymmetry": asymmetry, "nearest_rmse_mean": nearest_rmse.mean().item(), "seconds": time.time() - started}, indent=1))


if __name__ == "__main__":
    main()
