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
import { NO_PART_BROKEN, type BundlePartJob, type BundlePartMessage } from './bundle-part-worker';
import { PartsDoNotSettle, verifyBundleApart, type BundleReport, type VerifyOptions } from './bundle-verification';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './timeline-bundle';

/**
 * Below this size a bundle file is parsed whole (bundle-verification.ts): the parts' worker threads,
 * started from the sources under tsx, cost more to start than they save on a small file. Start to
 * exit, a file of 100,000 entries (52 MB) took 0.95–1.30 s in parts against 0.93–1.07 s parsed whole,
 * one of 150,000 (78 MB) the same either way, one of 200,000 (104 MB) 1.42–1.61 s in parts against
 * 1.71–1.75 s (bench/README.md, 2026-12-06).
 */
export const IN_PARTS_MIN_BYTES = 96 << 20;
const MAX_PARTS = 4;

/** A report, and how many parts walked in worker threads it stands on (0: every line was walked on the calling thread). */
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
 * The report is the one verifyBundle gives for the file parsed whole: from the first part that
 * does not link or join on, the lines are walked on this thread, which names the first failure.
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
      const answers = await answersOfWorkers(path, incidentId, parts);
      if (answers.some((answer) => answer !== undefined && 'broken' in answer)) return undefined;
      const settled = answers.filter((answer) => answer !== undefined);
      if (settled.length === parts.length) {
        const walked = settled.map((answer) => ('walked' in answer ? answer.walked : undefined));
        const count = settled.reduce((sum, answer) => sum + ('walked' in answer ? answer.walked.count : 'lines' in answer ? answer.lines : 0), 0);
        const entriesFrom = (part: number) => new ParsedEntryLines(entryLinesIn(fd, parts[part]!.start, layout.end, true));
        try {
          const { report, partsJoined } = verifyBundleApart(layout.header, { parts: walked, entriesFrom, count }, options);
          return { report, threads: partsJoined };
        } catch (error) {
          if (!(error instanceof PartsDoNotSettle)) throw error;
        }
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
  const { report } = verifyBundleApart(layout.header, { entries, count: entryLineCount(fd, layout) }, options);
  entries.drain();
  return report;
}

/**
 * Each part's answer from its worker thread, in order (no threads, no answers). Undefined where a
 * thread could not run: the lines are walked on this thread then.
 */
async function answersOfWorkers(path: string, incidentId: string, parts: Array<{ start: number; end: number }>): Promise<Array<BundlePartMessage | undefined>> {
  const source = workerThreadSource('bundle-part-worker', import.meta.url);
  if (!source) return [];
  const firstBroken = new Int32Array(new SharedArrayBuffer(4)).fill(NO_PART_BROKEN);
  const workers = parts.map(({ start, end }, index) => {
    const workerData = { path, incidentId, start, end, lastOfEntries: index === parts.length - 1, index, firstBroken } satisfies BundlePartJob;
    return new Worker(source.source, { eval: source.eval, workerData, execArgv: [] });
  });
  try {
    return await answersUnlessOneFails(workers);
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

/**
 * The workers' answers, in order, once all have answered; as soon as a thread fails, or a part is
 * not entry lines, the others (terminated) are not waited for, and an answer not come is undefined.
 */
function answersUnlessOneFails(workers: Worker[]): Promise<Array<BundlePartMessage | undefined>> {
  const answers: Array<BundlePartMessage | undefined> = workers.map(() => undefined);
  let waiting = workers.length;
  return new Promise((resolve) => {
    workers.forEach((worker, index) => {
      void answerOf(worker).then((answer) => {
        answers[index] = answer;
        waiting -= 1;
        if (waiting === 0 || answer === undefined || 'broken' in answer) resolve(answers);
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
