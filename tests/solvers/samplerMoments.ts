// What each published sampler's recursion produces on the Gaussian sandbox, in closed form. With the exact denoiser
// x̂0 = g·x, g = λ_k/(λ_k + σ²) (zero prior mean), and an operator diagonal in the prior's Fourier basis, every
// sampler below is a per-coefficient linear-Gaussian recursion x' = A·x + B·ȳ + C·z (ȳ = (Uᵀy)_k/s_k, noise
// std nsr = σ_y/s_k), written here from the papers' update equations. Writing the state as x = a·ȳ + w with w
// independent Gaussian noise of variance v, a step maps (a, v) to (A·a + B, A²·v + C²), from a = 0, v = σ_T² at T.
// The output's mean-square distance to the exact posterior mean β·ȳ (β = λ/(λ + nsr²)), over y and the sampler's
// noise, is then (a − β)²·E[ȳ²] + v with E[ȳ²] = λ + nsr². DPS is linear too once its step ζ/‖y − A x̂0‖ is fixed:
// the norm is a sum over all coefficients and concentrates, so it is replaced by its root-mean-square (mean field).
import type { GaussianPrior } from '../../src/core/sandbox';
import { DDPM_SCHEDULE } from '../../src/core/schedule';
import type { ReverseConfig, SamplerConfig } from '../../src/core/solvers';
import { chainGrid } from '../../src/core/solvers/reverse';

/** One step's coefficients: x' = A·x + B·ȳ + C·z. */
interface Affine {
  A: number;
  B: number;
  C: number;
}

interface Coefficient {
  lambda: number;
  /** Singular value s_k of the operator. */
  s: number;
  /** Data noise std σ_y/s_k (Infinity where s_k = 0: no data). */
  nsr: number;
}

interface StepContext {
  sigma: number;
  sigmaNext: number;
  scale: number;
  scaleNext: number;
  span: number;
  /** DPS only: the mean-field ‖y − A x̂0‖ of this step. */
  residualNorm: number;
}

/** x̂0 = g·x for the exact MMSE denoiser of N(0, λ). */
const gain = (lambda: number, sigma: number) => lambda / (lambda + sigma * sigma);

/** DDIM-η (Song et al. 2021) in VE form: x̂0 + carry·ε̂ + fresh·z with fresh = ησ'√(1 − σ'²/σ²). */
function ddim(c: Coefficient, s: StepContext, eta: number, x0Gain = gain(c.lambda, s.sigma)): Affine {
  const fresh = eta * s.sigmaNext * Math.sqrt(Math.max(0, 1 - s.sigmaNext ** 2 / s.sigma ** 2));
  const carry = Math.sqrt(Math.max(0, s.sigmaNext ** 2 - fresh ** 2));
  return { A: x0Gain + (carry / s.sigma) * (1 - x0Gain), B: 0, C: fresh };
}

function step(config: SamplerConfig, c: Coefficient, s: StepContext): Affine {
  const g = gain(c.lambda, s.sigma);
  const noData = c.nsr === Number.POSITIVE_INFINITY;
  switch (config.kind) {
    case 'ddnm': {
      // DDNM+ (Wang et al. 2023, eqs. 17/19 with the code's DDIM-η split f = ησ', c = √(1 − η²)σ'):
      // x̂0 ← x̂0 + λ_t(ȳ − x̂0), λ_t = min(1, f/nsr); fresh noise √(f² − (λ_t·nsr)²).
      const fresh = config.eta * s.sigmaNext;
      const carry = Math.sqrt(1 - config.eta ** 2) * s.sigmaNext;
      const pull = noData ? 0 : Math.min(1, fresh / c.nsr);
      const x0Gain = g * (1 - pull);
      return {
        A: x0Gain + (carry / s.sigma) * (1 - g),
        B: pull,
        C: pull === 0 ? fresh : Math.sqrt(Math.max(0, fresh ** 2 - (pull * c.nsr) ** 2)),
      };
    }
    case 'ddrm': {
      // DDRM (Kawar et al. 2022, eq. 7 in deepinv's σ form): no data → x̂0 + c·ε̂; σ' < nsr → x̂0 + c·(ȳ − x̂0)/nsr;
      // else (1 − η_b)x̂0 + η_b ȳ with noise √(σ'² − η_b²nsr²). c = √(1 − η²)σ', fresh ησ'.
      const fresh = config.eta * s.sigmaNext;
      const carry = Math.sqrt(1 - config.eta ** 2) * s.sigmaNext;
      if (noData) return { A: g + (carry / s.sigma) * (1 - g), B: 0, C: fresh };
      if (s.sigmaNext < c.nsr) return { A: g * (1 - carry / c.nsr), B: carry / c.nsr, C: fresh };
      return {
        A: (1 - config.etaB) * g,
        B: config.etaB,
        C: Math.sqrt(Math.max(0, s.sigmaNext ** 2 - (config.etaB * c.nsr) ** 2)),
      };
    }
    case 'diffpir': {
      // DiffPIR (Zhu et al. 2023): x̂0 ← prox with prior width ρ = σ/√λ (Gaussian conditional on ȳ), then
      // x' = x̂0 + σ'(√(1 − ζ)ε̂ + √ζ z), ε̂ = (x − x̂0)/σ.
      const rho2 = s.sigma ** 2 / config.lambda;
      const keep = noData ? 1 : c.nsr ** 2 / (c.nsr ** 2 + rho2);
      const x0Gain = keep * g;
      const dataGain = 1 - keep;
      const mix = (s.sigmaNext * Math.sqrt(1 - config.zeta)) / s.sigma;
      return {
        A: x0Gain + mix * (1 - x0Gain),
        B: dataGain * (1 - mix),
        C: s.sigmaNext * Math.sqrt(config.zeta),
      };
    }
    case 'dmps': {
      // DMPS (Meng & Kabashima 2022): DDPM step plus (σ² − σ'²)·∇ log N(ȳ; x, nsr² + σ²) per coefficient.
      const base = ddim(c, s, config.eta);
      if (noData) return base;
      const w = (s.sigma ** 2 - s.sigmaNext ** 2) / (c.nsr ** 2 + s.sigma ** 2);
      return { A: base.A - w, B: w, C: base.C };
    }
    case 'dps': {
      // DPS (Chung et al. 2023, Alg. 1) in VE form: DDPM step + ζ·span·J Aᵀr/(√ᾱ_t √ᾱ_t' ‖r‖), J = g (symmetric),
      // (Vᵀ Aᵀ r)_k = s_k²(ȳ − g x).
      const base = ddim(c, s, config.eta);
      if (noData) return base;
      const w = (config.zeta * s.span * g * c.s ** 2) / (s.scale * s.scaleNext * s.residualNorm);
      return { A: base.A - w * g, B: w, C: base.C };
    }
    default:
      throw new Error(`no closed form for ${config.kind}`);
  }
}

/**
 * Per coefficient k, the predicted E[(sample − exact posterior mean)_k²] of `config` run from T with the exact
 * denoiser of `prior` on data through singular values `singular` (in the prior's Fourier layout) with noise σ_y.
 */
export function predictedSquaredErrors(
  prior: GaussianPrior,
  singular: Float32Array,
  sigmaY: number,
  config: ReverseConfig,
): Float64Array {
  if (prior.params.mean !== 0) throw new Error('the closed forms assume a zero-mean prior');
  const schedule = DDPM_SCHEDULE;
  const n = prior.variance.length;
  const coefficients: Coefficient[] = Array.from({ length: n }, (_, k) => ({
    lambda: prior.variance[k],
    s: singular[k],
    nsr: singular[k] > 0 ? sigmaY / singular[k] : Number.POSITIVE_INFINITY,
  }));
  const dataPower = coefficients.map((c) => (c.s > 0 ? c.lambda + c.nsr ** 2 : 0)); // E[ȳ²]
  const a = new Float64Array(n);
  const v = new Float64Array(n).fill(schedule.sigma[schedule.steps] ** 2);
  const grid = chainGrid(config, schedule.steps);
  for (let i = 0; i + 1 < grid.length; i++) {
    const [t, tNext] = [grid[i], grid[i + 1]];
    const sigma = schedule.sigma[t];
    // Mean field for DPS: ‖y − A x̂0‖² = Σ s_k²(ȳ − g x)² (+ σ_y² per direction without signal), in expectation.
    let residual2 = 0;
    coefficients.forEach((c, k) => {
      const g = gain(c.lambda, sigma);
      residual2 += c.s > 0 ? c.s ** 2 * ((1 - g * a[k]) ** 2 * dataPower[k] + g * g * v[k]) : sigmaY ** 2;
    });
    const context: StepContext = {
      sigma,
      sigmaNext: schedule.sigma[tNext],
      scale: Math.sqrt(schedule.alphaBar[t]),
      scaleNext: Math.sqrt(schedule.alphaBar[tNext]),
      span: t - tNext,
      residualNorm: Math.sqrt(residual2),
    };
    coefficients.forEach((c, k) => {
      const { A, B, C } = step(config.sampler, c, context);
      a[k] = A * a[k] + B;
      v[k] = A * A * v[k] + C * C;
    });
  }
  return Float64Array.from(coefficients, (c, k) => {
    if (c.s === 0) return v[k];
    const beta = c.lambda / (c.lambda + c.nsr ** 2);
    return (a[k] - beta) ** 2 * dataPower[k] + v[k];
  });
}
