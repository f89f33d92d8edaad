// One-at-a-time request queue with cancellation by request id. The worker runs one solve at a time (the CPU
// is the bottleneck and an ORT session is not re-entrant); requests wait in order and can be cancelled while
// waiting (rejected at once) or while running (their AbortSignal fires; the solver stops at its next check).

export function abortError(reason = 'cancelled'): DOMException {
  return new DOMException(reason, 'AbortError');
}

interface Entry {
  id: string;
  controller: AbortController;
  start: () => void;
  reject: (reason: unknown) => void;
}

export class TaskQueue {
  private readonly waiting: Entry[] = [];
  private running: Entry | undefined;

  /** Queue `task`; it runs after every earlier request has settled. */
  run<T>(id: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const controller = new AbortController();
      const entry: Entry = {
        id,
        controller,
        reject,
        start: () => {
          task(controller.signal)
            .then(resolve, reject)
            .finally(() => {
              this.running = undefined;
              this.next();
            });
        },
      };
      this.waiting.push(entry);
      this.next();
    });
  }

  /** Cancel a waiting or running request; returns false when no request has that id. */
  cancel(id: string, reason = 'cancelled'): boolean {
    if (this.running?.id === id) {
      this.running.controller.abort(abortError(reason));
      return true;
    }
    const index = this.waiting.findIndex((entry) => entry.id === id);
    if (index < 0) return false;
    const [entry] = this.waiting.splice(index, 1);
    entry.reject(abortError(reason));
    return true;
  }

  get size(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  private next(): void {
    if (this.running) return;
    const entry = this.waiting.shift();
    if (!entry) return;
    this.running = entry;
    entry.start();
  }
}
