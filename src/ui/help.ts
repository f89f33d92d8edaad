// What every control means, with its formula (plain Unicode, no web fonts): the help popovers read this table.
export interface HelpEntry {
  title: string;
  text: string;
  formula: string;
}

export const HELP = {
  lesson: {
    title: 'Lessons and the tour',
    text: 'A lesson sets up the whole problem for one idea; the tour walks through MAP-RPS on it, one step and one formula at a time.',
    formula: 'y → A†y → x_MAP → x_t₀ → x̂ ~ p(x | y)',
  },
  image: {
    title: 'Image',
    text: 'The ground truth x. It is centre-cropped and resized to the prior’s resolution; the solver never sees it, only the metrics do.',
    formula: 'x ∈ [−1, 1]^(c×h×w)',
  },
  prior: {
    title: 'Prior',
    text: 'The denoiser D(x, σ) ≈ E[x₀ | x₀ + σn] that stands for p(x). The Gaussian sandbox has an exact denoiser and a known optimal frontier.',
    formula: 'D(x, σ) = x + σ² ∇ log p_σ(x)',
  },
  degradation: {
    title: 'Operator A',
    text: 'How the measurement is made from the image: blur, missing pixels, downsampling or nothing, plus Gaussian noise.',
    formula: 'y = A x + σ_y n,  n ~ N(0, I)',
  },
  kernelSize: {
    title: 'Kernel size',
    text: 'Side of the blur kernel k in pixels; the blur is a circular convolution.',
    formula: 'A x = k ⊛ x',
  },
  blurStd: {
    title: 'Blur std',
    text: 'Width of the Gaussian kernel: larger means more frequencies are lost.',
    formula: 'k(u) ∝ exp(−|u|² / 2s²)',
  },
  motionIntensity: {
    title: 'Shake intensity',
    text: 'How curved the camera-shake path of the motion kernel is (0: a straight streak).',
    formula: 'A x = k_path ⊛ x',
  },
  boxFraction: {
    title: 'Hole size',
    text: 'Side of the missing centre square, as a fraction of the image side.',
    formula: 'A x = m ⊙ x,  m = 0 inside the box',
  },
  missingFraction: {
    title: 'Missing pixels',
    text: 'Fraction of pixels removed at random (seeded).',
    formula: 'm_i ~ Bernoulli(1 − p)',
  },
  halfSide: {
    title: 'Missing half',
    text: 'Which half of the image is hidden.',
    formula: 'A x = m ⊙ x',
  },
  brush: {
    title: 'Painted mask',
    text: 'Paint the pixels to hide. [ and ] change the brush, Ctrl+Z / Ctrl+Y undo and redo.',
    formula: 'A x = m ⊙ x,  m = 0 where painted',
  },
  sigmaY: {
    title: 'Noise σ_y',
    text: 'Standard deviation of the measurement noise in the [−1, 1] range. σ_y = 0 makes the data step an exact projection.',
    formula: 'y = A x + σ_y n',
  },
  method: {
    title: 'Solver',
    text: 'MAP-RPS: stage 1 finds the MAP estimate, stage 2 re-noises it to t₀ and samples the posterior from there. t₀ is the distortion–perception knob. Posterior mean: the average of N samples, the distortion reference.',
    formula: 'x_MAP = argmin ‖y − A x‖² / 2σ_y² − log p(x)',
  },
  preset: {
    title: 'Preset',
    text: 'fast and quality: stage 1 anneals the prior from coarse to fine (half-quadratic splitting, 10–40 calls), stage 2 is DDNM+ for holes and super-resolution and clamp-and-release otherwise (20 or 100 steps) and t₀ reaches 300 (200 for scattered missing pixels; for a missing region, a box, a half or a painted mask, the full 1000, where the whole hole is redrawn as a sample). paper: the published stage 1 and DPS, t₀ up to 100, for reproducing the paper; its stage-1 weights were tuned for noise-free 256×256 faces, so at σ_y = 0.05 on faces64 its x_MAP stops 2–7 dB short of the posterior mean and PSNR can rise along t₀ (docs/results.md). Use fast or quality to see the tradeoff.',
    formula: 'NFE = N_MAP + steps(t₀)',
  },
  seed: {
    title: 'Seed',
    text: 'Every random draw of the solver comes from this seed: the same seed gives the same pixels.',
    formula: 'z = rng(seed)',
  },
  run: {
    title: 'Run',
    text: 'Computes the result at every other slider position; the rest are computed when the slider reaches them.',
    formula: 'x̂(t₀) for t₀ = round(t₀max · u²)',
  },
  slider: {
    title: 'Distortion ↔ perception',
    text: 'Left: the MAP estimate (lowest error, blurry). Right: a posterior sample (sharp, may invent details).',
    formula: 'x_t₀ = √ᾱ_t₀ · x_MAP + √(1 − ᾱ_t₀) · z',
  },
  chartMetric: {
    title: 'Distortion measure',
    text: 'The chart puts distortion (PSNR, SSIM or RMSE against the truth) against perception (patch-SWD to the truth’s patches; W2 to the prior on the sandbox).',
    formula: 'PSNR = 10 log₁₀(1 / MSE)',
  },
  perception: {
    title: 'Perception axis',
    text: 'patch-SWD compares the statistics of the result’s fine detail (7×7 patches of its finest band-pass level: the full-resolution detail after removing the blurred image) with the truth’s, not pixel by pixel: lower = the textures and edges look more like a real photo’s. A smooth estimate scores badly even where its error is small; a sharp sample that invents other details can score well. On 100 held-out faces it rates a posterior sample above the posterior mean on 96 % (blur), 89 % (box) and 92 % (random pixels) of them (docs/metrics.md). On the sandbox the axis is W2 to the prior.',
    formula: 'patch-SWD = mean over θ of W₁(θᵀ patches(x̂), θᵀ patches(x))',
  },
  share: {
    title: 'Share and export',
    text: 'The link carries every setting and the seed, so it reproduces the run for bundled images; the exports hold every computed point and the settings file the benchmark CLI reruns.',
    formula: 'same settings + same seed ⇒ same pixels',
  },
  compare: {
    title: 'Compare schedules',
    text: 'Two to four methods on the same measurement y and the same seed: only the way each one trades distortion for perception differs.',
    formula: 'y = A x + σ_y n shared by every panel',
  },
  wipe: {
    title: 'Wipe view',
    text: 'Two panels split by a movable edge, zoomed and panned together with whole-pixel (nearest-neighbour) zoom, so differences are read pixel by pixel.',
    formula: 'left(x) | right(x) at the same pixel x',
  },
  strip: {
    title: 't0 strip',
    text: 'Every computed point of one panel in knob order: the image moves from the MAP estimate (t0 = 0, low distortion) towards a posterior sample (large t0, better perception).',
    formula: 'x_t0 = √ᾱ_t0 x_MAP + √(1 − ᾱ_t0) z, then sample to t = 0',
  },
  trace: {
    title: 'Inside the diffusion',
    text: 'Replays one run step by step: the state x_t, the current estimate x̂₀ and how well it explains the measurement.',
    formula: 'residual = ‖y − A x̂₀‖',
  },
} satisfies Record<string, HelpEntry>;

export type HelpTopic = keyof typeof HELP;
