// The side-by-side comparison: 2 to 4 panels, each a method/schedule (settings.compare.panels), all on the same y
// and the same seed. Runs the panels one after the other in the solver worker, shares the result cache with the
// single run (a panel with the current method shows its results at once), and keeps each panel's denoiser calls
// and wall time. Panel runtime state lives in its own small store beside the app's.
import { proxy } from 'comlink';
import { create } from 'zustand';
import { initialKnobs, KNOB_GRID, METHODS, type MethodId, methodInfo } from '../app/methods';
import { MAX_PANELS, type MethodSettings, MIN_PANELS, type Settings } from '../app/settings';
import type { PointResult, RunEvent } from '../worker/api';
import { solverWorker, withRequest } from '../worker/client';
import {
  bytesDigest,
  cachedPoints,
  cacheResult,
  cancelRun,
  runBlocker,
  runKey,
  runRequest,
  selectKnob,
  startRun,
} from './controller';
import { useApp } from './store';

export interface PanelRun {
  /** Run key of the panel's method on the current problem (as the single run's). */
  key: string;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  points: Record<string, PointResult>;
  /** Progress of the running request. */
  progress?: { nfe: number; nfeTotal: number };
  /** Denoiser calls and wall time (worker-measured) of the runs that computed this panel's points here. */
  nfe: number;
  ms: number;
  /** Digest of the measurement y and the seed its last request ran on (the same for every panel). */
  yDigest?: string;
  seed?: number;
  message?: string;
}

interface CompareState {
  panels: PanelRun[];
  running: boolean;
}

export const useCompare = create<CompareState>()(() => ({ panels: [], running: false }));

/** Calls and time per run key, so a panel that comes back (same settings) shows its cost again. */
const runCosts = new Map<string, { nfe: number; ms: number }>();

interface Job {
  panel: number;
  key: string;
  knobs: number[];
}

let queue: Job[] = [];
let controller: AbortController | undefined;

function panelKeys(settings: Settings, brush: Uint8Array | undefined): string[] {
  return settings.compare.panels.map((method) => runKey({ ...settings, method }, brush));
}

const isDone = (method: MethodSettings, points: Record<string, PointResult>) =>
  initialKnobs(method.method as MethodId).every((knob) => points[knob]);

/** After any change: panels whose key changed show their cached points; work for stale keys is stopped. */
function syncPanels(): void {
  const { settings, brush } = useApp.getState();
  const keys = panelKeys(settings, brush);
  const previous = useCompare.getState().panels;
  if (keys.length === previous.length && keys.every((key, i) => key === previous[i].key)) return;
  const panels = keys.map((key, i): PanelRun => {
    const same = previous.find((p) => p.key === key);
    if (same) return same.status === 'running' ? { ...same, status: 'idle', progress: undefined } : same;
    const points = cachedPoints(key);
    const cost = runCosts.get(key) ?? { nfe: 0, ms: 0 };
    return { key, points, status: isDone(settings.compare.panels[i], points) ? 'done' : 'idle', ...cost };
  });
  cancelCompare();
  useCompare.setState({ panels });
}

function updatePanel(key: string, update: (panel: PanelRun) => PanelRun): void {
  useCompare.setState((state) => ({ panels: state.panels.map((p) => (p.key === key ? update(p) : p)) }));
}

function onEvent(key: string, event: RunEvent): void {
  if (event.type === 'progress') {
    updatePanel(key, (p) => ({ ...p, progress: { nfe: event.nfe, nfeTotal: event.nfeTotal } }));
    return;
  }
  cacheResult(key, event.point);
  updatePanel(key, (p) => ({ ...p, points: { ...p.points, [event.point.knob]: event.point } }));
}

async function runJob(job: Job, signal: AbortSignal): Promise<void> {
  const method = useApp.getState().settings.compare.panels[job.panel];
  const body = method && runRequest(job.knobs, method);
  if (!body) return;
  const ran = { yDigest: bytesDigest(new Uint8Array(body.y.buffer)), seed: body.seed };
  updatePanel(job.key, (p) => ({ ...p, ...ran, status: 'running', message: undefined, progress: undefined }));
  try {
    const summary = await withRequest(signal, (id) =>
      solverWorker().run(
        id,
        body,
        proxy((event: RunEvent) => onEvent(job.key, event)),
      ),
    );
    const before = runCosts.get(job.key) ?? { nfe: 0, ms: 0 };
    const cost = { nfe: before.nfe + summary.nfe, ms: before.ms + summary.ms };
    runCosts.set(job.key, cost);
    const cancelled = summary.callsAfterCancel !== undefined;
    updatePanel(job.key, (p) => ({
      ...p,
      ...cost,
      progress: undefined,
      status: cancelled ? 'cancelled' : 'done',
    }));
  } catch (error) {
    const aborted = error instanceof DOMException && error.name === 'AbortError';
    const text = error instanceof Error ? error.message : String(error);
    updatePanel(job.key, (p) => ({
      ...p,
      progress: undefined,
      status: aborted ? 'cancelled' : 'error',
      message: aborted ? undefined : text,
    }));
  }
}

/** Works through the queue, one request at a time; jobs whose panel changed meanwhile are dropped. */
async function drain(): Promise<void> {
  if (controller) return;
  const own = new AbortController();
  controller = own;
  useCompare.setState({ running: true });
  try {
    while (queue.length > 0 && !own.signal.aborted) {
      const job = queue.shift() as Job;
      const panel = useCompare.getState().panels[job.panel];
      const knobs = job.knobs.filter((knob) => panel?.key === job.key && !panel.points[knob]);
      if (knobs.length > 0) await runJob({ ...job, knobs }, own.signal);
    }
  } finally {
    if (controller === own) {
      controller = undefined;
      useCompare.setState({ running: false });
    }
  }
}

function enqueue(jobs: Job[]): void {
  queue.push(...jobs);
  void drain();
}

/** Runs every panel's first knobs and the slider's position (those not computed yet), panel after panel. */
export function runCompare(): void {
  if (runBlocker()) return;
  const { panels } = useCompare.getState();
  const { compare, slider } = useApp.getState().settings;
  enqueue(
    panels.map((panel, i) => {
      const method = compare.panels[i].method as MethodId;
      const knobs = new Set(initialKnobs(method));
      if (methodInfo(method)?.kind === 'curve') knobs.add(KNOB_GRID[slider]);
      return { panel: i, key: panel.key, knobs: [...knobs].filter((knob) => !panel.points[knob]) };
    }),
  );
}

export function cancelCompare(): void {
  queue = [];
  controller?.abort();
  controller = undefined;
  useCompare.setState({ running: false });
}

/** Moves the shared slider; curve panels that lack that position compute it (after any queued work). */
export function selectCompareKnob(index: number): void {
  const slider = Math.max(0, Math.min(KNOB_GRID.length - 1, index));
  useApp.setState((state) => ({ settings: { ...state.settings, slider } }));
  const knob = KNOB_GRID[slider];
  const { panels } = useCompare.getState();
  const methods = useApp.getState().settings.compare.panels;
  const started = panels.some((p) => Object.keys(p.points).length > 0 || p.status !== 'idle');
  if (!started || runBlocker()) return;
  enqueue(
    panels.flatMap((panel, i) =>
      methodInfo(methods[i].method)?.kind === 'curve' && !panel.points[knob]
        ? [{ panel: i, key: panel.key, knobs: [knob] }]
        : [],
    ),
  );
}

/** The comparison is on screen (it has panels). */
const comparing = () => useApp.getState().settings.compare.panels.length > 0;

/** Moves the slider of the view on screen: the comparison's shared one, or the single run's. */
export function moveSliderTo(index: number): void {
  if (comparing()) selectCompareKnob(index);
  else selectKnob(index);
}

/** Runs, or stops what is running: the comparison's panels, or the single run. */
export function toggleRun(): void {
  if (comparing()) {
    if (useCompare.getState().running) cancelCompare();
    else runCompare();
  } else if (useApp.getState().run.status === 'running') cancelRun();
  else startRun();
}

// ---------- panel settings ----------

function setCompare(update: (compare: Settings['compare']) => Settings['compare']): void {
  useApp.getState().setSettings((settings) => ({ ...settings, compare: update(settings.compare) }));
}

/** A second method for a new comparison: the next curve method after the current one. */
function nextCurveMethod(after: string): string {
  const curves = METHODS.filter((m) => m.kind === 'curve').map((m) => m.id as string);
  return curves[(curves.indexOf(after) + 1) % curves.length];
}

/** Starts a comparison of the current method with the next one, or ends it. */
export function setComparing(on: boolean): void {
  const { method } = useApp.getState().settings;
  setCompare((compare) => ({
    ...compare,
    panels: on ? [method, { ...method, method: nextCurveMethod(method.method) }] : [],
    wipeLeft: 0,
    wipeRight: 1,
    strip: 0,
  }));
}

export function addPanel(): void {
  setCompare((compare) => {
    if (compare.panels.length >= MAX_PANELS) return compare;
    const last = compare.panels[compare.panels.length - 1];
    return { ...compare, panels: [...compare.panels, { ...last, method: nextCurveMethod(last.method) }] };
  });
}

export function removePanel(index: number): void {
  setCompare((compare) => {
    if (compare.panels.length <= MIN_PANELS) return compare;
    const panels = compare.panels.filter((_, i) => i !== index);
    const keep = (i: number, fallback: number) => (i === index ? fallback : i > index ? i - 1 : i);
    return {
      panels,
      wipeLeft: keep(compare.wipeLeft, 0),
      wipeRight: keep(compare.wipeRight, Math.min(1, panels.length - 1)),
      strip: keep(compare.strip, 0),
    };
  });
}

export function setPanel(index: number, method: MethodSettings): void {
  setCompare((compare) => ({ ...compare, panels: compare.panels.map((p, i) => (i === index ? method : p)) }));
}

export function setCompareView(patch: Partial<Omit<Settings['compare'], 'panels'>>): void {
  setCompare((compare) => ({ ...compare, ...patch }));
}

/** Keeps the panels in step with the app's settings and problem; call once at start-up, after initApp. */
export function initCompare(): void {
  syncPanels();
  useApp.subscribe((state, previous) => {
    if (state.settings !== previous.settings || state.brush !== previous.brush || state.problem !== previous.problem)
      syncPanels();
  });
}
