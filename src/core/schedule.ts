// VP-DDPM noise schedule (Ho et al. 2020): linear β from 1e-4 to 0.02 over T = 1000 steps, and its VE view.
// Timestep convention: t counts noising steps, ᾱ_0 = 1 (clean) and ᾱ_t = Π_{i=1..t} (1 − β_i). The official
// DDPM/MAP-RPS code indexes the same array from 0, so its timestep i is our t = i + 1.
// VE view (EDM): x_VE = x_t / √ᾱ_t carries noise of standard deviation σ_t = √((1 − ᾱ_t)/ᾱ_t).

export interface VpSchedule {
  /** Number of diffusion steps T; valid timesteps are 0..T. */
  steps: number;
  /** ᾱ_t for t = 0..T (length T + 1, ᾱ_0 = 1). */
  alphaBar: Float64Array;
  /** σ_t = √((1 − ᾱ_t)/ᾱ_t) for t = 0..T (σ_0 = 0). */
  sigma: Float64Array;
}

export function linearVpSchedule(steps = 1000, betaStart = 1e-4, betaEnd = 0.02): VpSchedule {
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`schedule needs a positive integer step count, got ${steps}`);
  if (!(betaStart > 0 && betaEnd >= betaStart && betaEnd < 1)) {
    throw new Error(`schedule needs 0 < βstart ≤ βend < 1, got ${betaStart}..${betaEnd}`);
  }
  const alphaBar = new Float64Array(steps + 1);
  const sigma = new Float64Array(steps + 1);
  alphaBar[0] = 1;
  for (let t = 1; t <= steps; t++) {
    const beta = steps === 1 ? betaStart : betaStart + ((betaEnd - betaStart) * (t - 1)) / (steps - 1);
    alphaBar[t] = alphaBar[t - 1] * (1 - beta);
    sigma[t] = Math.sqrt((1 - alphaBar[t]) / alphaBar[t]);
  }
  return { steps, alphaBar, sigma };
}

/** The schedule every solver uses unless told otherwise (the pixel-space ADM/DDPM one). */
export const DDPM_SCHEDULE = linearVpSchedule();

export function assertTimestep(schedule: VpSchedule, t: number, what = 'timestep'): void {
  if (!Number.isInteger(t) || t < 0 || t > schedule.steps) {
    throw new Error(`${what} must be an integer in 0..${schedule.steps}, got ${t}`);
  }
}

/** The largest t whose σ_t does not exceed σ (0 for σ below σ_1). */
export function timestepAtOrBelowSigma(schedule: VpSchedule, sigma: number): number {
  let lo = 0;
  let hi = schedule.steps;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (schedule.sigma[mid] <= sigma) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * How a reverse run spaces its timesteps: 'linear' in t (DDIM skip), or 'quad' (t ∝ u², denser near 0, as
 * DiffPIR's default).
 */
export type Spacing = 'linear' | 'quad';

/**
 * The timesteps a reverse run of `count` denoiser calls visits from `start`: `count` noise levels spaced from
 * `start` down to 1 (fewer when `start` is small), then 0. Like the DDIM/DDRM skip grids of the official code
 * (indices 0, skip, 2·skip, … there, i.e. t = 1 + k·skip here), the last call is at t = 1 (σ ≈ 0.01), so the
 * output is a nearly noise-free x̂0. `count` = `start` visits every timestep. `start` = 0 gives [0].
 */
export function timestepGrid(start: number, count: number, spacing: Spacing = 'linear'): Int32Array {
  if (!Number.isInteger(start) || start < 0) throw new Error(`grid start must be an integer ≥ 0, got ${start}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`grid needs at least one step, got ${count}`);
  const calls = Math.min(count, start);
  const grid: number[] = [];
  for (let k = 0; k < calls; k++) {
    const u = calls === 1 ? 1 : 1 - k / (calls - 1);
    const t = 1 + Math.round((start - 1) * (spacing === 'quad' ? u * u : u));
    // Rounding can repeat a timestep where the spacing is dense; force a strict decrease that still fits.
    const previous = grid.length > 0 ? grid[grid.length - 1] : start + 1;
    grid.push(Math.max(Math.min(t, previous - 1), calls - k));
  }
  grid.push(0);
  return Int32Array.from(grid);
}
