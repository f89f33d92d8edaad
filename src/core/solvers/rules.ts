// One reverse-diffusion step x_σ → x_σ' for every posterior sampler, in VE coordinates (x_VE = x_t/√ᾱ_t, noise σ).
// Each rule turns the denoiser's x̂0 = D(x, σ) (and, for DPS, a Jacobian-vector product) into the next state.
// Notation: ε̂ = (x − x̂0)/σ; z ~ N(0, I); "fresh" is the std of new noise, "carry" the weight of a unit noise
// direction kept from the current state; noiseScale multiplies every fresh draw (Wang et al. 2025 variance scaling).
import type { Measurement } from '../operators';
import type { Rng } from '../rng';
import { combine, norm, subtract } from './vec';

export type SamplerConfig =
  /** DDNM+ (Wang, Yu & Zhang 2023), noisy-case rule in SVD form; η is the fresh-noise fraction of the code. */
  | { kind: 'ddnm'; eta: number }
  /** DDRM (Kawar et al. 2022), deepinv's spectral equations; η is the fresh-noise fraction, η_b the data pull. */
  | { kind: 'ddrm'; eta: number; etaB: number }
  /**
   * Clamp-and-release: components stay clamped to their data ȳ_i plus noise while σ ≥ σ_y/s_i (DDRM with η_b = 1),
   * then run the unconditional DDIM-η step (η = 1: DDPM). Exact for a Gaussian prior diagonal in V (see docs).
   */
  | { kind: 'clamp-release'; eta: number }
  /** DiffPIR (Zhu et al. 2023): data prox with ρ = σ/√λ, then re-noise mixing ε̂ and fresh noise by ζ. */
  | { kind: 'diffpir'; zeta: number; lambda: number }
  /** DMPS (Meng & Kabashima 2022): DDIM-η step plus the closed-form ∇ log N(y; A x, σ_y² + σ² AAᵀ). */
  | { kind: 'dmps'; eta: number }
  /**
   * DPS (Chung et al. 2023): DDIM-η step plus ζ·Jᵀ Aᵀ r/‖r‖ per timestep spanned, r = y − A x̂0, with Jᵀv ≈ Jv by
   * forward differences.
   */
  | { kind: 'dps'; zeta: number; eta: number };

export type SamplerKind = SamplerConfig['kind'];

export interface StepInput {
  x: Float32Array;
  x0: Float32Array;
  sigma: number;
  sigmaNext: number;
  /** √ᾱ at the current and the next timestep (DPS works in the VP parametrisation of the paper). */
  scale: number;
  scaleNext: number;
  /** Timesteps this step spans (t − t'; 1 on the full schedule). */
  span: number;
  rng: Rng;
  noiseScale: number;
  /** J v for the rule's `direction` (only for rules with one). */
  jv?: Float32Array;
}

export interface StepRule {
  /** The vector v whose Jacobian product J(x) v the update needs (DPS); absent for gradient-free rules. */
  direction?: (input: StepInput) => Float32Array;
  update(input: StepInput): Float32Array;
}

/** DDIM noise (Song et al. 2021) in VE form: fresh = ησ'√(1 − σ'²/σ²) (η = 1: DDPM), carry = √(σ'² − fresh²). */
export function ddimNoise(sigma: number, sigmaNext: number, eta: number): { fresh: number; carry: number } {
  const fresh = eta * sigmaNext * Math.sqrt(Math.max(0, 1 - (sigmaNext * sigmaNext) / (sigma * sigma)));
  return { fresh, carry: Math.sqrt(Math.max(0, sigmaNext * sigmaNext - fresh * fresh)) };
}

/** The DDRM/DDNM code's noise split: a fraction η of σ' is fresh noise, √(1 − η²) of it carries ε̂. */
function fractionNoise(sigmaNext: number, eta: number): { fresh: number; carry: number } {
  return { fresh: eta * sigmaNext, carry: Math.sqrt(1 - eta * eta) * sigmaNext };
}

function addNoise(mean: Float32Array, std: number, input: StepInput): Float32Array {
  const scaled = std * input.noiseScale;
  if (scaled === 0) return mean;
  return combine([
    [1, mean],
    [scaled, input.rng.fillNormal(new Float32Array(mean.length))],
  ]);
}

// ---- Spectral rules (DDRM, DDNM+, clamp-and-release), per SVD coefficient ----------------------------------------
// With A = U diag(s) Vᵀ: x̄ = Vᵀx, x̄0 = Vᵀx̂0, ȳ_i = (Uᵀy)_i/s_i with noise std nsr_i = σ_y/s_i (∞ where s_i = 0).

/** One coefficient's values; `mean` and `std` are written by the rule (one reused object, no allocation per step). */
interface Coefficient {
  x: number;
  x0: number;
  y: number;
  nsr: number;
  mean: number;
  std: number;
}
/** Per step, the per-coefficient update (step constants such as the noise split computed once). */
type CoefficientRule = (input: StepInput) => (c: Coefficient) => void;

function spectralRule(measurement: Measurement, coefficient: CoefficientRule): StepRule {
  const { svd } = measurement.operator;
  const yCoeffs = svd.uT(measurement.y);
  const ybar = yCoeffs.map((c, i) => (svd.singular[i] > 0 ? c / svd.singular[i] : 0));
  const nsr = svd.singular.map((s) => (s > 0 ? measurement.sigmaY / s : Number.POSITIVE_INFINITY));
  return {
    update(input) {
      const xb = svd.vT(input.x);
      const x0b = svd.vT(input.x0);
      const z = input.rng.fillNormal(new Float32Array(xb.length));
      const out = new Float32Array(xb.length);
      const c: Coefficient = { x: 0, x0: 0, y: 0, nsr: 0, mean: 0, std: 0 };
      const update = coefficient(input);
      for (let i = 0; i < xb.length; i++) {
        c.x = xb[i];
        c.x0 = x0b[i];
        c.y = ybar[i];
        c.nsr = nsr[i];
        update(c);
        out[i] = c.mean + input.noiseScale * c.std * z[i];
      }
      return svd.v(out);
    },
  };
}

/**
 * DDRM / clamp-and-release share three regimes per coefficient:
 * σ' ≥ nsr: mean (1−η_b)x̄0 + η_b ȳ, std √(σ'² − η_b² nsr²);
 * σ' below the data noise: mean x̄0 + carry·(ȳ − x̄0)/nsr (a unit noise direction taken from the data), std fresh;
 * no data: the unconditional step x̄0 + carry·ε̂, std fresh.
 * DDRM uses the data direction whenever σ' < nsr; clamp-and-release only on the step that crosses nsr and then
 * releases the coefficient to the unconditional step (the data already sit in the state).
 */
function ddrmCoefficient(
  etaB: number,
  release: boolean,
  noise: (input: StepInput) => { fresh: number; carry: number },
): CoefficientRule {
  return (input) => {
    const { sigma, sigmaNext } = input;
    const { fresh, carry } = noise(input);
    return (c) => {
      if (c.nsr === Number.POSITIVE_INFINITY || (release && c.nsr > sigma)) {
        c.mean = c.x0 + (carry * (c.x - c.x0)) / sigma;
        c.std = fresh;
      } else if (sigmaNext < c.nsr) {
        c.mean = c.x0 + (carry * (c.y - c.x0)) / c.nsr;
        c.std = fresh;
      } else {
        c.mean = (1 - etaB) * c.x0 + etaB * c.y;
        c.std = Math.sqrt(Math.max(0, sigmaNext * sigmaNext - (etaB * c.nsr) ** 2));
      }
    };
  };
}

/**
 * DDNM+ noisy rule (Wang et al. 2023, eq. 17/19) per coefficient: with the fresh-noise budget f = ησ',
 * λ = min(1, f/nsr), x̄0 ← x̄0 + λ(ȳ − x̄0) and the fresh noise shrinks to √(f² − (λ·nsr)²).
 */
function ddnmCoefficient(eta: number): CoefficientRule {
  return (input) => {
    const { fresh, carry } = fractionNoise(input.sigmaNext, eta);
    return (c) => {
      const lambda = c.nsr === Number.POSITIVE_INFINITY ? 0 : c.nsr > 0 ? Math.min(1, fresh / c.nsr) : 1;
      c.mean = c.x0 + (carry * (c.x - c.x0)) / input.sigma + lambda * (c.y - c.x0);
      c.std = lambda === 0 ? fresh : Math.sqrt(Math.max(0, fresh * fresh - (lambda * c.nsr) ** 2));
    };
  };
}

// ---- Rules that work in image space ----------------------------------------------------------------------------

function diffpirRule(measurement: Measurement, zeta: number, lambda: number): StepRule {
  return {
    update(input) {
      // prox_{2f/ρ_t} with ρ_t = λσ_y²/σ² is the data step with Gaussian prior width σ/√λ.
      const x0 = measurement.proxData(input.x0, input.sigma / Math.sqrt(lambda));
      const eps = combine([
        [1 / input.sigma, input.x],
        [-1 / input.sigma, x0],
      ]);
      const mean = combine([
        [1, x0],
        [input.sigmaNext * Math.sqrt(1 - zeta), eps],
      ]);
      return addNoise(mean, input.sigmaNext * Math.sqrt(zeta), input);
    },
  };
}

/** The unconditional DDIM-η mean x̂0 + carry·ε̂ and its fresh-noise std. */
function ddimMean(input: StepInput, eta: number): { mean: Float32Array; fresh: number } {
  const { fresh, carry } = ddimNoise(input.sigma, input.sigmaNext, eta);
  const mean = combine([
    [1 - carry / input.sigma, input.x0],
    [carry / input.sigma, input.x],
  ]);
  return { mean, fresh };
}

function dmpsRule(measurement: Measurement, eta: number): StepRule {
  const { svd } = measurement.operator;
  const yCoeffs = svd.uT(measurement.y);
  const noiseVariance = measurement.sigmaY ** 2;
  return {
    update(input) {
      // ∇_x log N(y; A x, σ_y² I + σ² A Aᵀ) = V diag(s/(σ_y² + σ² s²)) (Uᵀy − s Vᵀx), the uninformative-prior
      // likelihood of DMPS, added with the step's variance decrement σ² − σ'² (the factor of the score in DDPM).
      const xb = svd.vT(input.x);
      const grad = xb.map((x, i) => {
        const s = svd.singular[i];
        return s > 0 ? (s * (yCoeffs[i] - s * x)) / (noiseVariance + input.sigma ** 2 * s * s) : 0;
      });
      const { mean, fresh } = ddimMean(input, eta);
      const guided = combine([
        [1, mean],
        [input.sigma ** 2 - input.sigmaNext ** 2, svd.v(grad)],
      ]);
      return addNoise(guided, fresh, input);
    },
  };
}

/** The DPS probe direction Aᵀ(y − A x̂0): ∇_{x̂0} of −½‖y − A x̂0‖². */
export function dpsDirection(measurement: Measurement, x0: Float32Array): Float32Array {
  const { operator, y } = measurement;
  return operator.adjoint(subtract(y, operator.forward(x0)));
}

/**
 * ∇_{x_t}‖y − A x̂0(x_t)‖ = −Jᵀ Aᵀ r/(√ᾱ_t ‖r‖) in the VP parametrisation (x̂0 = D(x_t/√ᾱ_t, σ_t), r = y − A x̂0),
 * with Jᵀ(Aᵀr) replaced by J(Aᵀr) = `jv` (Tweedie: J is symmetric for an MMSE denoiser). Zero when r = 0.
 */
export function dpsGradient(measurement: Measurement, x0: Float32Array, jv: Float32Array, scale: number): Float32Array {
  const residual = norm(subtract(measurement.y, measurement.operator.forward(x0)));
  return combine([[residual > 0 ? -1 / (scale * residual) : 0, jv]]);
}

function dpsRule(measurement: Measurement, zeta: number, eta: number): StepRule {
  return {
    direction: (input) => dpsDirection(measurement, input.x0),
    update(input) {
      if (!input.jv) throw new Error('DPS step needs the Jacobian-vector product of its direction');
      const { mean, fresh } = ddimMean(input, eta);
      // VP: x_{t'} = DDPM step − ζ ∇_{x_t}‖y − A x̂0‖ for each timestep spanned (ζ keeps its meaning at any step
      // count); in VE coordinates divide by √ᾱ_{t'}.
      return combine([
        [1, addNoise(mean, fresh, input)],
        [(-zeta * input.span) / input.scaleNext, dpsGradient(measurement, input.x0, input.jv, input.scale)],
      ]);
    },
  };
}

export function createStepRule(measurement: Measurement, config: SamplerConfig): StepRule {
  switch (config.kind) {
    case 'ddnm':
      return spectralRule(measurement, ddnmCoefficient(config.eta));
    case 'ddrm':
      return spectralRule(
        measurement,
        ddrmCoefficient(config.etaB, false, (input) => fractionNoise(input.sigmaNext, config.eta)),
      );
    case 'clamp-release':
      return spectralRule(
        measurement,
        ddrmCoefficient(1, true, (input) => ddimNoise(input.sigma, input.sigmaNext, config.eta)),
      );
    case 'diffpir':
      return diffpirRule(measurement, config.zeta, config.lambda);
    case 'dmps':
      return dmpsRule(measurement, config.eta);
    case 'dps':
      return dpsRule(measurement, config.zeta, config.eta);
  }
}

/** Denoiser calls per reverse step: DPS needs a second (batched) call for its JVP probes. */
export function callsPerStep(config: SamplerConfig): number {
  return config.kind === 'dps' ? 2 : 1;
}

export function assertSamplerConfig(config: SamplerConfig): void {
  const inUnit = (name: string, v: number) => {
    if (!(v >= 0 && v <= 1)) throw new Error(`${config.kind}: ${name} must be in [0, 1], got ${v}`);
  };
  const positive = (name: string, v: number) => {
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${config.kind}: ${name} must be finite and > 0, got ${v}`);
  };
  switch (config.kind) {
    case 'ddnm':
    case 'clamp-release':
    case 'dmps':
      inUnit('η', config.eta);
      return;
    case 'ddrm':
      inUnit('η', config.eta);
      inUnit('η_b', config.etaB);
      return;
    case 'diffpir':
      inUnit('ζ', config.zeta);
      positive('λ', config.lambda);
      return;
    case 'dps':
      inUnit('η', config.eta);
      if (!(config.zeta >= 0) || !Number.isFinite(config.zeta))
        throw new Error(`dps: ζ must be finite and ≥ 0, got ${config.zeta}`);
      return;
    default:
      throw new Error(`unknown sampler ${(config as { kind: string }).kind}`);
  }
}
