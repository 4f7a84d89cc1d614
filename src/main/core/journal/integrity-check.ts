import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { isCorruption } from './journal-errors';
import { errorMessage } from '../../../shared/errors';

/** What SQLite's quick_check said about a journal file. */
export interface IntegrityVerdict {
  ok: boolean;
  /** quick_check's own lines when it is not ok (a few at most). */
  findings: string[];
  checkedAt: Date;
}

/** quick_check stops after this many problems: enough to say what is wrong, not a wall of text. */
const MAX_FINDINGS = 5;
/** How long a first write waits for the background check before doing it itself. */
const WAIT_FOR_WORKER_MS = 120_000;

/** Runs quick_check on an open connection; a file too damaged to be checked is a finding too. */
export function quickCheck(db: Database.Database): Omit<IntegrityVerdict, 'checkedAt'> {
  try {
    const rows = db.pragma(`quick_check(${MAX_FINDINGS})`) as Array<Record<string, unknown>>;
    return verdictOf(rows.map((row) => String(Object.values(row)[0])));
  } catch (error) {
    if (isCorruption(error)) return { ok: false, findings: [errorMessage(error)] };
    throw error;
  }
}

/** quick_check answers 'ok', or problems (the first prefixed with a "*** in database main ***" line). */
function verdictOf(lines: string[]): Omit<IntegrityVerdict, 'checkedAt'> {
  if (lines.length === 1 && lines[0] === 'ok') return { ok: true, findings: [] };
  const findings = lines
    .flatMap((line) => line.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('*** in database'))
    .slice(0, MAX_FINDINGS);
  return { ok: false, findings: findings.length > 0 ? findings : ['SQLite reported damage without saying where'] };
}

// Runs in a worker thread with its own read-only connection, so a 1,000,000-entry journal's
// 1.5 s check never holds up the first screen. It always answers, then raises the flag, so a
// first write that cannot wait for the event loop can block on the flag and read the answer.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { path, nativeBinding, modulePath, flag, port, maxFindings } = workerData;
let answer;
try {
  const Database = require(modulePath);
  const db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding });
  try {
    const rows = db.pragma('quick_check(' + maxFindings + ')');
    answer = { lines: rows.map((row) => String(Object.values(row)[0])) };
  } finally {
    db.close();
  }
} catch (error) {
  answer = { failure: { code: error && error.code, message: String((error && error.message) || error) } };
}
port.postMessage(answer);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
`;

type WorkerAnswer = { lines: string[] } | { failure: { code?: string; message: string } };

/**
 * quick_check of a journal file in the background. `settled` resolves once; `waitSync` is for
 * the first write, which must not happen before the verdict: it blocks until the worker answers
 * (or checks on this thread if the worker could not run, so the check is never skipped).
 */
export class BackgroundIntegrityCheck {
  readonly settled: Promise<IntegrityVerdict>;
  private verdict: IntegrityVerdict | undefined;
  private resolve!: (verdict: IntegrityVerdict) => void;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private worker: Worker | undefined;
  private cancelled = false;

  constructor(
    private readonly path: string,
    private readonly checkHere: () => Omit<IntegrityVerdict, 'checkedAt'>,
    nativeBinding: string | undefined,
    private readonly now: () => Date,
  ) {
    this.settled = new Promise((resolve) => (this.resolve = resolve));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.on('message', (answer: WorkerAnswer) => this.take(answer));
    port1.unref();
    try {
      const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { path, nativeBinding, modulePath, flag: this.flag, port: port2, maxFindings: MAX_FINDINGS },
        transferList: [port2],
        // Plain CommonJS: none of the process's Node options (tsx's hooks under `node --import tsx`) is needed to start it.
        execArgv: [],
      });
      this.worker.unref();
      // The answer may still be queued on the port when the thread ends: read it before giving up on it.
      const ended = () => {
        const message = this.verdict || this.cancelled ? undefined : receiveMessageOnPort(this.port);
        if (message) this.take(message.message as WorkerAnswer);
        else this.fallBack();
      };
      this.worker.once('error', ended);
      this.worker.once('exit', ended);
    } catch {
      setImmediate(() => this.fallBack());
    }
  }

  /** Blocks this thread until the verdict is in; only a write that would otherwise go first calls it. */
  waitSync(): IntegrityVerdict {
    if (this.verdict) return this.verdict;
    if (this.worker && Atomics.wait(this.flag, 0, 0, WAIT_FOR_WORKER_MS) !== 'timed-out') {
      const message = receiveMessageOnPort(this.port);
      const taken = message ? this.take(message.message as WorkerAnswer) : undefined;
      if (taken) return taken;
    }
    return this.verdict ?? this.settle(this.checkHere());
  }

  /** Stops a check nobody needs any more (the journal closed first). */
  cancel(): void {
    this.cancelled = true;
    this.port.close();
    void this.worker?.terminate();
  }

  private take(answer: WorkerAnswer): IntegrityVerdict | undefined {
    if (this.verdict || this.cancelled) return this.verdict;
    if ('failure' in answer && !isCorruption(answer.failure)) return this.fallBack();
    return this.settle(verdictOf('lines' in answer ? answer.lines : [answer.failure.message]));
  }

  /** The worker could not load SQLite (or died): check on this thread rather than not at all. */
  private fallBack(): IntegrityVerdict | undefined {
    if (this.verdict || this.cancelled) return this.verdict;
    return this.settle(this.checkHere());
  }

  private settle(result: Omit<IntegrityVerdict, 'checkedAt'>): IntegrityVerdict {
    this.verdict = { ...result, checkedAt: this.now() };
    this.port.close();
    this.worker = undefined;
    this.resolve(this.verdict);
    return this.verdict;
  }
}
