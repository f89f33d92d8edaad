// Files the page hands to the user: downloads of text, images drawn pixel-exact (nearest neighbour) into a PNG, and
// the D-P chart as a standalone SVG or PNG (with a legend drawn in, which recharts keeps in HTML).
import { clampImage, type Image, toRgba, toUnitRange } from '../core/tensor';

export function saveFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveText(name: string, text: string, type: string): void {
  saveFile(name, new Blob([text], { type }));
}

function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))),
      'image/png',
    ),
  );
}

/** A canvas at the image's own size (values in [-1,1]), for drawing scaled up. */
function nativeCanvas(image: Image): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = image.w;
  canvas.height = image.h;
  const rgba = toRgba(clampImage(toUnitRange(image))) as Uint8ClampedArray<ArrayBuffer>;
  canvas.getContext('2d')?.putImageData(new ImageData(rgba, image.w, image.h), 0, 0);
  return canvas;
}

export interface LabelledImage {
  image: Image;
  label: string;
}

const GAP = 8;
const LABEL_HEIGHT = 22;

/** The images in a row, each scaled by an integer factor with nearest-neighbour sampling, labelled underneath. */
export function imagesPng(images: readonly LabelledImage[], scale: number): Promise<Blob> {
  if (images.length === 0) return Promise.reject(new Error('there is no image to export'));
  const { w, h } = images[0].image;
  const canvas = document.createElement('canvas');
  canvas.width = images.length * w * scale + (images.length + 1) * GAP;
  canvas.height = h * scale + 2 * GAP + LABEL_HEIGHT;
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('no 2D canvas'));
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingEnabled = false;
  context.fillStyle = '#111418';
  context.font = '14px system-ui, sans-serif';
  context.textAlign = 'center';
  images.forEach(({ image, label }, i) => {
    const x = GAP + i * (w * scale + GAP);
    context.drawImage(nativeCanvas(image), x, GAP, w * scale, h * scale);
    context.fillText(label, x + (w * scale) / 2, GAP + h * scale + 17, w * scale);
  });
  return canvasBlob(canvas);
}

export interface LegendEntry {
  name: string;
  colour: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Marks styled by the app's CSS (not by recharts' attributes), whose style a standalone SVG must carry inline. */
const CSS_STYLED = '.highlight-point';
const INLINE_PROPERTIES = ['fill', 'stroke', 'stroke-width'] as const;
const LEGEND_ROW = 22;

/** The chart as a standalone SVG document: styles inlined, white background, the legend on top. */
export function chartSvg(surface: SVGSVGElement, legend: readonly LegendEntry[]): string {
  const width = surface.width.baseVal.value;
  const height = surface.height.baseVal.value;
  const legendHeight = legend.length > 1 ? LEGEND_ROW * legend.length + 6 : 0;
  const clone = surface.cloneNode(true) as SVGSVGElement;
  const originals = surface.querySelectorAll(CSS_STYLED);
  clone.querySelectorAll(CSS_STYLED).forEach((element, i) => {
    const style = getComputedStyle(originals[i]);
    for (const property of INLINE_PROPERTIES)
      (element as SVGElement).style.setProperty(property, style.getPropertyValue(property));
  });
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height + legendHeight));
  root.setAttribute('viewBox', `0 0 ${width} ${height + legendHeight}`);
  const rootStyle = getComputedStyle(surface);
  root.setAttribute('font-family', rootStyle.fontFamily);
  root.setAttribute('font-size', rootStyle.fontSize);
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  root.append(background);
  if (legendHeight > 0) {
    legend.forEach(({ name, colour }, i) => {
      const y = 6 + i * LEGEND_ROW;
      const swatch = document.createElementNS(SVG_NS, 'rect');
      for (const [key, value] of Object.entries({ x: 72, y: y + 3, width: 14, height: 14, fill: colour }))
        swatch.setAttribute(key, String(value));
      const text = document.createElementNS(SVG_NS, 'text');
      for (const [key, value] of Object.entries({ x: 92, y: y + 15, fill: '#111418' }))
        text.setAttribute(key, String(value));
      text.textContent = name;
      root.append(swatch, text);
    });
  }
  const body = document.createElementNS(SVG_NS, 'g');
  body.setAttribute('transform', `translate(0 ${legendHeight})`);
  body.append(...clone.childNodes);
  root.append(body);
  return new XMLSerializer().serializeToString(root);
}

/** An SVG document rendered into a PNG at `scale` times its size. */
export async function svgPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = document.createElement('img');
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth * scale;
    canvas.height = image.naturalHeight * scale;
    canvas.getContext('2d')?.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await canvasBlob(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}
