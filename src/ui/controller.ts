// Does the app's work in response to settings changes: loads images and models, measures y, runs the worker,
// caches results (LRU) and keeps the URL in sync. Components call the exported actions.
import { proxy } from 'comlink';
import { LruCache } from '../app/lruCache';
import { initialKnobs, KNOB_GRID, methodInfo, type MethodId, plannedNfe } from '../app/methods';
import { type GalleryEntry, ownImage } from '../app/gallery';
import { lessonById } from '../app/lessons';
import { MODEL_LOAD_STALL_MS, type ModelCard, PRIOR_SAMPLE_ID, PRIORS, parseCard } from '../app/priors';
import { buildDegradation, isInpainting, measureTruth } from '../app/problem';
import { sandboxFrontier } from '../app/sandboxPerception';
import type { MethodSettings, Settings } from '../app/settings';
import { MAX_UPLOAD_NAME, settingsProblems } from '../app/schema';
import { settingsFromQuery, settingsToQuery } from '../app/urlState';
import { createRng } from '../core/rng';
import { gaussianPrior, samplePrior } from '../core/sandbox';
import { clampImage, createImage, toRgba, toUnitRange } from '../core/tensor';
import type { LoadPhase, ModelSource, PointResult, RunEvent, RunRequest } from '../worker/api';
import { restartSolverWorker, solverWorker, withRequest } from '../worker/client';
import { RUNTIME_FAILURE } from '../worker/modelFetch';
import {
  type CropRect,
  loadImageFile,
  modelImage,
  recropSource,
  type SourceImage,
  sourceFromPixels,
} from './imageInput/loadImage';
import { type AppState, IDLE_RUN, type Problem, useApp } from './store';

const RESULT_CACHE_SIZE = 96;
const results = new LruCache<string, PointResult>(RESULT_CACHE_SIZE);

let sourceId = 0;
let runController: AbortController | undefined;
let modelRequest = 0;
let modelLoad: AbortController | undefined;
/** onnxruntime failed in a load (RuntimeFailure): the next model load starts a fresh worker. */
let runtimeSuspect = false;

const assetUrl = (path: string) => new URL(`${import.meta.env.BASE_URL}${path}`, document.baseURI).href;

// ---------- images ----------

export type { GalleryEntry };

let galleryPromise: Promise<GalleryEntry[]> | undefined;

export function loadGallery(): Promise<GalleryEntry[]> {
  galleryPromise ??= fetch(assetUrl('gallery/gallery.json')).then((r) => {
    if (!r.ok) throw new Error(`the gallery list could not be loaded (HTTP ${r.status})`);
    return r.json() as Promise<GalleryEntry[]>;
  });
  return galleryPromise;
}

export function galleryUrl(entry: GalleryEntry): string {
  return assetUrl(`gallery/${entry.file}`);
}

/**
 * Every image choice (an upload, a gallery image, a lesson's image, the link's image) takes the next generation;
 * a decode may land or report only while its generation is the latest, so the last choice wins however long an
 * earlier one takes to decode.
 */
let imageGeneration = 0;
const isLatestImage = (generation: number) => generation === imageGeneration;

function acceptSource(source: SourceImage, image: Settings['image']): void {
  const previous = useApp.getState().source;
  if (previous) URL.revokeObjectURL(previous.thumbnailUrl);
  previous?.croppable?.bitmap.close();
  sourceId++;
  // The link's notes live in linkMessage, so a new image clears only the last image's own message.
  useApp.setState((state) => ({ source, imageMessage: undefined, settings: { ...state.settings, image } }));
  refreshTruth();
}

/** Drops a decoded image that lost to a later choice (its bitmap and thumbnail are released). */
function discardSource(source: SourceImage): void {
  URL.revokeObjectURL(source.thumbnailUrl);
  source.croppable?.bitmap.close();
}

let cropRequest = 0;

/** Moves or zooms the uploaded image's square crop (upright-image pixels); the truth and y follow. */
export async function setCrop(crop: CropRect): Promise<void> {
  const request = ++cropRequest;
  const source = useApp.getState().source;
  if (!source?.croppable) return;
  const recropped = await recropSource(source, crop);
  // A later move, or another image, wins.
  if (request !== cropRequest || useApp.getState().source !== source) return;
  sourceId++; // a new truth: results of the old crop are not this image's
  useApp.setState({ source: recropped });
  refreshTruth();
}

/** Uploaded, dropped or pasted file. A refusal keeps the current image and shows why. */
export async function openFile(file: File): Promise<void> {
  const generation = ++imageGeneration;
  const name = (file.name || 'pasted image').slice(0, MAX_UPLOAD_NAME);
  const result = await loadImageFile(file, name);
  if (!isLatestImage(generation)) {
    if (result.ok) discardSource(result.image);
    return;
  }
  if (!result.ok) {
    useApp.setState({ imageMessage: { level: 'error', text: result.message } });
    return;
  }
  acceptSource(result.image, { kind: 'upload', name });
}

const PRIOR_SAMPLE_SEED = 2026;

async function openPriorSample(generation: number): Promise<boolean> {
  const { resolution } = PRIORS.sandbox;
  const prior = gaussianPrior({ c: 1, h: resolution, w: resolution });
  // A draw in [-1,1] (clipped where it leaves the range), stored as 8-bit gray like any other image.
  const sample = createImage(prior.shape, samplePrior(prior, createRng(PRIOR_SAMPLE_SEED)));
  const gray = toRgba(clampImage(toUnitRange(sample)));
  const source = await sourceFromPixels(`Gaussian prior sample (seed ${PRIOR_SAMPLE_SEED})`, resolution, gray);
  if (!isLatestImage(generation)) {
    discardSource(source);
    return false;
  }
  acceptSource(source, { kind: 'gallery', id: PRIOR_SAMPLE_ID });
  return true;
}

/**
 * Opens a gallery image; resolves true once it is shown, false when a later choice won or it failed (the failure
 * is reported in the image's message line, unless `onFailure` takes it).
 */
export async function openGalleryImage(id: string, onFailure?: (reason: string) => void): Promise<boolean> {
  const generation = ++imageGeneration;
  if (id === PRIOR_SAMPLE_ID) return openPriorSample(generation);
  try {
    const entry = (await loadGallery()).find((e) => e.id === id);
    if (!entry) throw new Error(`there is no gallery image "${id}"`);
    const response = await fetch(galleryUrl(entry));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const result = await loadImageFile(await response.blob(), entry.title);
    if (!isLatestImage(generation)) {
      if (result.ok) discardSource(result.image);
      return false;
    }
    if (!result.ok) throw new Error(result.message);
    acceptSource(result.image, { kind: 'gallery', id });
    return true;
  } catch (error) {
    if (!isLatestImage(generation)) return false;
    const reason = error instanceof Error ? error.message : String(error);
    if (onFailure) onFailure(reason);
    else
      useApp.setState({ imageMessage: { level: 'error', text: `Gallery image ${id} could not be opened: ${reason}` } });
    return false;
  }
}

/** Loads a lesson's settings, then its image (which sets the image setting once it is decoded). */
export function applyLesson(id: string): void {
  const lesson = lessonById(id);
  if (!lesson) return;
  const { settings } = useApp.getState();
  useApp.setState({ settings: { ...lesson.settings, image: settings.image } });
  const { image } = lesson.settings;
  if (image.kind === 'gallery' && (settings.image.kind !== 'gallery' || settings.image.id !== image.id)) {
    void openGalleryImage(image.id);
  }
}

// ---------- truth, measurement ----------

function refreshTruth(): void {
  try {
    prepareTruth();
  } catch (error) {
    failedPreparation(error);
  }
}

/** An unexpected failure while preparing the truth or y: Run says why instead of waiting forever. */
function failedPreparation(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  useApp.setState({ problem: undefined, problemError: `The measurement could not be prepared: ${reason}.` });
  syncResults();
}

function prepareTruth(): void {
  const { source, settings } = useApp.getState();
  if (!source) return;
  const prior = PRIORS[settings.prior];
  const truth = modelImage(source, prior.resolution, prior.channels);
  const brush = useApp.getState().brush;
  const size = prior.resolution * prior.resolution;
  const sameSize = brush?.length === size;
  useApp.setState({
    truth,
    brush: sameSize ? brush : new Uint8Array(size),
    ...(sameSize ? {} : { brushUndo: [], brushRedo: [] }),
  });
  prepareProblem();
}

export function refreshProblem(): void {
  try {
    prepareProblem();
  } catch (error) {
    failedPreparation(error);
  }
}

function prepareProblem(): void {
  const { truth, settings, brush } = useApp.getState();
  if (!truth) return;
  const degradation = buildDegradation(settings.degradation, truth, brush);
  if (!degradation.ok) {
    useApp.setState({ problem: undefined, problemError: degradation.message });
    syncResults();
    return;
  }
  const measurement = measureTruth(degradation, settings.degradation, truth);
  const op = degradation.operator;
  const frontier =
    settings.prior === 'sandbox' ? sandboxFrontier(gaussianPrior(truth), op, settings.degradation.sigmaY) : undefined;
  const problem: Problem = {
    y: createImage(op.outShape, measurement.y),
    pseudoInverse: createImage(op.inShape, op.pseudoInverse(measurement.y)),
    kernel: degradation.kernel,
    notes: degradation.notes,
    frontier,
  };
  useApp.setState({ problem, problemError: undefined });
  syncResults();
}

/** The painted mask changed (1 = missing pixel). */
export function setBrush(brush: Uint8Array): void {
  useApp.setState({ brush });
  refreshProblem();
}

/** Masks kept for undo. */
const BRUSH_HISTORY = 50;
export const BRUSH_RADIUS = { min: 1, max: 16 } as const;

/** Keeps the current mask for undo before an edit (a stroke, Clear, Fill); a new edit empties the redo list. */
export function recordBrushEdit(): void {
  const { brush, brushUndo } = useApp.getState();
  if (brush) useApp.setState({ brushUndo: [...brushUndo, brush].slice(-BRUSH_HISTORY), brushRedo: [] });
}

function restoreBrush(from: 'brushUndo' | 'brushRedo', to: 'brushUndo' | 'brushRedo'): void {
  const state = useApp.getState();
  const restored = state[from].at(-1);
  if (!restored || !state.brush) return;
  useApp.setState({ [from]: state[from].slice(0, -1), [to]: [...state[to], state.brush] });
  setBrush(restored);
}

export function undoBrush(): void {
  restoreBrush('brushUndo', 'brushRedo');
}

export function redoBrush(): void {
  restoreBrush('brushRedo', 'brushUndo');
}

export function changeBrushRadius(delta: number): void {
  const radius = useApp.getState().brushRadius + delta;
  useApp.setState({ brushRadius: Math.max(BRUSH_RADIUS.min, Math.min(BRUSH_RADIUS.max, radius)) });
}

// ---------- models ----------

function modelSource(card: ModelCard, name: string): ModelSource {
  const prior = PRIORS[name as keyof typeof PRIORS];
  return {
    name,
    url: assetUrl(`models/${prior.model}.onnx`),
    bytes: card.bytes,
    sha256: card.sha256,
    channels: prior.channels,
    resolution: prior.resolution,
  };
}

const loadedSources = new Map<string, ModelSource>();

const LOAD_PHASE_NAMES = { download: 'downloading', compile: 'compiling', 'warm-up': 'warming up' } as const;

/**
 * Loads the current prior's model in the worker. A load still running for an earlier choice is cancelled; a load
 * that reports no progress for MODEL_LOAD_STALL_MS (compiling and warming up report none) restarts the worker, and
 * so does the next load after onnxruntime failed, so a stuck or broken runtime can never block the next load.
 */
async function loadModel(): Promise<void> {
  const { prior } = useApp.getState().settings;
  const info = PRIORS[prior];
  const request = ++modelRequest;
  modelLoad?.abort();
  const controller = new AbortController();
  modelLoad = controller;
  if (!info.model) {
    useApp.setState({ model: { status: 'ready' } });
    return;
  }
  if (runtimeSuspect) {
    runtimeSuspect = false;
    loadedSources.clear();
    restartSolverWorker('onnxruntime failed in an earlier model load');
  }
  useApp.setState({ model: { status: 'loading', phase: 'download', loadedBytes: 0 } });
  const isCurrent = () => request === modelRequest;
  let phase: LoadPhase = 'download';
  const guard = stallGuard(MODEL_LOAD_STALL_MS, () => {
    const reason = `it made no progress for ${MODEL_LOAD_STALL_MS / 1000} s while ${LOAD_PHASE_NAMES[phase]}`;
    loadedSources.clear();
    restartSolverWorker(reason);
    return new Error(`${reason}; the solver was restarted`);
  });
  controller.signal.addEventListener('abort', guard.stop, { once: true });
  try {
    const response = await fetch(assetUrl(`models/${info.model}.json`));
    if (!response.ok) throw new Error(`its model card could not be downloaded (HTTP ${response.status})`);
    const source = modelSource(parseCard(await response.text(), info), prior);
    const loaded = await Promise.race([
      guard.stalled,
      withRequest(controller.signal, (id) =>
        solverWorker().loadModel(
          id,
          source,
          proxy((progress) => {
            phase = progress.phase;
            guard.touch();
            if (isCurrent()) useApp.setState({ model: { status: 'loading', ...progress } });
          }),
        ),
      ),
    ]);
    loadedSources.set(prior, source);
    if (isCurrent()) useApp.setState({ model: { status: 'ready', info: loaded } });
  } catch (error) {
    if (error instanceof Error && error.name === RUNTIME_FAILURE) runtimeSuspect = true;
    if (!isCurrent()) return;
    const reason = error instanceof Error ? error.message : String(error);
    useApp.setState({ model: { status: 'error', error: `Model ${prior} failed to load: ${reason}.` } });
  } finally {
    guard.stop();
  }
}

/**
 * `stalled` rejects with `onStall()`'s error once `touch` has not been called for `ms`; `stop` disarms it for good
 * (a late progress event of a cancelled load does not re-arm it).
 */
function stallGuard(ms: number, onStall: () => Error) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let fail: (error: Error) => void = () => {};
  const stalled = new Promise<never>((_, reject) => (fail = reject));
  stalled.catch(() => {}); // read only through the race
  const touch = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => fail(onStall()), ms);
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  touch();
  return { stalled, touch, stop };
}

export function retryModel(): void {
  void loadModel();
}

// ---------- runs ----------

function imageIdentity(settings: Settings): string {
  return settings.image.kind === 'gallery' ? `gallery:${settings.image.id}` : `upload:${sourceId}`;
}

/** FNV-1a hash of the bytes (a painted mask, a measurement), in hex; '' for none. */
export function bytesDigest(bytes: Uint8Array | undefined): string {
  if (!bytes) return '';
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  return hash.toString(16);
}

/** Everything a result depends on, as one string. */
export function runKey(settings: Settings, brush: Uint8Array | undefined): string {
  const { prior, degradation, method, seed } = settings;
  return JSON.stringify([
    prior,
    imageIdentity(settings),
    degradation,
    isInpainting(degradation.kind) && degradation.kind === 'inpaint-brush' ? bytesDigest(brush) : '',
    method,
    seed,
  ]);
}

/** Computed points of one run key, by knob (from the LRU). */
export function cachedPoints(key: string): Record<string, PointResult> {
  const points: Record<string, PointResult> = {};
  for (const knob of KNOB_GRID) {
    const point = results.get(`${key}|${knob}`);
    if (point) points[knob] = point;
  }
  return points;
}

/**
 * After a settings change: show the cached results of the new settings, and stop work for the old ones. A change
 * in the middle of a run restarts it with the new inputs (once nothing blocks it, e.g. a new prior's model), and
 * the old points stay on screen, marked stale, until the new run has computed the slider's position.
 */
function syncResults(): void {
  const { settings, brush, run } = useApp.getState();
  const key = runKey(settings, brush);
  if (key === run.key) return;
  const restart = run.status === 'running' || (run.stale !== undefined && restartArmed);
  runController?.abort();
  runController = undefined;
  const points = cachedPoints(key);
  const done = initialKnobs(settings.method.method as MethodId).every((k) => points[k]);
  const stale = restart && !done ? { ...run.stale, ...run.points } : undefined;
  useApp.setState({ run: { ...IDLE_RUN, key, points, status: done ? 'done' : 'idle', stale } });
  if (restart && !done) runWhenReady();
}

let restartArmed = false;
let restartWatch: (() => void) | undefined;

/**
 * Starts the run (or whatever `start` starts, e.g. the comparison's panels) as soon as nothing blocks it, once:
 * the watch is dropped before `start` runs, so the state changes it makes cannot start it again.
 */
export function runWhenReady(start: () => void = startRun): void {
  restartWatch?.();
  restartWatch = undefined;
  restartArmed = true;
  const attempt = () => {
    if (!restartArmed || runBlocker()) return;
    restartArmed = false;
    restartWatch?.();
    restartWatch = undefined;
    if (start !== startRun || useApp.getState().run.status !== 'running') start();
  };
  restartWatch = useApp.subscribe(attempt);
  attempt();
}

/** Why Run is not possible right now, or undefined. */
export function runBlocker(state: AppState = useApp.getState()): string | undefined {
  const { truth, problem, problemError, model, settings } = state;
  const invalid = settingsProblems(settings)[0];
  if (invalid) return `Invalid setting: ${invalid}.`;
  if (!truth) return 'Choose an image first.';
  if (problemError) return problemError;
  if (!problem) return 'Preparing the measurement…';
  if (!methodInfo(settings.method.method)) return `Unknown method "${settings.method.method}".`;
  if (model.status === 'error') return model.error;
  if (model.status !== 'ready') return 'The model is still loading.';
  return undefined;
}

export function cacheResult(key: string, point: PointResult): void {
  results.set(`${key}|${point.knob}`, point);
}

/** The worker request for these knobs of a method (the current one, or a comparison panel's) on the current y. */
export function runRequest(
  knobs: number[],
  method: MethodSettings = useApp.getState().settings.method,
): RunRequest | undefined {
  const { truth, problem, settings, brush } = useApp.getState();
  if (!truth || !problem) return undefined;
  const model = loadedSources.get(settings.prior);
  return {
    prior: settings.prior === 'sandbox' || !model ? { kind: 'sandbox' } : { kind: 'onnx', model },
    shape: { c: truth.c, h: truth.h, w: truth.w },
    truth: truth.data.slice(),
    degradation: settings.degradation,
    brush: settings.degradation.kind === 'inpaint-brush' ? brush?.slice() : undefined,
    y: problem.y.data.slice(),
    method: method.method as MethodId,
    preset: method.preset,
    samples: method.samples,
    seed: settings.seed,
    knobs,
  };
}

/** The settings a worker request carries, as JSON (what the page shows must be what the worker runs). */
export function requestSummary(body: RunRequest): string {
  const { degradation, method, preset, samples, seed } = body;
  return JSON.stringify({ prior: useApp.getState().settings.prior, degradation, method, preset, samples, seed });
}

function onRunEvent(key: string, event: RunEvent): void {
  const { run } = useApp.getState();
  if (run.key !== key) return;
  if (event.type === 'progress') {
    const elapsed = performance.now() - run.startedAt;
    useApp.setState({
      run: {
        ...run,
        nfe: event.nfe,
        nfeTotal: event.nfeTotal,
        stage: event.stage,
        preview: event.preview,
        msPerCall: event.nfe > 0 ? elapsed / event.nfe : run.msPerCall,
      },
    });
    return;
  }
  const { point } = event;
  cacheResult(key, point);
  useApp.setState({
    run: {
      ...run,
      points: { ...run.points, [point.knob]: point },
      pending: run.pending.filter((k) => k !== point.knob),
    },
  });
}

/** Runs these knobs for the current settings; `fresh`: a new curve, whose totals count from this run. */
/** Resolves once the run of `key` has all these points, or its settings changed, or after POINT_WAIT_MS. */
const POINT_WAIT_MS = 5000;
function pointsArrived(key: string, knobs: readonly number[]): Promise<void> {
  const done = () => {
    const { run } = useApp.getState();
    return run.key !== key || knobs.every((k) => run.points[k]);
  };
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(finish, POINT_WAIT_MS);
    const unsubscribe = useApp.subscribe(() => done() && finish());
  });
}

async function execute(knobs: number[], fresh = false): Promise<void> {
  const state = useApp.getState();
  const key = runKey(state.settings, state.brush);
  const body = runRequest(knobs);
  if (!body) return;
  const controller = new AbortController();
  runController = controller;
  useApp.setState({
    run: {
      ...state.run,
      key,
      status: 'running',
      message: undefined,
      nfe: 0,
      nfeTotal: 0,
      stage: 'starting',
      startedAt: performance.now(),
      msPerCall: undefined,
      preview: undefined,
      pending: knobs,
      request: requestSummary(body),
      ...(fresh ? { totals: undefined } : {}),
    },
  });
  const stillCurrent = () => useApp.getState().run.key === key;
  try {
    const summary = await withRequest(controller.signal, (id) =>
      solverWorker().run(
        id,
        body,
        proxy((event: RunEvent) => onRunEvent(key, event)),
      ),
    );
    if (!stillCurrent()) return;
    // Points travel on the callback's own channel and can arrive after the summary: wait for this run's last ones
    // (else they would look missing and be computed a second time).
    if (summary.callsAfterCancel === undefined) await pointsArrived(key, knobs);
    if (!stillCurrent()) return;
    const run = useApp.getState().run;
    const totals = {
      nfe: (run.totals?.nfe ?? 0) + summary.nfe,
      ms: (run.totals?.ms ?? 0) + summary.ms,
      runs: (run.totals?.runs ?? 0) + 1,
    };
    if (summary.callsAfterCancel !== undefined) {
      const calls = summary.callsAfterCancel;
      useApp.setState({
        run: {
          ...run,
          status: 'cancelled',
          pending: [],
          stale: undefined,
          totals,
          message: `Cancelled: stopped within ${calls} denoiser call${calls === 1 ? '' : 's'} of the request (${summary.nfe} calls ran in all).`,
        },
      });
      return;
    }
    const { settings } = useApp.getState();
    const planned = plannedNfe(
      settings.method.method as MethodId,
      settings.degradation.kind,
      settings.method.preset,
      knobs,
      settings.method.samples,
    );
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const positions = `${knobs.length} position${knobs.length === 1 ? '' : 's'}`;
    const curve =
      totals.runs > 1
        ? ` This curve so far: ${Object.keys(run.points).length} points, ${totals.nfe} calls in ${seconds(totals.ms)}.`
        : '';
    useApp.setState({
      run: {
        ...run,
        status: 'done',
        nfe: summary.nfe,
        stale: undefined,
        totals,
        message: `Done: ${summary.nfe} denoiser calls made (${planned} planned) for ${positions} in ${seconds(summary.ms)}.${curve}`,
      },
    });
    // Positions the slider queued during this run.
    const queued = useApp.getState().run.pending.filter((k) => !useApp.getState().run.points[k]);
    if (queued.length > 0) void execute(queued);
  } catch (error) {
    if (!stillCurrent()) return;
    const run = useApp.getState().run;
    if (error instanceof DOMException && error.name === 'AbortError') {
      useApp.setState({
        run: { ...run, status: 'cancelled', pending: [], stale: undefined, message: 'Cancelled before it started.' },
      });
      return;
    }
    const text = error instanceof Error ? error.message : String(error);
    useApp.setState({
      run: { ...run, status: 'error', pending: [], preview: undefined, stale: undefined, message: text },
    });
  } finally {
    if (runController === controller) runController = undefined;
  }
}

export function startRun(): void {
  if (runBlocker()) return;
  runController?.abort();
  const { settings } = useApp.getState();
  void execute(initialKnobs(settings.method.method as MethodId), true);
}

export function cancelRun(): void {
  runController?.abort();
}

/** Moves the slider; a position not computed yet is queued at once (or computed now if the worker is idle). */
export function selectKnob(index: number): void {
  const clamped = Math.max(0, Math.min(KNOB_GRID.length - 1, index));
  const { settings, run } = useApp.getState();
  if (settings.slider !== clamped) useApp.setState({ settings: { ...settings, slider: clamped } });
  const knob = KNOB_GRID[clamped];
  if (run.status === 'idle' || run.status === 'error' || run.points[knob] || run.pending.includes(knob)) return;
  if (methodInfo(settings.method.method)?.kind !== 'curve') return;
  if (run.status === 'running') {
    useApp.setState({ run: { ...run, pending: [...run.pending, knob] } });
    return;
  }
  void execute([knob]);
}

// ---------- start-up and URL ----------

/** The URL follows the settings this long after a change: a slider move paints first, a drag writes it once. */
const URL_WRITE_DELAY_MS = 100;
let urlWrite: ReturnType<typeof setTimeout> | undefined;

/**
 * The page's query: the settings, plus `teach=1` in teacher mode and `embed=1` in the embedded view (views of the
 * app, not settings of the run).
 */
function writeUrl(): void {
  clearTimeout(urlWrite);
  urlWrite = undefined;
  const { settings, teach, embed } = useApp.getState();
  const view = `${teach ? '&teach=1' : ''}${embed ? '&embed=1' : ''}`;
  window.history.replaceState(null, '', `?${settingsToQuery(settings)}${view}`);
}

function scheduleUrlWrite(): void {
  urlWrite ??= setTimeout(writeUrl, URL_WRITE_DELAY_MS);
}

export function toggleTeacherMode(): void {
  useApp.setState((state) => ({ teach: !state.teach }));
}

export function initApp(): void {
  const { settings, notes } = settingsFromQuery(window.location.search);
  useApp.setState({
    settings,
    teach: new URLSearchParams(window.location.search).get('teach') === '1',
    embed: new URLSearchParams(window.location.search).get('embed') === '1',
    linkMessage: notes.length > 0 ? { level: 'info', text: notes.join(' ') } : undefined,
  });
  // Errors that no handler took (a bug): said on the page, which keeps working, rather than only in the console.
  const report = (reason: unknown) =>
    useApp.setState({ appError: reason instanceof Error ? reason.message : String(reason) });
  window.addEventListener('error', (event) => {
    // Chromium's notice that a resize observer skipped a frame is not an error of the app.
    if (!String(event.message).startsWith('ResizeObserver loop')) report(event.error ?? event.message);
  });
  window.addEventListener('unhandledrejection', (event) => report(event.reason));
  void solverWorker()
    .backend()
    .then((backend) => useApp.setState({ backend }));
  useApp.subscribe((state, previous) => {
    const now = state.settings;
    const before = previous.settings;
    if (now === before) {
      if (state.teach !== previous.teach) scheduleUrlWrite();
      return;
    }
    scheduleUrlWrite();
    if (now.prior !== before.prior) {
      void loadModel();
      refreshTruth();
    } else if (now.degradation !== before.degradation) {
      refreshProblem();
    } else {
      syncResults();
    }
  });
  // Leaving the page within the delay still leaves the latest settings in the history entry.
  window.addEventListener('pagehide', () => urlWrite !== undefined && writeUrl());
  void loadModel();
  if (settings.image.kind === 'gallery') void openLinkImage(settings.image.id);
}

/** Appends a note to the link's message line. */
function addLinkNote(text: string): void {
  useApp.setState((state) => ({
    linkMessage: { level: 'info', text: state.linkMessage ? `${state.linkMessage.text} ${text}` : text },
  }));
}

/** The link's gallery image; one that cannot be opened gives way to the prior's own first image, with a note. */
async function openLinkImage(id: string): Promise<void> {
  let failure: string | undefined;
  if (await openGalleryImage(id, (reason) => (failure = reason))) return;
  if (failure === undefined) return; // a later choice won
  const generation = imageGeneration;
  const { prior } = useApp.getState().settings;
  const gallery = await loadGallery().catch(() => []);
  if (!isLatestImage(generation)) return;
  const own = Array.isArray(gallery) ? ownImage(gallery, prior) : undefined;
  const fallback = prior === 'sandbox' || !own ? PRIOR_SAMPLE_ID : own.id;
  addLinkNote(`The link's image "${id}" could not be opened (${failure}), so ${fallback} is shown instead.`);
  if (fallback !== id) await openGalleryImage(fallback);
}
