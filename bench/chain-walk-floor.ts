/**
 * What every chain walk must do, measured beside the walk itself: reading a chain's rows with the
 * walk's own statement and doing nothing with them, and hashing two texts per entry (the entry's
 * and its body's, as long as the chain's own) with nothing else, on one thread and then in one
 * worker thread per core at once, which shows how much parallel work the machine gives. While it
 * gives no more than that factor, a 2 s target below (reading + hashing) / factor cannot be met by
 * any walk of this file layout and this hash definition. The factor is measured in seconds of its
 * own, not the walk's: a walk at a better moment can come in under this estimate.
 */
import Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { canonicalHeader, sha256 } from '../src/main/core/journal/chain';
import { canonicalString } from '../src/main/core/journal/canonical-json';
import { entriesAfter, toChainedEntry, type ChainRow } from '../src/main/core/journal/journal-rows';

const READ_SLICE = 1000;
/** Texts hashed over and over: the first entries of the chain, as the walk writes them. */
const SAMPLE = 1000;

/** One worker's share of the hashing: the same texts, the same one-shot SHA-256 as the journal's sha256. */
const HASHING_WORKER = `
const { hash } = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');
const { texts, count } = workerData;
let last = '';
for (let index = 0; index < count; index += 1) last = hash('sha256', texts[index % texts.length], 'hex');
parentPort.postMessage(last.length);
`;

export interface WalkFloor {
  entries: number;
  readMs: number;
  hashMs: number;
  parallelHashMs: number;
  threads: number;
}

function hashInWorkers(texts: string[], hashes: number, threads: number): Promise<number> {
  const started = performance.now();
  const share = Math.ceil(hashes / threads);
  const runs = Array.from({ length: threads }, () => {
    const worker = new Worker(HASHING_WORKER, { eval: true, workerData: { texts, count: share } });
    return new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
  });
  return Promise.all(runs).then(() => performance.now() - started);
}

export async function measureWalkFloor(path: string, incidentId: string): Promise<WalkFloor> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasDevice = db.prepare("SELECT 1 FROM pragma_table_info('entries') WHERE name = 'device'").get() !== undefined;
    const perDevice = db.prepare("SELECT 1 FROM pragma_table_info('entries') WHERE name = 'chain'").get() !== undefined;
    const statement = db.prepare(entriesAfter(hasDevice, perDevice)).raw(true);
    const slice = (seq: number) => statement.all(...(perDevice ? [incidentId, '', seq, READ_SLICE] : [incidentId, seq, READ_SLICE])) as ChainRow[];

    const texts: string[] = [];
    for (const row of slice(0).slice(0, SAMPLE)) {
      const entry = toChainedEntry(incidentId, row);
      texts.push(`${entry.prevHash}${canonicalHeader(entry.header)}${entry.bodyHash}`);
      texts.push(`{"data":${entry.data ?? '{}'},"text":${canonicalString(entry.text ?? '')}}`);
    }

    const readStarted = performance.now();
    let entries = 0;
    for (let seq = 0; ;) {
      const rows = slice(seq);
      if (rows.length === 0) break;
      entries += rows.length;
      seq = rows[rows.length - 1]![0];
    }
    const readMs = performance.now() - readStarted;

    const hashes = entries * 2;
    const hashStarted = performance.now();
    let last = '';
    for (let index = 0; index < hashes; index += 1) last = sha256(texts[index % texts.length]!);
    const hashMs = performance.now() - hashStarted;
    if (last.length !== 64) throw new Error('SHA-256 gave an unexpected digest');

    const threads = availableParallelism();
    const parallelHashMs = await hashInWorkers(texts, hashes, threads);
    return { entries, readMs, hashMs, parallelHashMs, threads };
  } finally {
    db.close();
  }
}

/** The floor as the bench prints it. */
export function describeWalkFloor(floor: WalkFloor, loadAverage: string): string[] {
  const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
  const factor = floor.hashMs / floor.parallelHashMs;
  const oneThread = floor.readMs + floor.hashMs;
  return [
    `  what any walk of these ${floor.entries.toLocaleString('en-US')} entries must do, reading and hashing alone (load average ${loadAverage}):`,
    `    reading the rows alone (the walk's statement, ${READ_SLICE} at a time): ${seconds(floor.readMs)}; two SHA-256 per entry alone: ${seconds(floor.hashMs)}; together ${seconds(oneThread)} on one thread`,
    `    the same hashing in ${floor.threads} worker threads at once: ${seconds(floor.parallelHashMs)} (${factor.toFixed(2)}x one thread): ${seconds(oneThread / factor)} for reading and hashing split that way, before any text is written or compared, while the machine gives that factor (target <= 2 s)`,
  ];
}
