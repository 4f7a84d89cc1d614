import { closeSync, fstatSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerThreadSource } from '../worker-thread-source';
import {
  entryLineCount,
  entryLineParts,
  entryLinesIn,
  entryLinesLayout,
  NotEntryLines,
  openRegularFile,
  ParsedEntryLines,
  type EntryLinesLayout,
} from './bundle-entry-lines';
import type { BundlePartJob, BundlePartMessage } from './bundle-part-worker';
import { verifyBundleApart, type BundlePartWalked, type BundleReport, type VerifyOptions } from './bundle-verification';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './timeline-bundle';

/**
 * Below this size a bundle file is parsed whole (bundle-verification.ts): a part's worker thread,
 * started from the sources under tsx, takes 0.4–0.5 s to start, so a file of 100,000 entries (52 MB)
 * took 1.5–1.8 s in parts against 1.3–1.5 s parsed whole; at 200,000 (104 MB) the two met (bench/README.md).
 */
export const IN_PARTS_MIN_BYTES = 96 << 20;
const MAX_PARTS = 4;

/** A report, and how many worker threads walked the parts it stands on (0: the lines were walked on the calling thread). */
export interface InPartsVerification {
  report: BundleReport;
  threads: number;
}

export interface InPartsTuning {
  /** The smallest file verified in parts (IN_PARTS_MIN_BYTES); a test's is smaller. */
  minBytes?: number;
  /** How many parts, each in a worker thread (the cores, up to four); 1 walks the lines on this thread. */
  parts?: number;
}

/**
 * A big timeline bundle file verified as its entry lines (bundle-entry-lines.ts), with no limit to
 * its size: read from the file in parts, each walked in a worker thread at once, joined in order.
 * The report is the one verifyBundle gives for the file parsed whole: where the parts do not
 * verify, the lines are walked again on this thread, which names the first failure.
 *
 * Undefined when the file is smaller than `minBytes`, or is not a version 2 timeline bundle in the
 * layout the console exports, or holds a line that is not JSON: the caller parses it whole, and
 * that says what it is.
 */
export async function verifyBundleFileInParts(path: string, options: VerifyOptions = {}, tuning: InPartsTuning = {}): Promise<InPartsVerification | undefined> {
  // Only a regular file: a named pipe would hold the open (or each part's read) until someone writes to it.
  if (!statSync(path).isFile()) return undefined;
  let fd: number;
  try {
    fd = openRegularFile(path);
  } catch (error) {
    if (error instanceof NotEntryLines) return undefined;
    throw error;
  }
  try {
    const { size, mtimeMs } = fstatSync(fd);
    if (size < (tuning.minBytes ?? IN_PARTS_MIN_BYTES)) return undefined;
    const verified = await verifiedInParts(path, fd, size, options, tuning);
    const now = fstatSync(fd);
    // Its parts are read one after another, some in other threads: a file written meanwhile would be judged in pieces of two versions.
    if (now.size !== size || now.mtimeMs !== mtimeMs) throw new Error('the file changed while it was being verified; nothing was verified');
    return verified;
  } finally {
    closeSync(fd);
  }
}

async function verifiedInParts(
  path: string,
  fd: number,
  size: number,
  options: VerifyOptions,
  tuning: InPartsTuning,
): Promise<InPartsVerification | undefined> {
  try {
    const layout = entryLinesLayout(fd, size);
    if (!layout || layout.header.format !== BUNDLE_FORMAT || layout.header.version !== BUNDLE_VERSION) return undefined;
    const incidentId = (layout.header.incident as { id?: unknown } | null)?.id;
    const parts = entryLineParts(fd, layout, tuning.parts ?? Math.min(MAX_PARTS, availableParallelism()));
    if (parts.length > 1 && typeof incidentId === 'string') {
      const walked = await walkedInWorkers(path, incidentId, parts);
      if (walked === 'layout') return undefined;
      if (walked) {
        const report = verifyBundleApart(layout.header, { parts: walked }, options);
        if (report.verdict !== 'failed') return { report, threads: walked.length };
      }
    }
    return { report: walkedHere(fd, layout, options), threads: 0 };
  } catch (error) {
    if (error instanceof NotEntryLines || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Every line walked on this thread, then the rest of them parsed: the report verifyBundle gives, or a SyntaxError. */
function walkedHere(fd: number, layout: EntryLinesLayout, options: VerifyOptions): BundleReport {
  const entries = new ParsedEntryLines(entryLinesIn(fd, layout.start, layout.end, true));
  const report = verifyBundleApart(layout.header, { entries, count: entryLineCount(fd, layout) }, options);
  entries.drain();
  return report;
}

/**
 * The parts walked in worker threads, in order; undefined when one did not link or a thread could
 * not run (the lines are walked on this thread then), 'layout' when a part is not entry lines.
 */
async function walkedInWorkers(
  path: string,
  incidentId: string,
  parts: Array<{ start: number; end: number }>,
): Promise<BundlePartWalked[] | 'layout' | undefined> {
  const source = workerThreadSource('bundle-part-worker', import.meta.url);
  if (!source) return undefined;
  const workers = parts.map(({ start, end }, index) => {
    const workerData = { path, incidentId, start, end, lastOfEntries: index === parts.length - 1 } satisfies BundlePartJob;
    return new Worker(source.source, { eval: source.eval, workerData, execArgv: [] });
  });
  try {
    const messages = await answersUntilOneFails(workers);
    if (messages.some((message) => message !== undefined && 'broken' in message && message.broken === 'layout')) return 'layout';
    const walked: BundlePartWalked[] = [];
    for (const message of messages) {
      if (message === undefined || !('walked' in message)) return undefined;
      walked.push(message.walked);
    }
    return walked;
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

/**
 * The workers' answers, in order, once all have answered or as soon as one has not walked its part:
 * the lines are walked on this thread then, and the other parts' walks (terminated) are not waited
 * for. An answer not come yet is undefined.
 */
function answersUntilOneFails(workers: Worker[]): Promise<Array<BundlePartMessage | undefined>> {
  const answers: Array<BundlePartMessage | undefined> = workers.map(() => undefined);
  let waiting = workers.length;
  return new Promise((resolve) => {
    workers.forEach((worker, index) => {
      void answerOf(worker).then((answer) => {
        answers[index] = answer;
        waiting -= 1;
        if (waiting === 0 || answer === undefined || !('walked' in answer)) resolve(answers);
      });
    });
  });
}

/** A worker's one message; undefined when it failed or ended without one. */
function answerOf(worker: Worker): Promise<BundlePartMessage | undefined> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
