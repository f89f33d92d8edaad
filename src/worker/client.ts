// Main-thread side of the worker: one worker per page, request ids, AbortSignal → cancel(requestId), and a restart
// for a worker that stopped answering (e.g. stuck inside onnxruntime), which fails every request still pending on it.
import { releaseProxy, type Remote, wrap } from 'comlink';
import type { SolverRuntime } from './runtime';

export type SolverWorker = Remote<SolverRuntime>;

interface RunningWorker {
  remote: SolverWorker;
  thread: Worker;
  /** Rejects when this worker is restarted. */
  lost: Promise<never>;
  lose: (reason: Error) => void;
}

let worker: RunningWorker | undefined;

function runningWorker(): RunningWorker {
  if (!worker) {
    const thread = new Worker(new URL('./solver.worker.ts', import.meta.url), { type: 'module' });
    let lose: (reason: Error) => void = () => {};
    const lost = new Promise<never>((_, reject) => (lose = reject));
    lost.catch(() => {}); // only requests that race it report it
    worker = { remote: wrap<SolverRuntime>(thread), thread, lost, lose };
  }
  return worker;
}

export function solverWorker(): SolverWorker {
  return runningWorker().remote;
}

/** The reason every pending request of a restarted worker rejects with. */
export class WorkerRestartedError extends Error {
  override name = 'WorkerRestartedError';
}

/**
 * Ends the worker: every request still pending on it rejects with `reason`, and the next call starts a fresh one
 * (with nothing loaded: models load again, from the Cache API).
 */
export function restartSolverWorker(reason: string): void {
  if (!worker) return;
  const { remote, thread, lose } = worker;
  worker = undefined;
  remote[releaseProxy]();
  thread.terminate();
  lose(new WorkerRestartedError(reason));
}

let nextId = 0;

/**
 * Runs `call` with a fresh request id; aborting `signal` cancels the request in the worker (comlink cannot
 * transfer an AbortSignal, so the id crosses instead). Rejects with a WorkerRestartedError if the worker is
 * restarted meanwhile.
 */
export async function withRequest<T>(
  signal: AbortSignal | undefined,
  call: (requestId: string) => Promise<T>,
): Promise<T> {
  const requestId = `r${++nextId}`;
  signal?.throwIfAborted();
  const target = runningWorker();
  const onAbort = () => {
    if (worker === target) void target.remote.cancel(requestId);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([call(requestId), target.lost]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
