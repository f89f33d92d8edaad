// The app's state: the serialisable settings (see app/settings.ts) plus runtime state derived from them.
// Components read slices; the controller (controller.ts) does the work and writes results back.
import { create } from 'zustand';
import type { PrecomputedRun } from '../app/precomputed';
import type { FrontierPoint } from '../app/sandboxPerception';
import { DEFAULT_SETTINGS, type Settings } from '../app/settings';
import type { Image } from '../core/tensor';
import type { LoadedModel, LoadPhase, PointResult, TraceStep } from '../worker/api';
import type { BackendInfo } from '../worker/backend';
import type { SourceImage } from './imageInput/loadImage';

export type Level = 'error' | 'warning' | 'info';

export interface Message {
  level: Level;
  text: string;
}

export interface ModelStatus {
  status: 'idle' | 'loading' | 'ready' | 'error';
  phase?: LoadPhase;
  loadedBytes?: number;
  totalBytes?: number;
  info?: LoadedModel;
  error?: string;
}

export interface Problem {
  /** Measurement y, A†y and (for blurs) the kernel, for display. */
  y: Image;
  pseudoInverse: Image;
  kernel?: Image;
  notes: string[];
  /** The Gaussian sandbox's optimal frontier for this operator (absent for masks and SR). */
  frontier?: FrontierPoint[];
}

export interface RunState {
  /** Identifies the settings the shown results belong to. */
  key?: string;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  message?: string;
  nfe: number;
  nfeTotal: number;
  stage?: string;
  startedAt: number;
  /** ms per denoiser call so far (for the ETA). */
  msPerCall?: number;
  preview?: Float32Array;
  /** Computed points of the current key, by knob. */
  points: Record<string, PointResult>;
  /** Knobs waiting to be computed for the current key. */
  pending: number[];
  /** The settings the last request sent to the worker carried (prior, degradation, method, seed), as JSON. */
  request?: string;
  /**
   * The points of the settings before an input changed mid-run: shown, marked stale, until the restarted run
   * computes the slider's position (cleared when that run ends).
   */
  stale?: Record<string, PointResult>;
  /** Denoiser calls and worker time of every run that computed this key's points (the slider queues more runs). */
  totals?: { nfe: number; ms: number; runs: number };
}

/** A recorded run of one slider position, for scrubbing through its steps. */
export interface TraceState {
  /** The run key and knob it belongs to (a settings change makes it stale). */
  key: string;
  status: 'running' | 'done' | 'error';
  message?: string;
  steps: TraceStep[];
  /** Index of the stored step on screen. */
  position: number;
  playing: boolean;
}

export interface AppState {
  settings: Settings;
  source?: SourceImage;
  /** The outcome of the last image load (a refusal keeps the previous image). */
  imageMessage?: Message;
  /**
   * What the link that opened the page could not restore as written (a field out of range, an uploaded image):
   * kept until dismissed, whatever images load meanwhile.
   */
  linkMessage?: Message;
  /** An error no part of the page handled (an uncaught exception or rejection), shown until dismissed. */
  appError?: string;
  truth?: Image;
  problem?: Problem;
  problemError?: string;
  /** Painted inpainting mask (1 = missing) at the prior's resolution. */
  brush?: Uint8Array;
  backend?: BackendInfo;
  model: ModelStatus;
  run: RunState;
  /** Teacher mode (`?teach=1`): advanced controls hidden, large type for a projector. */
  teach: boolean;
  /** Embedded view (`?embed=1`, for slides and iframes): the result, its slider and the chart only. */
  embed: boolean;
  /** Step of the guided tour on screen (0-based), or undefined when the tour is closed. */
  tourStep?: number;
  /** The keyboard shortcut sheet is open. */
  shortcutsOpen: boolean;
  /** Mask brush radius in model pixels. */
  brushRadius: number;
  /** Earlier and undone masks, for undo/redo (most recent last). */
  brushUndo: Uint8Array[];
  brushRedo: Uint8Array[];
  trace?: TraceState;
  /** The bundled first-screen run (shown, marked, while its live run has not produced a point). */
  precomputed?: PrecomputedRun;
  setSettings(update: (settings: Settings) => Settings): void;
}

export const IDLE_RUN: RunState = { status: 'idle', nfe: 0, nfeTotal: 0, startedAt: 0, points: {}, pending: [] };

export const useApp = create<AppState>()((set) => ({
  settings: DEFAULT_SETTINGS,
  model: { status: 'idle' },
  run: IDLE_RUN,
  teach: false,
  embed: false,
  shortcutsOpen: false,
  brushRadius: 2,
  brushUndo: [],
  brushRedo: [],
  setSettings: (update) => set((state) => ({ settings: update(state.settings) })),
}));

/** Shorthand for components: change one part of the settings. */
export function updateSettings(patch: Partial<Settings>): void {
  useApp.getState().setSettings((settings) => ({ ...settings, ...patch }));
}
