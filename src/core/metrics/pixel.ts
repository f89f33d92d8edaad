// Pixel-wise distortion metrics on [0,1] images (data range 1 unless stated).
import { assertSameShape, type Image } from '../tensor';

/** Mean squared error over all pixels and channels. */
export function mse(output: Image, reference: Image): number {
  assertSameShape(output, reference, 'metric inputs');
  let sum = 0;
  for (let i = 0; i < output.data.length; i++) sum += (output.data[i] - reference.data[i]) ** 2;
  return sum / output.data.length;
}

export function rmse(output: Image, reference: Image): number {
  return Math.sqrt(mse(output, reference));
}

/** PSNR = 10 log10(range² / MSE) in dB; Infinity for identical images. */
export function psnr(output: Image, reference: Image, dataRange = 1): number {
  return 10 * Math.log10((dataRange * dataRange) / mse(output, reference));
}
