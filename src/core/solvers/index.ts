export { type AdamSettings, AdamW, cosineLearningRate, TORCH_ADAMW } from './adam';
export { abortReason, DenoiserCalls } from './calls';
export { type AsymmetryReport, FD_RELATIVE_STEP, jacobianAsymmetry, jacobianVectorProducts } from './jacobian';
export {
  type CcdfConfig,
  type MapConfig,
  type MapRpsConfig,
  MAP_SIGMA_Y_FLOOR,
  mapStart,
  mapTimesteps,
  plannedSweepNfe,
  resolveMapWeight,
  type SweepOptions,
  type SweepPlan,
  type SweepPoint,
  type SweepResult,
  type SweepSchedule,
  solveCcdf,
  solveMapRps,
  sweep,
} from './mapRps';
export {
  ccdfPreset,
  MAX_POSTERIOR_MEAN_SAMPLES,
  mapRpsPreset,
  POSTERIOR_MEAN_SAMPLES,
  posteriorMeanPreset,
  PEER_METHODS,
  type PeerMethod,
  PRESETS,
  type Preset,
  peerPreset,
  redDiffPreset,
  TASKS,
  type HoleShape,
  type Task,
  t0Max,
  t0Sweep,
  traversalPreset,
} from './presets';
export { type RedDiffConfig, solveRedDiff } from './redDiff';
export { evenlySpacedSnapshots, isEvenlySpaced } from './snapshots';
export {
  type PosteriorMeanConfig,
  plannedReverseCalls,
  type ReverseConfig,
  solvePosteriorMean,
  solvePosteriorSampler,
} from './reverse';
export { callsPerStep, ddimNoise, dpsDirection, dpsGradient, type SamplerConfig, type SamplerKind } from './rules';
export {
  type CurveOptions,
  type CurvePoint,
  type CurveResult,
  type KnobSetting,
  knobSetting,
  plannedCurveNfe,
  TRAVERSAL_STRATEGIES,
  type TraversalConfig,
  type TraversalStrategy,
  t0ForKnob,
  traversalCurve,
  usesMapEstimate,
} from './traversal';
export type { Progress, Snapshot, SnapshotFilter, SolveOptions, SolveResult, Stage } from './types';
export { predictVp, type VpPrediction } from './vp';
