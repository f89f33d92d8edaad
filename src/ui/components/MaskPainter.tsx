// Paint the inpainting mask over the ground truth (pointer or touch); painted pixels are missing from y. Three tools:
// the brush paints, the eraser unpaints (both with the brush radius), the rectangle paints the box dragged out.
// Every edit (stroke, rectangle, Clear, Fill) can be undone; the brush radius lives in the store so [ and ] change it
// from anywhere.
import { useLayoutEffect, useRef, useState } from 'react';
import { BRUSH_RADIUS, recordBrushEdit, redoBrush, setBrush, undoBrush } from '../controller';
import { useApp } from '../store';
import { Help } from './Help';
import { ImageCanvas } from './ImageCanvas';
import { Segmented } from './Segmented';

type MaskTool = 'brush' | 'eraser' | 'rectangle';
const TOOL_NAMES: Record<MaskTool, string> = { brush: 'Brush', eraser: 'Eraser', rectangle: 'Rectangle' };

export function MaskPainter() {
  const truth = useApp((s) => s.truth);
  const brush = useApp((s) => s.brush);
  const radius = useApp((s) => s.brushRadius);
  const canUndo = useApp((s) => s.brushUndo.length > 0);
  const canRedo = useApp((s) => s.brushRedo.length > 0);
  const [tool, setTool] = useState<MaskTool>('brush');
  const overlay = useRef<HTMLDivElement>(null);
  const painting = useRef<Uint8Array | undefined>(undefined);
  /** The rectangle tool: the mask before the drag and the corner it started at (image pixels). */
  const rectangle = useRef<{ base: Uint8Array; x: number; y: number } | undefined>(undefined);
  if (!truth || !brush) return null;
  const { w, h } = truth;

  /** The pointer's position in image pixels (fractional). */
  const at = (event: React.PointerEvent) => {
    const box = overlay.current?.getBoundingClientRect();
    if (!box) return undefined;
    return { x: ((event.clientX - box.left) / box.width) * w, y: ((event.clientY - box.top) / box.height) * h };
  };

  const paintAt = (event: React.PointerEvent) => {
    const target = painting.current;
    const point = at(event);
    if (!target || !point) return;
    const { x: cx, y: cy } = point;
    const value = tool === 'eraser' ? 0 : 1;
    for (let y = Math.floor(cy - radius); y <= cy + radius; y++) {
      for (let x = Math.floor(cx - radius); x <= cx + radius; x++) {
        if (x >= 0 && y >= 0 && x < w && y < h && (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius * radius) {
          target[y * w + x] = value;
        }
      }
    }
    setBrush(target.slice());
  };

  /** The rectangle from the drag's start to the pointer, every pixel it touches painted, over the mask before. */
  const rectangleTo = (event: React.PointerEvent) => {
    const start = rectangle.current;
    const point = at(event);
    if (!start || !point) return;
    const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, Math.floor(v)));
    const [x0, x1] = [clamp(Math.min(start.x, point.x), w), clamp(Math.max(start.x, point.x), w)];
    const [y0, y1] = [clamp(Math.min(start.y, point.y), h), clamp(Math.max(start.y, point.y), h)];
    const target = start.base.slice();
    for (let y = y0; y <= y1; y++) target.fill(1, y * w + x0, y * w + x1 + 1);
    setBrush(target);
  };

  const painted = brush.reduce((a, b) => a + b, 0);
  return (
    <div className="mask-painter">
      <div
        ref={overlay}
        className="paint-surface"
        data-testid="paint-surface"
        data-tool={tool}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          recordBrushEdit();
          if (tool === 'rectangle') {
            const point = at(event);
            if (point) rectangle.current = { base: brush.slice(), ...point };
            rectangleTo(event);
            return;
          }
          painting.current = brush.slice();
          paintAt(event);
        }}
        onPointerMove={(event) => {
          if (rectangle.current) rectangleTo(event);
          else if (painting.current) paintAt(event);
        }}
        onPointerUp={() => {
          painting.current = undefined;
          rectangle.current = undefined;
        }}
        onPointerCancel={() => {
          painting.current = undefined;
          rectangle.current = undefined;
        }}
      >
        <ImageCanvas image={truth} label="Paint the missing region" />
        <MaskOverlay brush={brush} w={w} h={h} />
      </div>
      <Segmented<MaskTool>
        label="Mask tool"
        name="mask-tool"
        options={Object.keys(TOOL_NAMES) as MaskTool[]}
        value={tool}
        onChange={setTool}
        format={(id) => TOOL_NAMES[id]}
      />
      <div className="row">
        <label>
          Brush radius{' '}
          <input
            type="number"
            min={BRUSH_RADIUS.min}
            max={BRUSH_RADIUS.max}
            value={radius}
            data-testid="brush-radius"
            onChange={(e) => {
              const value = Math.round(Number(e.target.value));
              if (value >= BRUSH_RADIUS.min && value <= BRUSH_RADIUS.max) useApp.setState({ brushRadius: value });
            }}
          />
        </label>
        <Help topic="brush" />
        <button
          type="button"
          onClick={() => {
            recordBrushEdit();
            setBrush(new Uint8Array(w * h));
          }}
        >
          Clear
        </button>
        <button
          type="button"
          onClick={() => {
            recordBrushEdit();
            setBrush(new Uint8Array(w * h).fill(1));
          }}
          data-testid="mask-fill"
        >
          Fill
        </button>
        <button type="button" disabled={!canUndo} onClick={undoBrush} data-testid="mask-undo">
          Undo
        </button>
        <button type="button" disabled={!canRedo} onClick={redoBrush} data-testid="mask-redo">
          Redo
        </button>
        <span>{Math.round((100 * painted) / (w * h))}% painted</span>
      </div>
    </div>
  );
}

function MaskOverlay({ brush, w, h }: { brush: Uint8Array; w: number; h: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const rgba = new Uint8ClampedArray(4 * w * h);
    brush.forEach((painted, i) => {
      if (painted) rgba.set([255, 64, 64, 160], 4 * i);
    });
    canvas.current?.getContext('2d')?.putImageData(new ImageData(rgba, w, h), 0, 0);
  }, [brush, w, h]);
  return <canvas ref={canvas} className="pixels overlay" width={w} height={h} aria-hidden="true" />;
}
