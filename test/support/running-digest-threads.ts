import { DigestsInWorker } from '../../src/main/core/journal/digests-in-worker';

/** Digest threads already taking texts: until one runs, the walk hashes every text itself, and a test would check the walk alone. */
export async function runningDigestThreads(): Promise<DigestsInWorker> {
  const threads = DigestsInWorker.start();
  if (!threads || !(await threads.whenRunning())) throw new Error('no worker thread is running: this machine has one core, or the worker file is missing');
  return threads;
}
