// A smooth synthetic face (an ellipse on a plain background, three channels) written as a PNG, for CLI runs that
// need an image set without the shared data.
import path from 'node:path';
import { writePng } from '../../src/bench/images';
import { createImage } from '../../src/core/tensor';

/** Writes face.png (64×64) into `dir`; returns `dir`. */
export function writeSyntheticFace(dir: string): string {
  const face = createImage({ c: 3, h: 64, w: 64 });
  face.data.forEach((_, i) => {
    const [y, x] = [Math.floor((i % 4096) / 64), i % 64];
    face.data[i] = Math.hypot(y - 32, (x - 32) * 1.3) < 22 ? 0.75 - 0.1 * Math.floor(i / 4096) : 0.2;
  });
  writePng(path.join(dir, 'face.png'), face);
  return dir;
}
