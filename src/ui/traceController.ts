// Inside the diffusion: records the steps of the slider's position in the worker, and plays them back.
import { KNOB_GRID } from '../app/methods';
import { solverWorker, withRequest } from '../worker/client';
import { runBlocker, runKey, runRequest } from './controller';
import { type AppState, type TraceState, useApp } from './store';

/** Which recording the current settings and slider position would show. */
export function traceKey(state: AppState): string {
  return `${runKey(state.settings, state.brush)}|${KNOB_GRID[state.settings.slider]}`;
}

let recording: AbortController | undefined;

function updateTrace(key: string, patch: Partial<TraceState>): void {
  const { trace } = useApp.getState();
  if (trace?.key === key) useApp.setState({ trace: { ...trace, ...patch } });
}

export async function recordTrace(): Promise<void> {
  const state = useApp.getState();
  const request = runRequest([]);
  if (runBlocker(state) || !request) return;
  const { knobs: _, ...rest } = request;
  const key = traceKey(state);
  recording?.abort();
  const controller = new AbortController();
  recording = controller;
  useApp.setState({ trace: { key, status: 'running', steps: [], position: 0, playing: false } });
  try {
    const knob = KNOB_GRID[state.settings.slider];
    const result = await withRequest(controller.signal, (id) => solverWorker().trace(id, { ...rest, knob }));
    // Stop pressed while the finished recording was on its way back: the stop wins, as the user asked.
    controller.signal.throwIfAborted();
    const calls = `${result.nfe} denoiser calls in ${(result.ms / 1000).toFixed(1)} s`;
    updateTrace(key, {
      status: 'done',
      steps: result.steps,
      message: `${result.steps.length} steps stored (${calls}).`,
    });
  } catch (error) {
    const stopped = controller.signal.aborted;
    const message = stopped ? 'Recording stopped.' : error instanceof Error ? error.message : String(error);
    updateTrace(key, { status: 'error', message });
  } finally {
    if (recording === controller) recording = undefined;
  }
}

/** Stops a recording in progress (the worker stops within one denoiser call). */
export function stopTrace(): void {
  recording?.abort();
}

export function showTraceStep(position: number): void {
  const { trace } = useApp.getState();
  if (!trace || trace.steps.length === 0) return;
  const clamped = Math.max(0, Math.min(trace.steps.length - 1, position));
  useApp.setState({
    trace: { ...trace, position: clamped, playing: trace.playing && clamped < trace.steps.length - 1 },
  });
}

/** Play from the current step (from the start when at the end), or pause. */
export function toggleTracePlayback(): void {
  const { trace } = useApp.getState();
  if (!trace || trace.steps.length === 0) return;
  const atEnd = trace.position >= trace.steps.length - 1;
  useApp.setState({
    trace: { ...trace, playing: !trace.playing, position: !trace.playing && atEnd ? 0 : trace.position },
  });
}
