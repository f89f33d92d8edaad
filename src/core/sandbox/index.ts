export { type CgOptions, type CgSolution, posteriorMeanCg, posteriorSampleCg } from './conjugateGradient';
export {
  DEFAULT_FIELD,
  type DpFrontier,
  dpFrontier,
  fourierPosterior,
  type GaussianFieldParams,
  type GaussianPosterior,
  type GaussianPrior,
  gaussianDenoiser,
  gaussianPrior,
  mmseDenoise,
  samplePrior,
  spectralVariance,
  w2ToPrior,
} from './gaussian';
