"""EDM-preconditioned, fully convolutional UNet for the playground's denoisers.

D(x; σ) = c_skip(σ) x + c_out(σ) F(c_in(σ) x; c_noise(σ))   (Karras et al. 2022, Table 1, "EDM" column)
The network works at half resolution inside: a pixel-unshuffle (space-to-depth ×2) stem and a pixel-shuffle head,
so it runs at any H, W divisible by `stride` (= 2 · 2^(levels−1)).
"""
import math

import torch
from torch import nn
import torch.nn.functional as F


class GroupNorm32(nn.GroupNorm):
    """GroupNorm computed in float32, also under bfloat16 autocast (CPU autocast in torch 1.13 leaves it mixed)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x if x.dtype == torch.float32 else x.float())


def group_norm(channels: int) -> nn.GroupNorm:
    return GroupNorm32(min(8, channels // 4), channels)


class NoiseEmbedding(nn.Module):
    """Sinusoidal embedding of c_noise = ln(σ)/4, then a 2-layer MLP."""

    def __init__(self, dim: int):
        super().__init__()
        self.freqs = nn.Parameter(torch.exp(-math.log(10000.0) * torch.arange(dim // 2) / (dim // 2)), requires_grad=False)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * 2), nn.SiLU(), nn.Linear(dim * 2, dim * 2))

    def forward(self, c_noise: torch.Tensor) -> torch.Tensor:
        angles = (c_noise[:, None] * 250.0) * self.freqs[None, :]
        return self.mlp(torch.cat([angles.cos(), angles.sin()], dim=1))


class ResBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, emb_dim: int, dropout: float):
        super().__init__()
        self.norm1, self.conv1 = group_norm(c_in), nn.Conv2d(c_in, c_out, 3, padding=1)
        self.affine = nn.Linear(emb_dim, 2 * c_out)
        self.norm2, self.conv2 = group_norm(c_out), nn.Conv2d(c_out, c_out, 3, padding=1)
        self.dropout = nn.Dropout(dropout)
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()
        nn.init.zeros_(self.conv2.weight)
        nn.init.zeros_(self.conv2.bias)

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.affine(emb)[:, :, None, None].chunk(2, dim=1)
        h = F.silu(self.norm2(h) * (1 + scale) + shift)
        h = self.conv2(self.dropout(h))
        return h + self.skip(x)


class UNet(nn.Module):
    """F(x; c_noise): the raw network inside the EDM preconditioning."""

    def __init__(self, channels: int, widths: list[int], blocks_per_level: int, emb_dim: int, dropout: float = 0.0):
        super().__init__()
        self.stride = 2 * 2 ** (len(widths) - 1)
        self.embed = NoiseEmbedding(emb_dim)
        emb = 2 * emb_dim
        self.stem = nn.Conv2d(4 * channels, widths[0], 3, padding=1)
        self.down = nn.ModuleList()
        skip_widths = [widths[0]]
        c = widths[0]
        for level, width in enumerate(widths):
            for _ in range(blocks_per_level):
                self.down.append(ResBlock(c, width, emb, dropout))
                c = width
                skip_widths.append(c)
            if level < len(widths) - 1:
                self.down.append(nn.Conv2d(c, c, 3, stride=2, padding=1))
                skip_widths.append(c)
        self.mid = nn.ModuleList([ResBlock(c, c, emb, dropout), ResBlock(c, c, emb, dropout)])
        self.up = nn.ModuleList()
        for level, width in reversed(list(enumerate(widths))):
            for _ in range(blocks_per_level + 1):
                self.up.append(ResBlock(c + skip_widths.pop(), width, emb, dropout))
                c = width
            if level > 0:
                self.up.append(nn.Upsample(scale_factor=2, mode="nearest"))
        self.head = nn.Sequential(group_norm(c), nn.SiLU(), nn.Conv2d(c, 4 * channels, 3, padding=1))
        nn.init.zeros_(self.head[-1].weight)
        nn.init.zeros_(self.head[-1].bias)

    def forward(self, x: torch.Tensor, c_noise: torch.Tensor) -> torch.Tensor:
        emb = self.embed(c_noise)
        h = self.stem(F.pixel_unshuffle(x, 2))
        skips = [h]
        for layer in self.down:
            h = layer(h, emb) if isinstance(layer, ResBlock) else layer(h)
            skips.append(h)
        for layer in self.mid:
            h = layer(h, emb)
        for layer in self.up:
            if isinstance(layer, ResBlock):
                h = layer(torch.cat([h, skips.pop()], dim=1), emb)
            else:
                h = layer(h)
        return F.pixel_shuffle(self.head(h), 2)


class EDMDenoiser(nn.Module):
    """D(x, σ) ≈ E[x0 | x0 + σ n] for images in [-1, 1]; σ has shape [N]."""

    def __init__(self, net: UNet, sigma_data: float):
        super().__init__()
        self.net = net
        self.sigma_data = sigma_data

    def forward(self, x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
        s = sigma.reshape(-1, 1, 1, 1)
        sd2 = self.sigma_data**2
        c_skip = sd2 / (s**2 + sd2)
        c_out = s * self.sigma_data / torch.sqrt(s**2 + sd2)
        c_in = 1 / torch.sqrt(s**2 + sd2)
        c_noise = torch.log(sigma) / 4
        return c_skip * x + c_out * self.net(c_in * x, c_noise)


def build_denoiser(model_cfg: dict, channels: int, sigma_data: float) -> EDMDenoiser:
    net = UNet(channels, model_cfg["widths"], model_cfg["blocks_per_level"], model_cfg["emb_dim"], model_cfg.get("dropout", 0.0))
    return EDMDenoiser(net, sigma_data)
