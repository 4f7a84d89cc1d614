/**
 * Journal benchmarks: figures only, no assertions (the machines are shared and noisy, so the
 * append target is a ratio measured in the same run). `npm run bench:journal`
 *
 * Env: BENCH_APPENDS (default 400), BENCH_ENTRIES (default 1,000,000), BENCH_DIR (keep/reuse the big journal there),
 * BENCH_SECTIONS (default append,big,open).
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/main/core/clock';
import { Journal } from '../src/main/core/journal/journal';
import { erasableSearchIndex } from '../src/main/core/journal/migrations/0002-erasable-search-index';
import { verifyBundle, verifyBundleInParallel } from '../src/main/core/reports/bundle-verification';
import { timelineBundle, type TimelineBundle } from '../src/main/core/reports/timeline-bundle';
import { builtJournal } from './built-journal';
import { describeWalkFloor, measureWalkFloor } from './chain-walk-floor';
import { watchEventLoopStalls } from './event-loop-stalls';
import { seedEntry, seedJournal } from './seed-journal';
import { verifyFromFile } from './verify-from-file';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 400);
const BIG = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
/** Which parts run: append (latency and throughput), big (queries and verification at BENCH_ENTRIES), open (checked open, redaction, migration 2). */
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'append,big,open').split(','));

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').trim();
/** A bare insert whose p99 is more than this many times its p50 measures the machine's noise, not a cost. */
const NOISY_TAIL = 5;

function time<T>(work: () => T): [number, T] {
  const started = performance.now();
  const result = work();
  return [performance.now() - started, result];
}

function summary(label: string, samples: number[]): void {
  console.log(
    `  ${label.padEnd(40)} p50 ${ms(percentile(samples, 50)).padStart(10)}  p99 ${ms(percentile(samples, 99)).padStart(10)}  max ${ms(Math.max(...samples)).padStart(10)}`,
  );
}

async function appendLatency(dir: string): Promise<void> {
  console.log(`\nDurable single append vs bare better-sqlite3 insert (WAL, synchronous=FULL), ${APPENDS} each, interleaved`);
  const journal = new Journal({ path: join(dir, 'journal.sqlite'), clock: systemClock, author: 'bench' });
  const incident = journal.createIncident({ title: 'bench', detectedBy: 'bench' });
  const bare = new Database(join(dir, 'bare.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  // As on the journal's writing connection: no checkpoint inside a timed insert.
  bare.pragma('wal_autocheckpoint = 0');
  bare.exec('CREATE TABLE entries (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, text TEXT NOT NULL) STRICT');
  const insert = bare.prepare('INSERT INTO entries (recorded_at, text) VALUES (?, ?)');
  const journalSamples: number[] = [];
  const indexSamples: number[] = [];
  const bareSamples: number[] = [];
  for (let i = 0; i < APPENDS + 20; i += 1) {
    const text = `Note ${i}: rolled back deploy ${i}, error rate falling`;
    const [journalMs] = time(() => journal.append(incident.id, { kind: 'note', text, data: {} }));
    // As in the app, the event loop turns after an append: the journal indexes its words then
    // (SearchIndex.soon), and every 128 commits copies the WAL into the file (DeferredCheckpoint).
    const indexing = performance.now();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const indexMs = performance.now() - indexing;
    const [bareMs] = time(() => insert.run(new Date().toISOString(), text));
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (i >= 20) {
      journalSamples.push(journalMs);
      indexSamples.push(indexMs);
      bareSamples.push(bareMs);
    }
  }
  summary('journal.append (durable, acknowledged)', journalSamples);
  summary('  then its next turn (FTS, WAL copy)', indexSamples);
  summary('bare INSERT', bareSamples);
  const bareP50 = percentile(bareSamples, 50);
  const bareP99 = percentile(bareSamples, 99);
  const ratio50 = percentile(journalSamples, 50) / bareP50;
  const ratio99 = percentile(journalSamples, 99) / bareP99;
  console.log(`  load average after the appends: ${loadAverage()}`);
  if (bareP99 > NOISY_TAIL * bareP50) {
    // The bare insert does nothing but wait for the disk: a tail this long is the machine's, not the journal's.
    console.log(
      `  ratio journal/bare: not printed: the bare insert's own p99 is ${(bareP99 / bareP50).toFixed(1)}x its p50 (more than ${NOISY_TAIL}x), so its tail is scheduling or disk noise; run again on a quieter machine`,
    );
  } else {
    console.log(`  ratio journal/bare: p50 ${ratio50.toFixed(2)}x, p99 ${ratio99.toFixed(2)}x (target p99 <= 1.5x)`);
  }

  console.log('\nBatch append throughput (appendBatch, one durable transaction per batch)');
  for (const size of [100, 1000, 10_000]) {
    const batches = Math.max(1, Math.floor(20_000 / size));
    const [elapsed] = time(() => {
      for (let b = 0; b < batches; b += 1)
        journal.appendBatch(
          incident.id,
          Array.from({ length: size }, (_, k) => seedEntry(b * size + k)),
        );
    });
    console.log(
      `  batches of ${String(size).padStart(6)}: ${Math.round((batches * size) / (elapsed / 1000))
        .toLocaleString('en-US')
        .padStart(9)} entries/s`,
    );
  }
  const singles = 200;
  const [singleElapsed] = time(() => {
    for (let i = 0; i < singles; i += 1) journal.append(incident.id, { kind: 'note', text: `single ${i}`, data: {} });
  });
  console.log(
    `  single appends       : ${Math.round(singles / (singleElapsed / 1000))
      .toLocaleString('en-US')
      .padStart(9)} entries/s`,
  );
  journal.close();
  bare.close();
}

async function bigJournal(dir: string): Promise<void> {
  const path = join(dir, 'journal.sqlite');
  let incidentId: string;
  if (existsSync(path)) {
    console.log(`\nReusing ${path}`);
    const journal = new Journal({ path, clock: systemClock, author: 'bench' });
    incidentId = journal.listIncidents()[0]!.id;
    journal.close();
  } else {
    console.log(`\nBuilding a ${BIG.toLocaleString('en-US')}-entry journal (batch append, valid chain)…`);
    const seeded = seedJournal(dir, BIG, 'Bench incident');
    incidentId = seeded.incidentId;
    console.log(`  built in ${seeded.seconds.toFixed(1)} s (${Math.round(BIG / seeded.seconds).toLocaleString('en-US')} entries/s)`);
  }
  const journal = new Journal({ path, clock: systemClock, author: 'bench' });
  // The open's quick_check runs in a worker: let it finish so that it does not share the CPU with what is measured.
  const keepAlive = setInterval(() => {}, 1000);
  await journal.checked();
  clearInterval(keepAlive);
  const entries = journal.getIncident(incidentId).entryCount;
  console.log(`\nQueries on ${entries.toLocaleString('en-US')} entries (first run cold, then 30 runs)`);
  const measure = (label: string, work: () => unknown) => {
    const [cold] = time(work);
    const samples = Array.from({ length: 30 }, () => time(work)[0]);
    summary(`${label} (cold ${ms(cold)})`, samples);
  };
  measure('first page, newest 100', () => journal.listEntries({ incidentId, order: 'desc', limit: 100 }));
  measure('page in the middle (afterSeq)', () => journal.listEntries({ incidentId, afterSeq: Math.floor(entries / 2), limit: 100 }));
  measure('first page, kind=command_run', () => journal.listEntries({ incidentId, order: 'desc', limit: 100, kinds: ['command_run'] }));
  measure('FTS rare word "needle"', () => journal.search('needle', { incidentId }));
  measure('FTS common words "latency redis"', () => journal.search('latency redis', { incidentId }));
  measure('FTS prefix "certif", all incidents', () => journal.search('certif'));
  for (let run = 1; run <= 2; run += 1) {
    const [verifyMs, verification] = time(() => journal.verify(incidentId, { full: true }));
    console.log(
      `  verify whole chain from genesis on one thread (verify; run ${run}): ${verification.ok ? 'ok' : 'BROKEN'}, ${verification.checked.toLocaleString('en-US')} entries in ${(verifyMs / 1000).toFixed(2)} s (${Math.round(verification.checked / (verifyMs / 1000)).toLocaleString('en-US')} entries/s; target <= 2 s; load average ${loadAverage()})`,
    );
  }
  for (let run = 1; run <= 2; run += 1) {
    const started = performance.now();
    const verification = await journal.verifyInSlices(incidentId, { full: true });
    const verifyMs = performance.now() - started;
    console.log(
      `  verify whole chain from genesis in worker threads (verifyInSlices, what the app runs; run ${run}): ${verification.ok ? 'ok' : 'BROKEN'}, ${verification.checked.toLocaleString('en-US')} entries in ${(verifyMs / 1000).toFixed(2)} s (target <= 2 s; load average ${loadAverage()})`,
    );
  }
  for (const line of describeWalkFloor(await measureWalkFloor(path, incidentId), loadAverage())) console.log(line);
  // Not kept in a variable: the built section makes a bundle of its own, and a heap twice the size makes every scavenge dearer.
  const fromFile = await verifyFromFile(
    await bundleVerification(journal, incidentId, { verifyBundle, verifyBundleInParallel }, 'verify the bundle'),
    2,
    loadAverage,
  );
  for (const line of fromFile) console.log(line);
  journal.close();
  await asTheAppRunsIt(path, incidentId);
}

/**
 * The same two verifications with the journal's code compiled as the app's (built-journal.ts):
 * the figures above run the TypeScript sources under tsx, whose worker threads start its loader first.
 */
async function asTheAppRunsIt(path: string, incidentId: string): Promise<void> {
  console.log('\nThe same, compiled by Vite as the app is (bench/built-journal.ts)');
  const built = await builtJournal();
  const journal = new built.Journal({ path, clock: systemClock, author: 'bench' });
  const keepAlive = setInterval(() => {}, 1000);
  await journal.checked();
  clearInterval(keepAlive);
  for (let run = 1; run <= 2; run += 1) {
    const started = performance.now();
    const verification = await journal.verifyInSlices(incidentId, { full: true });
    const verifyMs = performance.now() - started;
    console.log(
      `  verify whole chain from genesis in worker threads (built; run ${run}): ${verification.ok ? 'ok' : 'BROKEN'}, ${verification.checked.toLocaleString('en-US')} entries in ${(verifyMs / 1000).toFixed(2)} s (target <= 2 s; load average ${loadAverage()})`,
    );
  }
  await bundleVerification(journal, incidentId, built, 'verify the bundle (built)');
  journal.close();
}

/**
 * The same chain as an exported bundle, walked by `verifyBundle` on one thread and by
 * `verifyBundleInParallel` (what `npm run verify` runs on a parsed file: the SHA-256 in worker
 * threads), alternating: entries as JSON.parse gives them, so only the verification is timed.
 */
async function bundleVerification(
  journal: Journal,
  incidentId: string,
  verifiers: { verifyBundle: typeof verifyBundle; verifyBundleInParallel: typeof verifyBundleInParallel },
  label: string,
): Promise<TimelineBundle> {
  const [readMs, entries] = time(() => journal.allEntries(incidentId));
  const bundle = timelineBundle({
    incident: journal.getIncident(incidentId),
    entries,
    keys: [],
    exportCheckpoint: { entryId: null, because: 'a benchmark' },
    exportedAt: new Date().toISOString(),
  });
  console.log(`  read ${entries.length.toLocaleString('en-US')} entries for a bundle in ${(readMs / 1000).toFixed(2)} s`);
  const verdict = (verification: ReturnType<typeof verifyBundle>, verifyMs: number) =>
    `${verification.failure ? `BROKEN ${verification.failure.reason}` : verification.verdict}, ${verification.chain.verified.toLocaleString('en-US')} entries in ${(verifyMs / 1000).toFixed(2)} s`;
  for (let run = 1; run <= 2; run += 1) {
    const [oneMs, one] = time(() => verifiers.verifyBundle(bundle));
    console.log(`  ${label} on one thread (verifyBundle; run ${run}): ${verdict(one, oneMs)} (target <= 2 s; load average ${loadAverage()})`);
    const started = performance.now();
    const parallel = await verifiers.verifyBundleInParallel(bundle);
    const parallelMs = performance.now() - started;
    console.log(
      `  ${label} with its hashing in worker threads (verifyBundleInParallel, what npm run verify runs on a bundle it parses whole; run ${run}): ${verdict(parallel, parallelMs)}, ${(oneMs / parallelMs).toFixed(2)}x one thread (target <= 2 s; load average ${loadAverage()})`,
    );
  }
  return bundle;
}

/**
 * An existing big journal is checked (quick_check) before its first write, off the main thread:
 * how long until the first page, the longest stall of the event loop while the check runs, and
 * how long the check takes, beside the same check run on the main thread.
 */
async function openingChecked(dir: string): Promise<void> {
  const path = join(dir, 'journal.sqlite');
  console.log('\nOpening the existing journal: quick_check in a worker before the first write');
  const stalls = watchEventLoopStalls();
  const began = performance.now();
  const journal = new Journal({ path, clock: systemClock, author: 'bench' });
  const incidentId = journal.listIncidents()[0]!.id;
  journal.listEntries({ incidentId, order: 'desc', limit: 100 });
  const firstPage = performance.now() - began;
  const state = await journal.checked();
  const verdict = performance.now() - began;
  const longestStall = stalls.stop();
  console.log(
    `  first page after open: ${ms(firstPage)}; check verdict (${state.integrity.state}) after ${ms(verdict)}; longest event-loop stall meanwhile ${ms(longestStall)}`,
  );
  const raw = new Database(path, { readonly: true });
  const [mainThread] = time(() => raw.pragma('quick_check'));
  raw.close();
  console.log(`  the same quick_check on the main thread: ${ms(mainThread)} (the stall a synchronous check would cause)`);

  const [redactMs] = time(() => {
    const note = journal.append(incidentId, { kind: 'note', text: 'token zq9benchcanary pasted by mistake', data: {} });
    journal.append(incidentId, { kind: 'redaction', text: 'Contained a token', data: {}, refersTo: note.id });
  });
  console.log(`  note + redaction (secure-delete FTS row, WAL checkpoint) on this journal: ${ms(redactMs)}`);
  journal.close();

  // What upgrading a journal of this size to schema 2 (the erasable search index) costs, once.
  const copy = join(dir, 'upgrade-copy.sqlite');
  copyFileSync(path, copy);
  const upgrade = new Database(copy);
  upgrade.pragma('secure_delete = ON');
  const [upgradeMs] = time(() => upgrade.transaction(() => erasableSearchIndex.up(upgrade))());
  upgrade.close();
  rmSync(copy, { force: true });
  console.log(`  migration 2 (rebuild the search index) on this journal, once per install: ${(upgradeMs / 1000).toFixed(2)} s`);
}

const scratch = mkdtempSync(join(tmpdir(), 'incident-console-bench-'));
const bigDir = process.env.BENCH_DIR ?? join(scratch, 'big');
try {
  console.log(`Journal benchmarks (Node ${process.version}, ${new Date().toISOString()}, load average ${loadAverage()})`);
  if (SECTIONS.has('append')) await appendLatency(scratch);
  if (SECTIONS.has('big')) await bigJournal(bigDir);
  if (SECTIONS.has('open')) await openingChecked(bigDir);
  console.log(`\nload average at the end: ${loadAverage()}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
