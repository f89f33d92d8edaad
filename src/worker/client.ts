// Main-thread side of the worker: one worker per page, request ids, AbortSignal → cancel(requestId).
import { type Remote, wrap } from 'comlink';
import type { SolverRuntime } from './runtime';

export type SolverWorker = Remote<SolverRuntime>;

let worker: SolverWorker | undefined;

export function solverWorker(): SolverWorker {
  worker ??= wrap<SolverRuntime>(new Worker(new URL('./solver.worker.ts', import.meta.url), { type: 'module' }));
  return worker;
}

let nextId = 0;

/**
 * Runs `call` with a fresh request id; aborting `signal` cancels the request in the worker (comlink cannot
 * transfer an AbortSignal, so the id crosses instead).
 */
export async function withRequest<T>(
  signal: AbortSignal | undefined,
  call: (requestId: string) => Promise<T>,
): Promise<T> {
  const requestId = `r${++nextId}`;
  signal?.throwIfAborted();
  const onAbort = () => void solverWorker().cancel(requestId);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(requestId);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
