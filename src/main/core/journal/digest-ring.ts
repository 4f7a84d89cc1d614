import { hash } from 'node:crypto';

/**
 * Shared memory through which a walk hands texts, each with the digest it must hash to, to
 * worker threads (DigestsInWorker, digest-worker.ts): a few slots of records, each
 * `[u32 byte length][text as UTF-8][64 bytes of the stated hex digest]`. A slot is EMPTY (the walk
 * may fill it), FILLED (anyone may take it) or TAKEN (being checked). Whoever takes a slot, a
 * thread or the walk at its end, checks it with slotMatches and empties it.
 */
export const SLOT_COUNT = 8;
export const SLOT_BYTES = 1 << 20;
export const DIGEST_CHARS = 64;

export const EMPTY = 0;
export const FILLED = 1;
export const TAKEN = 2;

/**
 * Control words: slots filled so far times two, plus one once no more will be (one word, so a
 * waiter cannot miss the close); whether any record did not match; how many threads have started
 * taking slots; each slot's state; each slot's bytes used.
 */
const FILLS = 0;
const CLOSED_BIT = 1;
const MISMATCH = 1;
const RUNNING = 2;
const STATE = 3;
const USED = STATE + SLOT_COUNT;

export interface DigestRing {
  bytes: Buffer;
  control: Int32Array;
}

export function newDigestRing(): DigestRing {
  return {
    bytes: Buffer.from(new SharedArrayBuffer(SLOT_COUNT * SLOT_BYTES)),
    control: new Int32Array(new SharedArrayBuffer((USED + SLOT_COUNT) * Int32Array.BYTES_PER_ELEMENT)),
  };
}

/** The same ring over buffers received from another thread (workerData). */
export function digestRingOf(shared: { bytes: Uint8Array; control: Int32Array }): DigestRing {
  return { bytes: Buffer.from(shared.bytes.buffer, shared.bytes.byteOffset, shared.bytes.byteLength), control: shared.control };
}

export const slotState = (ring: DigestRing, slot: number): number => Atomics.load(ring.control, STATE + slot);

/** A thread says it has started taking slots: until one has, the walk hashes on its own. */
export function markRunning(ring: DigestRing): void {
  Atomics.add(ring.control, RUNNING, 1);
}

export const threadsRunning = (ring: DigestRing): number => Atomics.load(ring.control, RUNNING);

/** A filled slot, now taken by the caller; undefined when none is filled. */
export function takeFilled(ring: DigestRing, from = 0): number | undefined {
  for (let turn = 0; turn < SLOT_COUNT; turn += 1) {
    const slot = (from + turn) % SLOT_COUNT;
    if (Atomics.compareExchange(ring.control, STATE + slot, FILLED, TAKEN) === FILLED) return slot;
  }
  return undefined;
}

/** An empty slot, now the filler's to write; undefined when none is empty. */
export function emptySlot(ring: DigestRing, from = 0): number | undefined {
  for (let turn = 0; turn < SLOT_COUNT; turn += 1) {
    const slot = (from + turn) % SLOT_COUNT;
    if (Atomics.load(ring.control, STATE + slot) === EMPTY) return slot;
  }
  return undefined;
}

/** Hands a slot written through `used` bytes to whoever takes it first. */
export function fill(ring: DigestRing, slot: number, used: number): void {
  Atomics.store(ring.control, USED + slot, used);
  Atomics.store(ring.control, STATE + slot, FILLED);
  Atomics.add(ring.control, FILLS, 2);
  Atomics.notify(ring.control, FILLS);
}

/** Checks a taken slot, records a mismatch for everyone, and empties it. */
export function checkTaken(ring: DigestRing, slot: number): void {
  if (!slotMatches(ring, slot)) Atomics.store(ring.control, MISMATCH, 1);
  Atomics.store(ring.control, STATE + slot, EMPTY);
}

/** Whether every record of a slot hashes to the digest written after it. */
function slotMatches(ring: DigestRing, slot: number): boolean {
  const { bytes } = ring;
  const end = slot * SLOT_BYTES + Atomics.load(ring.control, USED + slot);
  for (let at = slot * SLOT_BYTES; at < end;) {
    const length = bytes.readUInt32LE(at);
    const text = at + 4;
    const digest = text + length;
    if (hash('sha256', bytes.subarray(text, digest), 'hex') !== bytes.toString('latin1', digest, digest + DIGEST_CHARS)) return false;
    at = digest + DIGEST_CHARS;
  }
  return true;
}

export const anyMismatch = (ring: DigestRing): boolean => Atomics.load(ring.control, MISMATCH) !== 0;

/** No slot will be filled any more: a worker that finds none filled then ends. */
export function close(ring: DigestRing): void {
  Atomics.or(ring.control, FILLS, CLOSED_BIT);
  Atomics.notify(ring.control, FILLS);
}

/** The fill count as last seen, to wait on (waitForFill) after finding no slot filled. */
export const fillsSeen = (ring: DigestRing): number => Atomics.load(ring.control, FILLS);

export const closedAt = (fills: number): boolean => (fills & CLOSED_BIT) !== 0;

/** Sleeps until a slot is filled or the ring is closed after `fills` was seen (at once if it already was). */
export function waitForFill(ring: DigestRing, fills: number): void {
  Atomics.wait(ring.control, FILLS, fills);
}
