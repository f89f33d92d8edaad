export { blurOperator, type FourierDiagonalOperator, identityOperator, isFourierDiagonal } from './fourier';
export {
  bitmapMask,
  boxMask,
  halfMask,
  inpaintingOperator,
  type Mask,
  maskWarning,
  observedFraction,
  randomMask,
  type Side,
} from './inpainting';
export { boxKernel, gaussianKernel, kernelDisplayImage, motionKernel } from './kernels';
export {
  bindMeasurement,
  createOperator,
  gaussianConditional,
  type LinearOperator,
  type Measurement,
  measure,
  type OperatorSpec,
  SINGULAR_THRESHOLD,
  type Svd,
} from './linear';
export { averagePoolOperator } from './superres';
