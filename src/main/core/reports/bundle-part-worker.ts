/**
 * A worker thread's walk of one part of a big bundle file's entry lines (bundle-entry-lines.ts),
 * read from the file itself: each line parsed, shaped, linked from the entry before the part by
 * the journal's ChainWalk, and its device taken. It posts the part walked (BundlePartWalked) when
 * every entry links, and only that it did not otherwise: the main thread then walks the whole
 * bundle itself, which names the first failure as a bundle parsed whole names it.
 */
import { closeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { statesEvidence } from '../evidence/evidence-kinds';
import { ChainWalk } from '../journal/chain-link';
import { entryLinesIn, NotEntryLines, openRegularFile } from './bundle-entry-lines';
import { BundleEntryV2, quickEntry } from './bundle-shapes';
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
}

/** What the worker posts: the part walked, or that one of its entries did not link or its lines are not the exported layout. */
export type BundlePartMessage = { walked: BundlePartWalked } | { broken: 'entry' | 'layout' };

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
    for (const line of entryLinesIn(fd, job.start, job.end, job.lastOfEntries)) {
      const candidate: unknown = JSON.parse(line);
      const entry = quickEntry(candidate, true) ?? BundleEntryV2.safeParse(candidate).data;
      if (entry === undefined) return { broken: 'entry' };
      walk ??= new ChainWalk(job.incidentId, { seq: entry.seq - 1, hash: entry.prevHash });
      const { text, data, bodyHash, prevHash, hash } = entry;
      if (walk.step({ header: entry, text, data, bodyHash, prevHash, hash }) !== undefined || devices.take(entry.device) !== undefined)
        return { broken: 'entry' };
      if (statesEvidence(entry.kind)) evidence.push({ index: count, entry });
      first ??= entry;
      last = entry;
      count += 1;
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

if (parentPort) parentPort.postMessage(walkPart(workerData as BundlePartJob));
