"""Train an EDM denoiser (Karras et al. 2022) on CPU or CUDA; resumes from the latest checkpoint.

    /usr/bin/python3 train/train.py --config train/configs/faces64.toml [--minutes 150] [--device cuda]

Checkpoints: train/checkpoints/<name>.pt (model + EMA weights, images seen, hours, sampling generator) and
<name>.optim.pt (AdamW state, moments stored as bfloat16 to halve the file), both committed so that every chunk
continues the previous one. At the end of a chunk the EMA weights are exported to models/ (unless --no-export).
"""
import argparse
import copy
import os
import signal
import time
import tomllib
from pathlib import Path

import torch

from data import REPO, load_images, to_model_range
from export import export_onnx
from model import build_denoiser

CHECKPOINTS = REPO / "train" / "checkpoints"


def atomic_save(obj: dict, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def pack_optimizer_state(state: dict) -> dict:
    """AdamW state with its moment tensors as bfloat16 (same exponent range as float32, half the bytes)."""
    packed = copy.deepcopy(state)
    for slot in packed["state"].values():
        for key in ("exp_avg", "exp_avg_sq"):
            slot[key] = slot[key].to(torch.bfloat16)
    return packed


def unpack_optimizer_state(state: dict) -> dict:
    for slot in state["state"].values():
        for key in ("exp_avg", "exp_avg_sq"):
            slot[key] = slot[key].float()
    return state


def edm_loss(denoiser, x0: torch.Tensor, edm: dict, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per-image EDM loss λ(σ)·||D(x0 + σn; σ) − x0||², λ = (σ² + σ_d²)/(σ σ_d)², log-normal σ (Karras Table 1)."""
    n = x0.shape[0]
    sigma = torch.exp(torch.randn(n, generator=gen, device=x0.device) * edm["p_std"] + edm["p_mean"])
    noise = torch.randn(x0.shape, generator=gen, device=x0.device) * sigma.reshape(-1, 1, 1, 1)
    sd = edm["sigma_data"]
    weight = (sigma**2 + sd**2) / (sigma * sd) ** 2
    per_image = ((denoiser(x0 + noise, sigma).float() - x0) ** 2).mean(dim=(1, 2, 3)) * weight
    return per_image.mean(), per_image.detach(), sigma


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True)
    parser.add_argument("--minutes", type=float, default=150.0, help="wall-clock length of this chunk")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--precision", choices=["bf16", "fp32"], default="bf16", help="autocast the forward pass to bfloat16 (AMX/AVX-512 CPUs, CUDA); weights, optimiser and loss stay float32")
    args = parser.parse_args()

    cfg = tomllib.loads(Path(args.config).read_text())
    name, optim_cfg, edm = cfg["name"], cfg["optim"], cfg["edm"]
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    CHECKPOINTS.mkdir(parents=True, exist_ok=True)
    ckpt_path, optim_path = CHECKPOINTS / f"{name}.pt", CHECKPOINTS / f"{name}.optim.pt"

    data = load_images(cfg["data"], "train").to(device)
    print(f"[{name}] {len(data)} training images {tuple(data.shape[1:])}", flush=True)

    model = build_denoiser(cfg["model"], cfg["data"]["channels"], edm["sigma_data"]).to(device)
    ema = copy.deepcopy(model).requires_grad_(False)
    opt = torch.optim.AdamW(model.parameters(), lr=optim_cfg["lr"], betas=tuple(optim_cfg["betas"]), weight_decay=optim_cfg["weight_decay"])
    images_seen, hours = 0, 0.0
    if ckpt_path.exists():
        state = torch.load(ckpt_path, map_location=device)
        model.load_state_dict(state["model"])
        ema.load_state_dict(state["ema"])
        images_seen, hours = state["images_seen"], state["hours"]
        if optim_path.exists():
            opt.load_state_dict(unpack_optimizer_state(torch.load(optim_path, map_location=device)))
        print(f"[{name}] resumed at {images_seen} images, {hours:.2f} h", flush=True)
    print(f"[{name}] {sum(p.numel() for p in model.parameters())} parameters", flush=True)

    gen = torch.Generator(device=device).manual_seed(cfg["seed"] * 1_000_003 + images_seen)
    if ckpt_path.exists() and "generator" in state and device.type == "cpu":
        gen.set_state(state["generator"])  # the data order and noise draws continue where the last chunk stopped
    batch, warmup = optim_cfg["batch"], optim_cfg["warmup_images"]
    # After a resume without optimizer state, Adam's moments restart: warm up again.
    warm_from = images_seen if not optim_path.exists() else 0
    chunk_start = last_ckpt = last_log = time.time()
    log_images, log_loss = 0, 0.0

    def save() -> None:
        elapsed = (time.time() - chunk_start) / 3600
        generator = gen.get_state() if device.type == "cpu" else None
        atomic_save({"model": model.state_dict(), "ema": ema.state_dict(), "images_seen": images_seen, "hours": hours + elapsed, "config": cfg, "generator": generator}, ckpt_path)
        atomic_save(pack_optimizer_state(opt.state_dict()), optim_path)

    # SIGTERM (a session ending, `kill`) and Ctrl+C end the chunk at the next step boundary with a checkpoint.
    stop_requested = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda received, _frame: stop_requested.append(received))

    while not stop_requested and images_seen < optim_cfg["total_images"] and time.time() - chunk_start < args.minutes * 60:
        idx = torch.randint(len(data), (batch,), generator=gen, device=device)
        x0 = to_model_range(data[idx])
        if cfg["data"].get("hflip"):
            flip = torch.rand(batch, generator=gen, device=device) < 0.5
            x0 = torch.where(flip.reshape(-1, 1, 1, 1), x0.flip(3), x0)
        for group in opt.param_groups:
            group["lr"] = optim_cfg["lr"] * min(1.0, (images_seen - warm_from + batch) / warmup)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.precision == "bf16"):
            loss, _, _ = edm_loss(model, x0, edm, gen)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        images_seen += batch
        # EMA with a half-life in images, ramped up early in training (Karras et al. 2022, App. F).
        halflife = min(optim_cfg["ema_halflife_images"], images_seen * optim_cfg["ema_rampup"])
        beta = 0.5 ** (batch / max(halflife, 1e-8))
        with torch.no_grad():
            for p_ema, p in zip(ema.parameters(), model.parameters()):
                p_ema.lerp_(p, 1 - beta)
        log_images += batch
        log_loss += loss.item() * batch
        now = time.time()
        if now - last_log > 60:
            print(f"[{name}] images {images_seen} loss {log_loss / log_images:.4f} {log_images / (now - last_log):.1f} img/s", flush=True)
            last_log, log_images, log_loss = now, 0, 0.0
        if now - last_ckpt > optim_cfg["checkpoint_minutes"] * 60:
            save()
            last_ckpt = now
    save()
    print(f"[{name}] chunk {'stopped by signal' if stop_requested else 'done'} at {images_seen} images", flush=True)
    if not args.no_export:
        export_onnx(ckpt_path, REPO / "models" / f"{name}.onnx")


if __name__ == "__main__":
    main()
