import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerThreadSource } from '../worker-thread-source';
import type { ChainWalk, WalkedPart } from './chain-link';
import type { ChainPartJob, ChainPartMessage } from './chain-part-worker';

/** Below this many entries a walk on the main thread is over before worker threads have started. */
export const PARALLEL_WALK_MIN = 20_000;
const MAX_WORKERS = 4;

/**
 * Walks the entries after `chain`'s position through `through` in worker threads, each part of
 * the range on its own read-only connection at once, and joins what they walked onto `chain` in
 * order. It stops joining at the first part that does not join or does not reach its end (an
 * entry that does not link, or a worker that could not run), leaving `chain` where it got to: the
 * caller walks on from there on its own thread, which names the entry and the reason.
 */
export async function joinWalkedInParallel(chain: ChainWalk, job: Omit<ChainPartJob, 'after' | 'through' | 'stop'> & { through: number }): Promise<void> {
  const worker = workerThreadSource('chain-part-worker', import.meta.url);
  const remaining = job.through - chain.checked;
  const count = Math.min(MAX_WORKERS, availableParallelism());
  if (!worker || count < 2 || remaining < PARALLEL_WALK_MIN) return;
  const start = chain.checked;
  const bounds = Array.from({ length: count + 1 }, (_, index) => start + Math.round((index * remaining) / count));
  const stop = new Int32Array(new SharedArrayBuffer(4));
  try {
    const runs = bounds.slice(1).map((through, index) => {
      const workerData = { ...job, after: bounds[index]!, through, stop } satisfies ChainPartJob;
      return partsOf(new Worker(worker.source, { eval: worker.eval, workerData, execArgv: [] }));
    });
    for (let index = 0; index < runs.length; index += 1) {
      for await (const part of runs[index]!) if (!chain.join(part)) return;
      if (chain.checked !== bounds[index + 1]) return;
    }
  } finally {
    // Never terminate(): a thread stopped inside a SQLite call takes the process down with it (better-sqlite3).
    Atomics.store(stop, 0, 1);
  }
}

/** A worker's parts, as it posts them; ends at its `done`, at a failure, or when it exits without one. */
function partsOf(worker: Worker): AsyncIterable<WalkedPart> {
  const queue: ChainPartMessage[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const push = (message: ChainPartMessage) => {
    queue.push(message);
    wake?.();
  };
  worker.on('message', push);
  worker.once('error', () => push({ failure: 'the worker failed' }));
  worker.once('exit', () => {
    ended = true;
    wake?.();
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const message = queue.shift();
        if (message === undefined) {
          if (ended) return;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (!('part' in message)) return;
        yield message.part;
      }
    },
  };
}
