"""Training throughput (images/s) of candidate UNet widths on this machine, to choose a config.

    /usr/bin/python3 train/measure_speed.py --channels 3 --resolution 64
"""
import argparse
import os
import time

import torch

from model import build_denoiser

CANDIDATES = [
    {"widths": [32, 64, 64], "blocks_per_level": 1, "emb_dim": 32},
    {"widths": [48, 96, 96], "blocks_per_level": 1, "emb_dim": 48},
    {"widths": [64, 128, 128], "blocks_per_level": 1, "emb_dim": 64},
    {"widths": [64, 128, 128], "blocks_per_level": 2, "emb_dim": 64},
    {"widths": [64, 128, 192], "blocks_per_level": 2, "emb_dim": 64},
]

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--channels", type=int, default=3)
    parser.add_argument("--resolution", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    print("| widths | blocks | params | train img/s |\n|---|---|---|---|")
    for cfg in CANDIDATES:
        model = build_denoiser(cfg, args.channels, 0.5)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
        x = torch.randn(args.batch, args.channels, args.resolution, args.resolution)
        sigma = torch.rand(args.batch) + 0.1
        done, start = 0, None
        while start is None or time.time() - start < args.seconds:
            loss = ((model(x, sigma) - x) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            if start is None:
                start = time.time()
            else:
                done += args.batch
        params = sum(p.numel() for p in model.parameters())
        print(f"| {cfg['widths']} | {cfg['blocks_per_level']} | {params / 1e6:.2f}M | {done / (time.time() - start):.1f} |", flush=True)
