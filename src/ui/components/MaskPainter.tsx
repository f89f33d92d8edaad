// Paint the inpainting mask over the ground truth (pointer or touch); painted pixels are missing from y. Every edit
// (stroke, Clear, Fill) can be undone; the brush radius lives in the store so [ and ] change it from anywhere.
import { useLayoutEffect, useRef } from 'react';
import { BRUSH_RADIUS, recordBrushEdit, redoBrush, setBrush, undoBrush } from '../controller';
import { useApp } from '../store';
import { Help } from './Help';
import { ImageCanvas } from './ImageCanvas';

export function MaskPainter() {
  const truth = useApp((s) => s.truth);
  const brush = useApp((s) => s.brush);
  const radius = useApp((s) => s.brushRadius);
  const canUndo = useApp((s) => s.brushUndo.length > 0);
  const canRedo = useApp((s) => s.brushRedo.length > 0);
  const overlay = useRef<HTMLDivElement>(null);
  const painting = useRef<Uint8Array | undefined>(undefined);
  if (!truth || !brush) return null;
  const { w, h } = truth;

  const paintAt = (event: React.PointerEvent) => {
    const target = painting.current;
    const box = overlay.current?.getBoundingClientRect();
    if (!target || !box) return;
    const cx = ((event.clientX - box.left) / box.width) * w;
    const cy = ((event.clientY - box.top) / box.height) * h;
    for (let y = Math.floor(cy - radius); y <= cy + radius; y++) {
      for (let x = Math.floor(cx - radius); x <= cx + radius; x++) {
        if (x >= 0 && y >= 0 && x < w && y < h && (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius * radius) {
          target[y * w + x] = 1;
        }
      }
    }
    setBrush(target.slice());
  };

  const painted = brush.reduce((a, b) => a + b, 0);
  return (
    <div className="mask-painter">
      <div
        ref={overlay}
        className="paint-surface"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          recordBrushEdit();
          painting.current = brush.slice();
          paintAt(event);
        }}
        onPointerMove={(event) => painting.current && paintAt(event)}
        onPointerUp={() => {
          painting.current = undefined;
        }}
      >
        <ImageCanvas image={truth} label="Paint the missing region" />
        <MaskOverlay brush={brush} w={w} h={h} />
      </div>
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
