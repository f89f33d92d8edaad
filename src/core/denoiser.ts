import type { Batch } from './tensor';

// EDM/VE convention, images in [-1,1]: D(x, σ) ≈ E[x0 | x0 + σ n], one σ per batch item (Karras et al. 2022).
export type Denoiser = (
  x: Batch,
  sigma: Float32Array /* length n */,
  signal?: AbortSignal,
) => Promise<Float32Array /* NCHW */>;

/** Checks what every Denoiser implementation must reject: a σ per item, finite and non-negative. */
export function assertDenoiserInput(x: Batch, sigma: Float32Array): void {
  if (x.data.length !== x.n * x.c * x.h * x.w) {
    throw new Error(`batch data has length ${x.data.length}, expected ${x.n}×${x.c}×${x.h}×${x.w}`);
  }
  if (sigma.length !== x.n) throw new Error(`denoiser needs one sigma per image: got ${sigma.length} for ${x.n}`);
  for (const s of sigma)
    if (!(s >= 0) || !Number.isFinite(s)) throw new Error(`sigma must be finite and ≥ 0, got ${s}`);
}
