import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/shared/error-codes';
import { ConsoleError } from '../../src/shared/errors';
import type { TimelineEntry } from '../../src/shared/model';
import { createClient } from '../../src/renderer/src/api/client';
import { CaptureStore } from '../../src/renderer/src/features/timeline/capture-store';
import { FakeTransport, settle } from './fake-transport';

const incidentId = randomUUID();

/** The console's side of quick capture: notes appended in order, as main answers them (or fails to). */
function setUp() {
  const transport = new FakeTransport();
  const journal: TimelineEntry[] = [];
  let failWith: { code: ErrorCode; message: string } | undefined;
  const noteEntry = (text: string): TimelineEntry => ({
    id: randomUUID(),
    incidentId,
    seq: journal.length + 1,
    kind: 'note',
    author: 'casey',
    recordedAt: new Date(Date.UTC(2026, 11, 1, 10, 0, journal.length)).toISOString(),
    occurredAt: null,
    refersTo: null,
    device: null,
    text,
    data: {},
    bodyHash: 'b',
    prevHash: 'p',
    hash: 'h',
    pinned: false,
    redacted: false,
    amendedBy: [],
  });
  const appendInJournal = (text: string) => {
    const entry = noteEntry(text);
    journal.push(entry);
    return entry;
  };
  transport
    .answer('journal.append', (input: { text: string; occurredAt?: string }) => {
      if (failWith) throw new ConsoleError(failWith.code, failWith.message);
      return { ...appendInJournal(input.text), occurredAt: input.occurredAt ?? null };
    })
    .answer('journal.entries', (input: { afterSeq?: number }) => {
      // An unreachable console answers nothing at all; a refusal concerns the append only.
      if (failWith?.code === 'BACKEND_UNREACHABLE') throw new ConsoleError(failWith.code, failWith.message);
      const entries = journal.filter((entry) => entry.seq > (input.afterSeq ?? 0));
      return { entries, total: journal.length };
    });
  const store = new CaptureStore(createClient(transport));
  const recorded: TimelineEntry[] = [];
  store.onRecorded((entry) => recorded.push(entry));
  const shown = () => store.getSnapshot().map(({ text, state, reason }) => ({ text, state, ...(reason ? { reason } : {}) }));
  return {
    transport,
    journal,
    store,
    recorded,
    shown,
    appendInJournal,
    fail: (code: ErrorCode, message: string) => (failWith = { code, message }),
    heal: () => (failWith = undefined),
  };
}

describe('quick capture between Enter and the journal', () => {
  it('shows a note as pending at once, appends notes in the order typed, and hands each over once recorded', async () => {
    const { transport, store, recorded, shown, journal } = setUp();
    transport.hold();
    store.submit(incidentId, 'first', 0);
    // Sent from Enter's own handler, before anything renders; the next waits for its answer.
    expect(transport.callsOf('journal.append')).toEqual([expect.objectContaining({ text: 'first' })]);
    store.submit(incidentId, 'second', 0);
    expect(transport.callsOf('journal.append')).toHaveLength(1);
    // Before any answer: both on screen, newest first, pending.
    expect(shown()).toEqual([
      { text: 'second', state: 'pending' },
      { text: 'first', state: 'pending' },
    ]);
    transport.release();
    await settle();
    transport.release();
    await settle();
    expect(shown()).toEqual([]);
    expect(recorded.map((entry) => entry.text)).toEqual(['first', 'second']);
    expect(journal.map((entry) => entry.text)).toEqual(['first', 'second']);
  });

  it('keeps a note the journal refused, with its text and the reason, until it is tried again or dropped', async () => {
    const { store, recorded, shown, fail, heal } = setUp();
    fail('JOURNAL_READ_ONLY', 'Could not append a note entry: the journal is read-only.');
    store.submit(incidentId, 'Scaled workers to 12', 0);
    store.submit(incidentId, 'Queue draining', 0);
    await settle();
    expect(shown()).toEqual([
      { text: 'Queue draining', state: 'failed', reason: 'Could not append a note entry: the journal is read-only.' },
      { text: 'Scaled workers to 12', state: 'failed', reason: 'Could not append a note entry: the journal is read-only.' },
    ]);
    heal();
    const [draining, scaled] = store.getSnapshot();
    store.retry(scaled!.key);
    expect(shown()[1]).toEqual({ text: 'Scaled workers to 12', state: 'pending' });
    await settle();
    expect(recorded.map((entry) => entry.text)).toEqual(['Scaled workers to 12']);
    store.discard(draining!.key);
    expect(shown()).toEqual([]);
  });

  it('tries a backdated note again with the time it was dated by', async () => {
    const { store, recorded, fail, heal } = setUp();
    fail('JOURNAL_DISK_FULL', 'The disk holding the journal is full. Nothing was recorded.');
    store.submit(incidentId, 'Paged the database owner', 0, '2026-12-01T07:05:00.000Z');
    await settle();
    heal();
    store.retry(store.getSnapshot()[0]!.key);
    await settle();
    expect(recorded.map(({ text, occurredAt }) => ({ text, occurredAt }))).toEqual([
      { text: 'Paged the database owner', occurredAt: '2026-12-01T07:05:00.000Z' },
    ]);
  });

  it('says the outcome is unknown when the console did not answer, and settles it by looking in the timeline', async () => {
    const { store, recorded, shown, fail, heal, appendInJournal, transport } = setUp();
    appendInJournal('Incident opened');
    // The backend took the note, but the answer was lost on the way back.
    fail('BACKEND_UNREACHABLE', 'The console backend is not answering (Failed to fetch)');
    store.submit(incidentId, 'Rolled back deploy 4512', 1);
    store.submit(incidentId, 'Paged the database team', 1);
    appendInJournal('Rolled back deploy 4512');
    await settle();
    // Looking right away failed too (still unreachable): neither failed nor recorded.
    expect(shown().map(({ state }) => state)).toEqual(['unknown', 'unknown']);
    expect(shown()[1]!.reason).toMatch(/not answering/);
    heal();
    transport.reconnect();
    await settle();
    // The one the journal holds is recorded; the other is known not to be, and can be tried again.
    expect(recorded.map((entry) => entry.text)).toEqual(['Rolled back deploy 4512']);
    expect(shown()).toEqual([{ text: 'Paged the database team', state: 'failed', reason: expect.stringMatching(/not in the timeline/) }]);
  });
});
