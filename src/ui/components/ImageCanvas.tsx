// Draws a planar image at its native resolution; CSS scales it up with nearest-neighbour sampling.
import { useLayoutEffect, useRef } from 'react';
import { clampImage, type Image, toRgba, toUnitRange } from '../../core/tensor';

/** Pixels already converted, by image data and range: moving back to a shown point reuses its ImageData. */
const converted = new WeakMap<Float32Array, Partial<Record<'signed' | 'unit', ImageData>>>();

function imageData(image: Image, range: 'signed' | 'unit'): ImageData {
  const cached = converted.get(image.data) ?? {};
  const hit = cached[range];
  if (hit && hit.width === image.w && hit.height === image.h) return hit;
  const unit = clampImage(range === 'signed' ? toUnitRange(image) : image);
  const pixels = new ImageData(toRgba(unit) as Uint8ClampedArray<ArrayBuffer>, image.w, image.h);
  converted.set(image.data, { ...cached, [range]: pixels });
  return pixels;
}

interface Props {
  image: Image | undefined;
  /** 'signed': values in [-1,1] (model space); 'unit': values in [0,1]. */
  range?: 'signed' | 'unit';
  label: string;
  className?: string;
  testId?: string;
}

export function ImageCanvas({ image, range = 'signed', label, className, testId }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Layout effect: the pixels are on screen in the same frame as the state change that produced them.
  useLayoutEffect(() => {
    const element = canvas.current;
    if (!element) return;
    if (!image || (image.c !== 1 && image.c !== 3)) {
      // Nothing to show: blank, never the previous image under a new caption.
      element.width = 1;
      element.height = 1;
      return;
    }
    element.width = image.w;
    element.height = image.h;
    element.getContext('2d')?.putImageData(imageData(image, range), 0, 0);
  }, [image, range]);
  return (
    <canvas
      ref={canvas}
      className={`pixels ${className ?? ''} ${image ? '' : 'empty'}`}
      role="img"
      aria-label={label}
      data-testid={testId}
      width={1}
      height={1}
    />
  );
}
