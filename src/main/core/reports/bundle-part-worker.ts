/**
 * A worker thread's walk of one part of a big bundle file's entry lines (bundle-entry-lines.ts),
 * read from the file itself: each line parsed, shaped, linked from the entry before the part by
 * the journal's ChainWalk, and its device taken. It posts the part walked (BundlePartWalked) when
 * every entry links, and only that it did not otherwise: the main thread then walks the entries
 * from this part on itself, which names the first failure as a bundle parsed whole names it. Every
 * line of the part is parsed either way, since a line that is not JSON anywhere in the file makes
 * the whole file a failure of its own; once a part before this one did not link, this one's lines
 * are only parsed.
 */
import { closeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { statesEvidence } from '../evidence/evidence-kinds';
import { ChainWalk } from '../journal/chain-link';
import { entryLinesIn, NotEntryLines, openRegularFile } from './bundle-entry-lines';
import { quickEntry } from './bundle-entry-quick-shape';
import type { BundlePartWalked } from './bundle-verification';
import { DeviceRun } from './device-run';

export interface BundlePartJob {
  path: string;
  incidentId: string;
  /** The part's bytes, from the start of a line. */
  start: number;
  end: number;
  /** Whether the part's last line is the bundle's last entry (no comma after it). */
  lastOfEntries: boolean;
  /** This part's place among the parts, from 0. */
  index: number;
  /**
   * The first part that did not link (NO_PART_BROKEN until one has not), shared by every part's
   * worker: a part after it is not walked, only parsed.
   */
  firstBroken: Int32Array;
}

export const NO_PART_BROKEN = 0x7fffffff;

/**
 * What the worker posts: the part walked; or that it was not (one of its entries did not link, or
 * one of an earlier part did) with how many lines it holds, every one JSON; or that its lines are
 * not all JSON in the exported layout.
 */
export type BundlePartMessage = { walked: BundlePartWalked } | { unwalked: 'does not link' | 'after one that does not'; lines: number } | { broken: 'layout' };

/** Lines between two looks at whether an earlier part did not link. */
const LINES_PER_LOOK = 1024;

function walkPart(job: BundlePartJob): BundlePartMessage {
  let fd: number;
  try {
    fd = openRegularFile(job.path);
  } catch (error) {
    if (error instanceof NotEntryLines) return { broken: 'layout' };
    throw error;
  }
  try {
    const devices = new DeviceRun();
    const evidence: BundlePartWalked['evidence'] = [];
    let walk: ChainWalk | undefined;
    let first: BundlePartWalked['first'] | undefined;
    let last: BundlePartWalked['last'] | undefined;
    let count = 0;
    const lines = entryLinesIn(fd, job.start, job.end, job.lastOfEntries);
    for (const line of lines) {
      const candidate: unknown = JSON.parse(line);
      count += 1;
      if (count % LINES_PER_LOOK === 0 && Atomics.load(job.firstBroken, 0) < job.index) {
        return { unwalked: 'after one that does not', lines: count + parsedLines(lines) };
      }
      // An entry the quick check does not take is left to the main thread's walk, whose schema names what is wrong with it.
      const entry = quickEntry(candidate, true);
      if (entry !== undefined) walk ??= new ChainWalk(job.incidentId, { seq: entry.seq - 1, hash: entry.prevHash });
      if (
        entry === undefined ||
        walk!.step({ header: entry, text: entry.text, data: entry.data, bodyHash: entry.bodyHash, prevHash: entry.prevHash, hash: entry.hash }) !== undefined ||
        devices.take(entry.device) !== undefined
      ) {
        brokenAt(job);
        return { unwalked: 'does not link', lines: count + parsedLines(lines) };
      }
      if (statesEvidence(entry.kind)) evidence.push({ index: count - 1, entry });
      first ??= entry;
      last = entry;
    }
    if (!walk || !first || !last) return { broken: 'layout' };
    return { walked: { count, walked: walk.walked(), devices: { device: devices.device, legacy: devices.legacy }, first, last, evidence } };
  } catch (error) {
    // A line that is not JSON: the file is verified as one text, and JSON.parse's words name where.
    if (error instanceof NotEntryLines || error instanceof SyntaxError) return { broken: 'layout' };
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** The rest of the lines parsed, none walked: how many there were (JSON.parse throws at one that is not JSON). */
function parsedLines(lines: Iterator<string>): number {
  let count = 0;
  for (let line = lines.next(); !line.done; line = lines.next()) {
    JSON.parse(line.value);
    count += 1;
  }
  return count;
}

/** This part did not link: parts after it need not be walked, only parsed. */
function brokenAt(job: BundlePartJob): void {
  for (let seen = Atomics.load(job.firstBroken, 0); seen > job.index; seen = Atomics.load(job.firstBroken, 0)) {
    if (Atomics.compareExchange(job.firstBroken, 0, seen, job.index) === seen) return;
  }
}

if (parentPort) parentPort.postMessage(walkPart(workerData as BundlePartJob));
