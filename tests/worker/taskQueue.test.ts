import { describe, expect, it } from 'vitest';
import { TaskQueue } from '../../src/worker/taskQueue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('TaskQueue', () => {
  it('runs requests one at a time in arrival order', async () => {
    const queue = new TaskQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = queue.run('a', async () => {
      log.push('a start');
      await gate.promise;
      log.push('a end');
      return 1;
    });
    const second = queue.run('b', async () => {
      log.push('b start');
      return 2;
    });
    expect(queue.size).toBe(2);
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['a start', 'a end', 'b start']);
    expect(queue.size).toBe(0);
  });

  it('rejects a waiting request at once when it is cancelled, and never runs it', async () => {
    const queue = new TaskQueue();
    const gate = deferred();
    let ranB = false;
    const first = queue.run('a', () => gate.promise);
    const second = queue.run('b', async () => {
      ranB = true;
    });
    expect(queue.cancel('b')).toBe(true);
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    gate.resolve();
    await first;
    expect(ranB).toBe(false);
  });

  it('aborts the signal of the running request', async () => {
    const queue = new TaskQueue();
    const running = queue.run(
      'a',
      (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    await Promise.resolve();
    expect(queue.cancel('a')).toBe(true);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(queue.cancel('a')).toBe(false);
    await expect(queue.run('c', async () => 'next')).resolves.toBe('next');
  });
});
