import { useSyncExternalStore } from 'react';
import type { TimelineEntry } from '../../../../shared/model';
import { ConsoleError, errorMessage, type ErrorCode } from '../../../../shared/errors';
import type { ConsoleClient } from '../../api/client';
import { useShared } from '../../api/client-context';
import { throwApart } from '../../api/throw-apart';

/**
 * pending: sent to the journal, not yet durable. failed: the console answered that it was not
 * recorded. unknown: no answer that says either way (the console could not be reached, or failed
 * after it may have written); settled by looking for it in the timeline.
 */
export type CaptureState = 'pending' | 'failed' | 'unknown';

/** A note typed in quick capture that the journal has not acknowledged (yet). */
export interface Capture {
  key: number;
  incidentId: string;
  text: string;
  state: CaptureState;
  /** Why it failed or why its outcome is not known, in the console's words. */
  reason?: string;
  /** The incident's newest seq when it was typed: a note it became can only come after it. */
  afterSeq: number;
  /** When it happened, if the operator dated it (backdated capture); appended with it on every try. */
  occurredAt?: string;
}

/** Answers that say the journal did not take the note (it answered, and refused or could not write). */
const REFUSED_BEFORE_WRITING: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INVALID_INPUT', 'UNKNOWN_METHOD', 'UNAUTHORIZED', 'FORBIDDEN']);

function notRecorded(error: unknown): boolean {
  return error instanceof ConsoleError && (error.code.startsWith('JOURNAL_') || REFUSED_BEFORE_WRITING.has(error.code));
}

const NONE: readonly Capture[] = [];

/**
 * Quick capture's notes between Enter and the journal's acknowledgement, for the whole window (a
 * note typed before switching screens is not forgotten): shown at once as pending, appended one
 * after another in the order typed, then handed over to the timeline as recorded. One that
 * fails stays, with its text and the reason, until it is tried again or dropped by the operator;
 * one whose outcome is not known is looked for in the timeline before anything else is done.
 */
export class CaptureStore {
  private captures: readonly Capture[] = NONE;
  private readonly listeners = new Set<() => void>();
  private readonly recordedListeners = new Set<(entry: TimelineEntry) => void>();
  /** Appends go one after another, in the order typed, while the operator keeps typing. */
  private queue: Promise<void> = Promise.resolve();
  /** Appends sent or waiting: with none, the next is sent at once (see append). */
  private appending = 0;
  private nextKey = 1;
  /** Entries already taken as the outcome of some capture: two identical notes are two entries. */
  private readonly claimed = new Set<string>();

  constructor(private readonly client: ConsoleClient) {
    // The console answers again after a cut: what could not be settled is looked for now.
    client.onReconnect(() => {
      for (const capture of this.captures) if (capture.state === 'unknown') void this.settle(capture.key);
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): readonly Capture[] => this.captures;

  /** The recorded entry of each capture, as soon as the journal has made it durable. */
  onRecorded(listener: (entry: TimelineEntry) => void): () => void {
    this.recordedListeners.add(listener);
    return () => this.recordedListeners.delete(listener);
  }

  /** Shows the note as pending at once and appends it after the ones typed before it. */
  submit(incidentId: string, text: string, afterSeq: number, occurredAt?: string): void {
    const capture: Capture = { key: this.nextKey++, incidentId, text, state: 'pending', afterSeq, ...(occurredAt ? { occurredAt } : {}) };
    this.set([capture, ...this.captures]);
    this.append(capture.key);
  }

  /** A failed note, appended again. */
  retry(key: number): void {
    const capture = this.find(key);
    if (!capture || capture.state !== 'failed') return;
    this.change(key, { state: 'pending', reason: undefined });
    this.append(key);
  }

  /** Looks for a note whose outcome is not known in the timeline. */
  checkAgain(key: number): void {
    if (this.find(key)?.state === 'unknown') void this.settle(key);
  }

  /** The operator drops a note that was not recorded. */
  discard(key: number): void {
    const capture = this.find(key);
    if (capture && capture.state !== 'pending') this.remove(key);
  }

  /**
   * Sends the note after the ones before it. With nothing before it, it is sent now, in Enter's own
   * handler: otherwise React's render of the pending note and the box (queued first, by the same
   * handler) would run before the request even left, and the answer would wait behind that frame.
   */
  private append(key: number): void {
    const send = async () => {
      const capture = this.find(key);
      if (!capture) return;
      try {
        this.recorded(
          key,
          await this.client.call('journal.append', { incidentId: capture.incidentId, kind: 'note', text: capture.text, occurredAt: capture.occurredAt }),
        );
      } catch (error) {
        if (notRecorded(error)) {
          this.change(key, { state: 'failed', reason: errorMessage(error) });
        } else {
          this.change(key, { state: 'unknown', reason: errorMessage(error) });
          await this.settle(key);
        }
      }
    };
    const sent = this.appending === 0 ? send() : this.queue.then(send);
    this.appending += 1;
    // A listener that threw stays an uncaught error, and the notes typed after it are still sent.
    this.queue = sent.catch(throwApart).finally(() => {
      this.appending -= 1;
    });
  }

  /** Recorded if the timeline holds it (a note with this text after the one it was typed after, not taken by another); not recorded otherwise. */
  private async settle(key: number): Promise<void> {
    const capture = this.find(key);
    if (!capture) return;
    let found: TimelineEntry | undefined;
    try {
      const { entries } = await this.client.call('journal.entries', {
        incidentId: capture.incidentId,
        afterSeq: capture.afterSeq,
        kinds: ['note'],
        order: 'asc',
        limit: 500,
      });
      found = entries.find((entry) => entry.text === capture.text && !this.claimed.has(entry.id));
    } catch {
      return; // Still not known: looked for again when the console answers.
    }
    if (this.find(key)?.state !== 'unknown') return;
    if (found) this.recorded(key, found);
    else this.change(key, { state: 'failed', reason: `${capture.reason ?? 'no answer'}; it is not in the timeline` });
  }

  private recorded(key: number, entry: TimelineEntry): void {
    this.claimed.add(entry.id);
    // The timeline takes the entry in the same turn as the pending note leaves: one render, no gap.
    for (const listener of [...this.recordedListeners]) listener(entry);
    this.remove(key);
  }

  private find(key: number): Capture | undefined {
    return this.captures.find((capture) => capture.key === key);
  }

  private change(key: number, patch: Partial<Capture>): void {
    this.set(this.captures.map((capture) => (capture.key === key ? { ...capture, ...patch } : capture)));
  }

  private remove(key: number): void {
    this.set(this.captures.filter((capture) => capture.key !== key));
  }

  private set(next: readonly Capture[]): void {
    this.captures = next.length === 0 ? NONE : next;
    for (const listener of [...this.listeners]) listener();
  }
}

export function createCaptureStore(client: ConsoleClient): CaptureStore {
  return new CaptureStore(client);
}

export function useCaptureStore(): CaptureStore {
  return useShared(createCaptureStore);
}

/** This incident's notes not yet recorded, newest first. */
export function useCaptures(store: CaptureStore, incidentId: string): readonly Capture[] {
  const all = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return all.filter((capture) => capture.incidentId === incidentId);
}
