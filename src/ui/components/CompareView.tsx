// The comparison on the stage: 2 to 4 panels (method and preset each) over the same y and seed, each with its image
// at the shared slider position and the denoiser calls and wall time of its run; one D-P chart with a curve per
// panel; a wipe view between two panels; and the t0 strip of one panel.
import { type KeyboardEvent, type PointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import { KNOB_GRID, knobLabel, METHODS, type MethodId, methodInfo, plannedNfe } from '../../app/methods';
import { MAX_PANELS, MIN_PANELS, type MethodSettings, type PresetId } from '../../app/settings';
import { createImage, type Image } from '../../core/tensor';
import {
  addPanel,
  cancelCompare,
  type PanelRun,
  removePanel,
  runCompare,
  selectCompareKnob,
  setComparing,
  setCompareView,
  setPanel,
  useCompare,
} from '../compare';
import { bytesDigest, runBlocker } from '../controller';
import { imagesPng, saveFile } from '../exportFiles';
import { formatMetric, formatSeconds } from '../format';
import { useApp } from '../store';
import { DpPlot, MetricPicker, SERIES_STYLES } from './DpPlot';
import { Help } from './Help';
import { ImageCanvas } from './ImageCanvas';
import { Segmented } from './Segmented';

const PRESETS: readonly PresetId[] = ['fast', 'paper', 'quality'];
/** Zoom factors of the wipe view: integers, so every image pixel covers whole screen pixels. */
const ZOOMS = [1, 2, 4, 8] as const;
/** Scale of exported panel and strip PNGs (nearest neighbour). */
export const EXPORT_SCALE = 8;
/** Side of the wipe view in CSS pixels. */
const WIPE_SIZE = 256;

/** The method's label without the knob note ("MAP-RPS (knob: t0)" → "MAP-RPS"), to fit a panel. */
function shortLabel(method: string): string {
  return methodInfo(method)?.label.replace(/ \(knob.*\)$/, '') ?? method;
}

export function panelName(method: MethodSettings, index: number): string {
  return `${index + 1}: ${shortLabel(method.method)} (${method.preset})`;
}

function fileSlug(method: MethodSettings, index: number): string {
  return `panel-${index + 1}-${method.method}-${method.preset}`;
}

/** The panel's image at the shared slider position, if computed. */
function panelImage(truth: Image | undefined, run: PanelRun | undefined, knob: number): Image | undefined {
  const point = run?.points[knob];
  return truth && point ? createImage(truth, point.image) : undefined;
}

function PanelCard({ index, method, run }: { index: number; method: MethodSettings; run: PanelRun | undefined }) {
  const truth = useApp((s) => s.truth);
  const slider = useApp((s) => s.settings.slider);
  const kind = useApp((s) => s.settings.degradation.kind);
  const count = useApp((s) => s.settings.compare.panels.length);
  const knob = KNOB_GRID[slider];
  const info = methodInfo(method.method);
  const isCurve = info?.kind === 'curve';
  const shownKnob = isCurve ? knob : 0;
  const point = run?.points[shownKnob];
  const image = useMemo(() => panelImage(truth, run, shownKnob), [truth, run, shownKnob]);
  const { colour } = SERIES_STYLES[index];
  const name = panelName(method, index);
  const caption = point
    ? `${point.label || 'result'} · PSNR ${formatMetric('psnr', point.metrics.psnr)}`
    : run?.status === 'running'
      ? `computing… ${run.progress ? `${run.progress.nfe} / ${run.progress.nfeTotal} calls` : ''}`
      : isCurve
        ? `${knobLabel(method.method as MethodId, kind, method.preset, knob)}: not computed`
        : 'not computed';
  const planned = info ? plannedNfe(info.id, kind, method.preset, [shownKnob]) : undefined;
  return (
    <section
      className="compare-panel"
      style={{ borderTopColor: colour }}
      aria-label={`Panel ${name}`}
      data-testid={`panel-${index}`}
      data-status={run?.status ?? 'idle'}
      data-y-digest={run?.yDigest}
      data-seed={run?.seed}
    >
      <div className="row">
        <label>
          Method{' '}
          <select
            data-testid={`panel-method-${index}`}
            value={method.method}
            onChange={(e) => setPanel(index, { ...method, method: e.target.value })}
          >
            {METHODS.map((m) => (
              <option key={m.id} value={m.id}>
                {shortLabel(m.id)}
              </option>
            ))}
          </select>
        </label>
        <Help topic="method" />
        <label>
          Preset{' '}
          <select
            data-testid={`panel-preset-${index}`}
            value={method.preset}
            onChange={(e) => setPanel(index, { ...method, preset: e.target.value as PresetId })}
          >
            {PRESETS.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <Help topic="preset" />
        {count > MIN_PANELS && (
          <button
            type="button"
            className="remove-panel"
            aria-label={`Remove panel ${index + 1}`}
            onClick={() => removePanel(index)}
          >
            ✕
          </button>
        )}
      </div>
      <figure>
        <ImageCanvas
          image={image}
          label={`Panel ${name}: ${caption}`}
          className="panel-image"
          testId={`panel-image-${index}`}
        />
        <figcaption data-testid={`panel-caption-${index}`}>
          <span className="swatch" style={{ background: colour }} aria-hidden="true" /> {caption}
        </figcaption>
      </figure>
      <p className="panel-stats" data-testid={`panel-stats-${index}`} data-nfe={run?.nfe ?? 0} data-ms={run?.ms ?? 0}>
        {run && run.nfe > 0
          ? `${run.nfe} denoiser calls · ${formatSeconds(run.ms)}`
          : point
            ? 'from an earlier run'
            : `planned: ${planned ?? '?'} calls per point`}
      </p>
      {run?.message && <p className="error">{run.message}</p>}
      <button
        type="button"
        disabled={!image}
        data-testid={`panel-png-${index}`}
        onClick={async () => {
          if (image)
            saveFile(
              `${fileSlug(method, index)}-${shownKnob}.png`,
              await imagesPng([{ image, label: caption }], EXPORT_SCALE),
            );
        }}
      >
        PNG
      </button>
    </section>
  );
}

function CompareSlider() {
  const slider = useApp((s) => s.settings.slider);
  const first = useApp((s) => s.settings.compare.panels[0]);
  const kind = useApp((s) => s.settings.degradation.kind);
  const label = (k: number) =>
    first && methodInfo(first.method)?.kind === 'curve'
      ? knobLabel(first.method as MethodId, kind, first.preset, k)
      : `u = ${k}`;
  return (
    <div className="dp-slider">
      <label htmlFor="compare-slider">
        Distortion ← → perception (all panels): u = {KNOB_GRID[slider]}, panel 1 {label(KNOB_GRID[slider])}
      </label>
      <input
        id="compare-slider"
        data-testid="compare-slider"
        type="range"
        min={0}
        max={KNOB_GRID.length - 1}
        step={1}
        value={slider}
        aria-valuetext={`u = ${KNOB_GRID[slider]}`}
        onChange={(e) => selectCompareKnob(Number(e.target.value))}
      />
      <Help topic="slider" />
    </div>
  );
}

function CompareChart() {
  const methods = useApp((s) => s.settings.compare.panels);
  const runs = useCompare((s) => s.panels);
  const series = useMemo(
    () => methods.map((method, i) => ({ name: panelName(method, i), points: runs[i]?.points ?? {} })),
    [methods, runs],
  );
  return (
    <section className="panel chart keep-size" aria-labelledby="compare-chart-heading">
      <div className="chart-header">
        <h2 id="compare-chart-heading">Distortion–perception: one curve per panel</h2>
        <MetricPicker />
      </div>
      <DpPlot series={series} onSelect={selectCompareKnob} testId="compare-chart" tableTestId="compare-points-table" />
    </section>
  );
}

function PanelPicker({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: number;
  onChange(i: number): void;
  testId: string;
}) {
  const methods = useApp((s) => s.settings.compare.panels);
  return (
    <label>
      {label}{' '}
      <select data-testid={testId} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {methods.map((method, i) => (
          <option key={`${i}-${method.method}`} value={i}>
            {panelName(method, i)}
          </option>
        ))}
      </select>
    </label>
  );
}

type Zoom = (typeof ZOOMS)[number];

/** Keyboard panning of the wipe view, in screen pixels per key press (the image moves with the arrow). */
const PAN_STEP = 16;
const ZOOM_KEYS: Partial<Record<string, 1 | -1>> = { '+': 1, '=': 1, '-': -1 };
const PAN_KEYS: Partial<Record<string, [number, number]>> = {
  ArrowLeft: [-PAN_STEP, 0],
  ArrowRight: [PAN_STEP, 0],
  ArrowUp: [0, -PAN_STEP],
  ArrowDown: [0, PAN_STEP],
};

/** Zoom factor and pan offset (screen pixels from centred) of the wipe view. */
interface WipeTransform {
  zoom: Zoom;
  x: number;
  y: number;
}

/** The same view at another zoom, keeping the image point at the centre there (whole pixels: pixel-exact). */
function rezoom(view: WipeTransform, zoom: Zoom): WipeTransform {
  return { zoom, x: Math.round((view.x * zoom) / view.zoom), y: Math.round((view.y * zoom) / view.zoom) };
}

/** One zoom step in (+1) or out (−1), where there is one. */
function stepZoom(view: WipeTransform, step: 1 | -1): WipeTransform {
  const next = ZOOMS[ZOOMS.indexOf(view.zoom) + step];
  return next ? rezoom(view, next) : view;
}

/** Two panels stacked, the right one clipped at the split; zoom and pan move both (pixel-exact integer zoom). */
function WipeView() {
  const truth = useApp((s) => s.truth);
  const compare = useApp((s) => s.settings.compare);
  const slider = useApp((s) => s.settings.slider);
  const runs = useCompare((s) => s.panels);
  const [split, setSplit] = useState(50);
  const [view, setView] = useState<WipeTransform>({ zoom: 1, x: 0, y: 0 });
  const { zoom } = view;
  const box = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; panX: number; panY: number } | undefined>(undefined);
  const knobOf = (panel: number) => {
    const method = compare.panels[panel];
    return method && methodInfo(method.method)?.kind === 'curve' ? KNOB_GRID[slider] : 0;
  };
  const [leftRun, leftKnob] = [runs[compare.wipeLeft], knobOf(compare.wipeLeft)];
  const [rightRun, rightKnob] = [runs[compare.wipeRight], knobOf(compare.wipeRight)];
  const left = useMemo(() => panelImage(truth, leftRun, leftKnob), [truth, leftRun, leftKnob]);
  const right = useMemo(() => panelImage(truth, rightRun, rightKnob), [truth, rightRun, rightKnob]);
  // The wheel zooms the view and must not scroll the page too: a non-passive listener (React's is passive).
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const onWheel = (e: globalThis.WheelEvent) => {
      e.preventDefault();
      setView((v) => stepZoom(v, e.deltaY < 0 ? 1 : -1));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);
  // The canvases are resized (not CSS-transformed) so nearest-neighbour sampling happens at the final size.
  const placement = {
    width: WIPE_SIZE * zoom,
    height: WIPE_SIZE * zoom,
    left: (WIPE_SIZE * (1 - zoom)) / 2 + view.x,
    top: (WIPE_SIZE * (1 - zoom)) / 2 + view.y,
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, panX: view.x, panY: view.y };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (start)
      setView((v) => ({
        ...v,
        x: Math.round(start.panX + e.clientX - start.x),
        y: Math.round(start.panY + e.clientY - start.y),
      }));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const pan = PAN_KEYS[e.key];
    const zoomStep = ZOOM_KEYS[e.key];
    if (!pan && !zoomStep) return;
    const [dx, dy] = pan ?? [0, 0];
    // Handled here: the app's shortcuts (←/→ move the D-P slider) see a handled key and leave it.
    e.preventDefault();
    setView((v) => (zoomStep ? stepZoom(v, zoomStep) : { ...v, x: v.x + dx, y: v.y + dy }));
  };
  return (
    <section className="panel keep-size" aria-labelledby="wipe-heading">
      <h2 id="wipe-heading">Wipe view</h2>
      <Help topic="wipe" />
      <div className="row">
        <PanelPicker
          label="Left"
          testId="wipe-left"
          value={compare.wipeLeft}
          onChange={(i) => setCompareView({ wipeLeft: i })}
        />
        <PanelPicker
          label="Right"
          testId="wipe-right"
          value={compare.wipeRight}
          onChange={(i) => setCompareView({ wipeRight: i })}
        />
        <Segmented
          label="Zoom"
          name="wipe-zoom"
          options={ZOOMS}
          value={zoom}
          onChange={(z) => setView((v) => rezoom(v, z))}
          format={(z) => `${z}×`}
        />
        <button type="button" onClick={() => setView((v) => ({ ...v, x: 0, y: 0 }))}>
          Centre
        </button>
      </div>
      <div
        className="wipe"
        data-testid="wipe"
        data-zoom={zoom}
        ref={box}
        role="group"
        tabIndex={0}
        aria-label="Wipe view: drag or use the arrow keys to pan, + and − to zoom"
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => {
          drag.current = undefined;
        }}
      >
        <div className="wipe-layer">
          <div className="wipe-content" style={placement}>
            <ImageCanvas image={left} label="Wipe view, left panel" className="wipe-image" testId="wipe-left-image" />
          </div>
        </div>
        <div className="wipe-layer" style={{ clipPath: `inset(0 0 0 ${split}%)` }}>
          <div className="wipe-content" style={placement}>
            <ImageCanvas
              image={right}
              label="Wipe view, right panel"
              className="wipe-image"
              testId="wipe-right-image"
            />
          </div>
        </div>
        <div className="wipe-line" style={{ left: `${split}%` }} aria-hidden="true" />
      </div>
      <label className="wipe-split">
        Split{' '}
        <input
          type="range"
          min={0}
          max={100}
          value={split}
          data-testid="wipe-split"
          onChange={(e) => setSplit(Number(e.target.value))}
        />
      </label>
    </section>
  );
}

/** Every computed knob of one panel in a row, so the D-P transition reads at a glance. */
function T0Strip() {
  const truth = useApp((s) => s.truth);
  const compare = useApp((s) => s.settings.compare);
  const runs = useCompare((s) => s.panels);
  const method = compare.panels[compare.strip];
  const run = runs[compare.strip];
  const items = useMemo(
    () =>
      truth && run
        ? KNOB_GRID.flatMap((knob) => {
            const point = run.points[knob];
            return point ? [{ knob, image: createImage(truth, point.image), label: point.label || 'result' }] : [];
          })
        : [],
    [truth, run],
  );
  return (
    <section className="panel keep-size" aria-labelledby="strip-heading">
      <div className="chart-header">
        <h2 id="strip-heading">t0 strip</h2>
        <Help topic="strip" />
        <PanelPicker
          label="Panel"
          testId="strip-panel"
          value={compare.strip}
          onChange={(i) => setCompareView({ strip: i })}
        />
        <button
          type="button"
          data-testid="strip-png"
          disabled={items.length === 0}
          onClick={async () =>
            method && saveFile(`${fileSlug(method, compare.strip)}-strip.png`, await imagesPng(items, EXPORT_SCALE / 2))
          }
        >
          PNG
        </button>
      </div>
      <div className="strip" data-testid="t0-strip" data-count={items.length}>
        {items.length === 0 && <p className="hint">Run the panels to fill the strip.</p>}
        {items.map(({ knob, image, label }) => (
          <figure key={knob}>
            <ImageCanvas image={image} label={`${label}`} className="strip-image" />
            <figcaption>{label}</figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}

export function CompareView() {
  const methods = useApp((s) => s.settings.compare.panels);
  const runs = useCompare((s) => s.panels);
  const running = useCompare((s) => s.running);
  const blocker = useApp(runBlocker);
  const y = useApp((s) => s.problem?.y.data);
  const yDigest = useMemo(() => y && bytesDigest(new Uint8Array(y.buffer, y.byteOffset, y.byteLength)), [y]);
  return (
    <>
      <section
        className="panel keep-size"
        aria-labelledby="compare-heading"
        data-testid="compare"
        data-running={running}
        data-y-digest={yDigest}
      >
        <div className="chart-header">
          <div className="panel-head">
            <h2 id="compare-heading">Compare schedules (same y, same seed)</h2>
            <Help topic="compare" />
          </div>
          <div className="row">
            <button
              type="button"
              className="primary"
              data-testid="compare-run"
              disabled={blocker !== undefined || running}
              onClick={runCompare}
            >
              Run all panels
            </button>
            <button type="button" data-testid="compare-cancel" disabled={!running} onClick={cancelCompare}>
              Cancel
            </button>
            <button type="button" data-testid="compare-add" disabled={methods.length >= MAX_PANELS} onClick={addPanel}>
              Add panel
            </button>
            <button type="button" data-testid="compare-close" onClick={() => setComparing(false)}>
              Close
            </button>
          </div>
        </div>
        {blocker && !running && <p className="hint">{blocker}</p>}
        <div className="compare-panels">
          {methods.map((method, i) => (
            <PanelCard key={`${i}-${method.method}-${method.preset}`} index={i} method={method} run={runs[i]} />
          ))}
        </div>
        <CompareSlider />
      </section>
      <CompareChart />
      <WipeView />
      <T0Strip />
    </>
  );
}
