// Draws a planar image at its native resolution; CSS scales it up with nearest-neighbour sampling.
import { useLayoutEffect, useRef } from 'react';
import { clampImage, type Image, toRgba, toUnitRange } from '../../core/tensor';

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
    const unit = clampImage(range === 'signed' ? toUnitRange(image) : image);
    const context = element.getContext('2d');
    context?.putImageData(new ImageData(toRgba(unit) as Uint8ClampedArray<ArrayBuffer>, image.w, image.h), 0, 0);
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
