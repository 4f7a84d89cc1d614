import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { workerThreadSource } from '../worker-thread-source';
import { hashedAtOnce, type DigestCheck } from './chain';
import {
  anyMismatch,
  checkTaken,
  close,
  DIGEST_CHARS,
  emptySlot,
  fill,
  newDigestRing,
  SLOT_BYTES,
  SLOT_COUNT,
  slotState,
  TAKEN,
  takeFilled,
  threadsRunning,
  type DigestRing,
} from './digest-ring';

const MAX_WORKERS = 3;
/** A UTF-8 byte per Latin-1 character, up to three per UTF-16 unit: the most a text can take. */
const UTF8_BYTES_PER_UNIT = 3;
/** How often the verdict looks whether a thread has finished the slot it holds: one slot's hashing takes a few milliseconds. */
const TAKEN_POLL_MS = 1;

/**
 * A walk's digests checked in worker threads while the walk goes on (a big bundle's: its entries
 * are already in memory, and handing them to a thread costs more than hashing them). `matches`
 * writes the text and the stated digest into a DigestRing and answers true at once; `verdict`
 * then says whether every one matched, and until it has, the walk's own verdict stands on
 * nothing. Once any text has not matched, `matches` answers false, so the walk stops soon after.
 *
 * The walk never waits for a thread: until one has started, and whenever every slot is full, it
 * hashes the text itself (writing a text costs about half of hashing it), and `verdict` checks
 * whatever no thread has taken. A thread that never starts or ends midway costs time, never a verdict.
 */
export class DigestsInWorker implements DigestCheck {
  /** The slot being written, or undefined while none was free. */
  private slot: number | undefined;
  private used = 0;
  private running = false;
  private closed = false;
  private ended = false;

  private constructor(
    private readonly ring: DigestRing,
    threads: Array<Promise<unknown>>,
  ) {
    void Promise.all(threads).then(() => (this.ended = true));
  }

  /** Threads started, one fewer than the cores (the walk has one); undefined where there is only one core or no worker file. */
  static start(): DigestsInWorker | undefined {
    const source = workerThreadSource('digest-worker', import.meta.url);
    const count = Math.min(MAX_WORKERS, availableParallelism() - 1);
    if (!source || count < 1) return undefined;
    const ring = newDigestRing();
    const threads = Array.from({ length: count }, () => {
      const worker = new Worker(source.source, { eval: source.eval, workerData: { bytes: ring.bytes, control: ring.control }, execArgv: [] });
      // A thread that fails leaves its slots to the walk (above): nothing to report from here.
      worker.on('error', () => undefined);
      // Nothing waits on a thread's events alone (verdict polls), so a ring never closed cannot keep the process alive.
      worker.unref();
      return new Promise((resolve) => worker.once('exit', resolve));
    });
    return new DigestsInWorker(ring, threads);
  }

  /** Resolves once a thread has started taking texts (true), or every thread has ended without (false). */
  async whenRunning(): Promise<boolean> {
    while (threadsRunning(this.ring) === 0 && !this.ended) await sleep(TAKEN_POLL_MS);
    return threadsRunning(this.ring) > 0;
  }

  matches(text: string, expectedHex: string): boolean {
    if (expectedHex.length !== DIGEST_CHARS || anyMismatch(this.ring)) return false;
    const room = 4 + text.length * UTF8_BYTES_PER_UNIT + DIGEST_CHARS;
    if (!this.roomInRing(room)) return hashedAtOnce.matches(text, expectedHex);
    const { bytes } = this.ring;
    const at = this.slot! * SLOT_BYTES + this.used;
    const length = bytes.write(text, at + 4);
    bytes.writeUInt32LE(length, at);
    // All 64 bytes written only when every character is ASCII: anything else is no hex digest, and would leave stale bytes.
    if (bytes.write(expectedHex, at + 4 + length, DIGEST_CHARS) !== DIGEST_CHARS) return false;
    this.used += 4 + length + DIGEST_CHARS;
    return true;
  }

  /** Whether every text given to `matches` hashed to its digest. */
  async verdict(): Promise<boolean> {
    this.closeRing();
    for (let slot = takeFilled(this.ring); slot !== undefined; slot = takeFilled(this.ring)) checkTaken(this.ring, slot);
    while (!this.ended && this.anyTaken()) await sleep(TAKEN_POLL_MS);
    // A thread that ended midway left its slot taken and unchecked.
    for (let slot = 0; slot < SLOT_COUNT; slot += 1) if (slotState(this.ring, slot) === TAKEN) checkTaken(this.ring, slot);
    return !anyMismatch(this.ring);
  }

  /** No verdict wanted (the walk failed anyway): the threads end after what they hold. */
  abandon(): void {
    this.closeRing();
  }

  /** Whether the ring has `room` bytes for the next text: once a thread runs, in the slot being written or a free one. */
  private roomInRing(room: number): boolean {
    if (room > SLOT_BYTES || this.closed) return false;
    if (!this.running && !(this.running = threadsRunning(this.ring) > 0)) return false;
    if (this.slot !== undefined && this.used + room <= SLOT_BYTES) return true;
    if (this.slot !== undefined) fill(this.ring, this.slot, this.used);
    const from = this.slot === undefined ? 0 : this.slot + 1;
    this.slot = emptySlot(this.ring, from);
    this.used = 0;
    return this.slot !== undefined;
  }

  private anyTaken(): boolean {
    for (let slot = 0; slot < SLOT_COUNT; slot += 1) if (slotState(this.ring, slot) === TAKEN) return true;
    return false;
  }

  private closeRing(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.slot !== undefined && this.used > 0) fill(this.ring, this.slot, this.used);
    this.slot = undefined;
    close(this.ring);
  }
}
