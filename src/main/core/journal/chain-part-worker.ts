/**
 * A worker thread's walk of one part of an incident's chain, with its own read-only connection:
 * the same ChainWalk as on the main thread, started from the hash stored for the entry before the
 * part. It posts what it walked every PART_SIZE entries (WalkedPart) and stops at the first entry
 * that does not link; the main thread joins the parts in order (ChainWalk.join) and walks on
 * itself from where they stop joining, so every verdict is worded by the one walk.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../../shared/error-message';
import { GENESIS_HASH } from './chain';
import { ChainWalk, type WalkedPart } from './chain-link';
import { entriesAfter, toChainedEntry, type ChainRow } from './journal-rows';

export interface ChainPartJob {
  path: string;
  nativeBinding: string | undefined;
  incidentId: string;
  /** The chain walked (its key in the chain column), when the journal keeps one per device (schema 5). */
  chain: string;
  perDevice: boolean;
  /** The part: the entries after `after`, through `through` (seqs). */
  after: number;
  through: number;
  hasDeviceColumn: boolean;
  /** Set to 1 by the main thread when it needs no more parts: the worker stops after the slice it is reading. */
  stop: Int32Array;
}

/** What the worker posts: a part walked, then `done` (or `failure` when it could not walk at all). */
export type ChainPartMessage = { part: WalkedPart } | { done: true } | { failure: string };

/** Entries per part posted: the main thread joins the parts as they come. */
const PART_SIZE = 50_000;
const READ_SLICE = 1000;
const storedHash = (perDevice: boolean) => `SELECT hash FROM entries WHERE incident_id = ? ${perDevice ? 'AND chain = ?' : ''} AND seq = ?`;

function walkPart(job: ChainPartJob, post: (message: ChainPartMessage) => void): void {
  const db = new Database(job.path, { readonly: true, fileMustExist: true, nativeBinding: job.nativeBinding });
  try {
    const chainKey = job.perDevice ? [job.chain] : [];
    const start =
      job.after === 0
        ? GENESIS_HASH
        : (db
            .prepare(storedHash(job.perDevice))
            .pluck()
            .get(job.incidentId, ...chainKey, job.after) as string | undefined);
    if (start === undefined) return;
    const rows = db.prepare(entriesAfter(job.hasDeviceColumn, job.perDevice)).raw(true);
    let walk = new ChainWalk(job.incidentId, { seq: job.after, hash: start });
    let partStart = job.after;
    for (;;) {
      const slice = rows.all(job.incidentId, ...chainKey, walk.checked, Math.min(READ_SLICE, job.through - walk.checked)) as ChainRow[];
      for (const row of slice) {
        if (walk.step(toChainedEntry(job.incidentId, row)) !== undefined) {
          post({ part: walk.walked() });
          return;
        }
      }
      if (slice.length === 0 || walk.checked >= job.through || Atomics.load(job.stop, 0) === 1) break;
      if (walk.checked - partStart >= PART_SIZE) {
        post({ part: walk.walked() });
        partStart = walk.checked;
        walk = new ChainWalk(job.incidentId, { seq: walk.checked, hash: walk.head });
      }
    }
    post({ part: walk.walked() });
  } finally {
    db.close();
  }
}

if (parentPort) {
  const port = parentPort;
  try {
    walkPart(workerData as ChainPartJob, (message) => port.postMessage(message));
    port.postMessage({ done: true } satisfies ChainPartMessage);
  } catch (error) {
    port.postMessage({ failure: errorMessage(error) } satisfies ChainPartMessage);
  }
}
