import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../src/shared/contract';
import { ConsoleError } from '../../src/shared/errors';
import type { EntryKind, Incident, TimelineEntry } from '../../src/shared/model';
import { createClient } from '../../src/renderer/src/api/client';
import { createTimelineSource, type TimelineFilter, type TimelineSource } from '../../src/renderer/src/features/timeline/timeline-store';
import { FakeTransport, settle } from './fake-transport';

const NO_FILTER: TimelineFilter = { kinds: [], pinnedOnly: false, query: '' };

interface Row {
  id: string;
  seq: number;
  kind: EntryKind;
  text: string | null;
  refersTo: string | null;
}

/**
 * One incident's journal as the console serves it: entries by seq, pins, amendments and
 * redactions derived from later entries, keyset and offset pages, search. Appending can push the entry (as
 * main does) or not (as when the push stream is cut).
 */
class IncidentJournal {
  readonly incidentId = randomUUID();
  private readonly rows: Row[] = [];

  constructor(private readonly transport: FakeTransport) {
    transport
      .answer('journal.entries', (input: MethodInput<'journal.entries'>) => {
        let entries = this.entries().filter((entry) => (!input.kinds || input.kinds.includes(entry.kind)) && (!input.pinnedOnly || entry.pinned));
        const total = entries.length;
        if (input.afterSeq !== undefined) entries = entries.filter((entry) => entry.seq > input.afterSeq!);
        if (input.beforeSeq !== undefined) entries = entries.filter((entry) => entry.seq < input.beforeSeq!);
        if (input.order === 'desc') entries.reverse();
        // An offset counts rows in the answer's order, as main's does (by seq with one device's chain).
        if (input.offset !== undefined) entries = entries.slice(input.offset);
        return { entries: entries.slice(0, input.limit ?? 100), total };
      })
      .answer('journal.search', (input: { query: string; limit?: number }) => ({
        hits: this.entries()
          .reverse()
          .filter((entry) => entry.text?.toLowerCase().includes(input.query.toLowerCase()))
          .slice(0, input.limit ?? 50)
          .map((entry) => ({ entry, incidentTitle: 'Disk full on db-1' })),
      }));
  }

  entries(): TimelineEntry[] {
    return this.rows.map((row) => this.view(row));
  }

  entry(seq: number): TimelineEntry {
    return this.view(this.rows[seq - 1]!);
  }

  append(kind: EntryKind, text: string | null, options: { refersTo?: number; push?: boolean } = {}): TimelineEntry {
    const row: Row = { id: randomUUID(), seq: this.rows.length + 1, kind, text, refersTo: options.refersTo ? this.rows[options.refersTo - 1]!.id : null };
    this.rows.push(row);
    const entry = this.view(row);
    if (options.push !== false) this.transport.push('journal.appended', { entry, incident: this.incident() });
    return entry;
  }

  private view(row: Row): TimelineEntry {
    const later = this.rows.filter((other) => other.refersTo === row.id);
    const pins = later.filter((other) => other.kind === 'pin' || other.kind === 'unpin');
    const redacted = later.some((other) => other.kind === 'redaction');
    return {
      id: row.id,
      incidentId: this.incidentId,
      seq: row.seq,
      device: null,
      kind: row.kind,
      author: 'casey',
      recordedAt: new Date(Date.UTC(2026, 11, 1, 10, 0, row.seq)).toISOString(),
      occurredAt: null,
      refersTo: row.refersTo,
      text: redacted ? null : row.text,
      data: null,
      bodyHash: `body-${row.seq}`,
      prevHash: `hash-${row.seq - 1}`,
      hash: `hash-${row.seq}`,
      pinned: pins.at(-1)?.kind === 'pin',
      redacted,
      amendedBy: later.filter((other) => other.kind === 'amendment').map((other) => other.id),
    };
  }

  incident(): Incident {
    return {
      id: this.incidentId,
      title: 'Disk full on db-1',
      detectedBy: 'alert',
      startedAt: '2026-12-01T10:00:00.000Z',
      createdAt: '2026-12-01T10:00:00.000Z',
      createdBy: 'casey',
      status: 'detected',
      severity: null,
      acknowledgedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      entryCount: this.rows.length,
      lastEntryAt: null,
      drill: false,
    };
  }
}

function setUp(entryCount: number) {
  const transport = new FakeTransport();
  const journal = new IncidentJournal(transport);
  for (let i = 1; i <= entryCount; i += 1) journal.append(i === 1 ? 'incident_opened' : 'note', `note ${i}`, { push: false });
  return { transport, journal, client: createClient(transport) };
}

/** Reads a source as the virtual list does: subscribed, asking for the rows on screen after every change. */
function show(source: TimelineSource, first: number, last: number) {
  let window = { first, last };
  const stop = source.subscribe(() => source.ensure(window.first, window.last));
  return {
    stop,
    scrollTo(nextFirst: number, nextLast: number) {
      window = { first: nextFirst, last: nextLast };
      source.ensure(nextFirst, nextLast);
    },
    seqs: () => Array.from({ length: window.last - window.first + 1 }, (_, i) => source.entryAt(window.first + i)?.seq),
  };
}

describe('the timeline store', () => {
  it('reads the newest page first, then only the pages scrolled to, wherever the scrollbar goes', async () => {
    const { transport, journal, client } = setUp(1000);
    const source = createTimelineSource(client, journal.incidentId, NO_FILTER);
    const list = show(source, 0, 9);
    expect(source.loading).toBe(true);
    await settle();
    expect(source.loading).toBe(false);
    expect(source.count).toBe(1000);
    expect(list.seqs()).toEqual([1000, 999, 998, 997, 996, 995, 994, 993, 992, 991]);
    // Keys follow the entry, and are known before it is loaded.
    expect(source.keyAt(500)).toBe(500);
    expect(source.entryAt(500)).toBeUndefined();

    const before = transport.callsOf('journal.entries').length;
    list.scrollTo(495, 505);
    await settle();
    expect(list.seqs()).toEqual([505, 504, 503, 502, 501, 500, 499, 498, 497, 496, 495]);
    // Seqs 495..505 straddle two pages of 100: exactly those two are read (the rows after the first 400 and 500).
    const asked = transport.callsOf('journal.entries').slice(before) as Array<{ offset: number; order: string }>;
    expect(asked.map((input) => input.offset).sort((a, b) => a - b)).toEqual([400, 500]);
    expect(asked.every((input) => input.order === 'asc')).toBe(true);
    list.stop();
  });

  it('merges a pushed append by its seq: shown at once at the top, once even when this window also reported it', async () => {
    const { transport, journal, client } = setUp(30);
    const source = createTimelineSource(client, journal.incidentId, NO_FILTER);
    const list = show(source, 0, 4);
    await settle();

    const note = journal.append('note', 'worker-2 restarted', { push: false });
    // The capture box reports its own append before main's push arrives…
    source.add(note);
    expect(source.count).toBe(31);
    expect(source.entryAt(0)?.text).toBe('worker-2 restarted');
    // …and the push for it, arriving after, changes nothing: the next push is the next row.
    transport.push('journal.appended', { entry: note, incident: journal.incident() });
    journal.append('note', 'disk at 91%');
    await settle();
    expect(source.count).toBe(32);
    expect(source.entryAt(0)?.text).toBe('disk at 91%');
    expect(source.entryAt(1)?.id).toBe(note.id);
    await settle();
    expect(list.seqs()).toEqual([32, 31, 30, 29, 28]);
    list.stop();
  });

  it('reads the rows on screen again after an entry that may change them, not after a plain note', async () => {
    const { transport, journal, client } = setUp(30);
    const source = createTimelineSource(client, journal.incidentId, NO_FILTER);
    const list = show(source, 0, 4);
    await settle();
    const reads = () => transport.callsOf('journal.entries').length;
    const before = reads();

    // This window's note, then its push: shown, and nothing read again.
    const note = journal.append('note', 'worker-2 restarted', { push: false });
    source.add(note);
    transport.push('journal.appended', { entry: note, incident: journal.incident() });
    journal.append('note', 'disk at 91%');
    await settle();
    expect(list.seqs()).toEqual([32, 31, 30, 29, 28]);
    expect(reads()).toBe(before);

    // A pin changes the row it refers to: what is shown is read again, and the row says so.
    journal.append('pin', null, { refersTo: 31 });
    await settle();
    expect(reads()).toBeGreaterThan(before);
    expect(source.entryAt(2)).toMatchObject({ seq: 31, pinned: true });

    // A push missed on the way (the next one skips a seq): read again too.
    const afterPin = reads();
    journal.append('note', 'never pushed', { push: false });
    journal.append('note', 'pushed');
    await settle();
    expect(reads()).toBeGreaterThan(afterPin);
    expect(list.seqs()).toEqual([35, 34, 33, 32, 31]);
    expect(source.entryAt(1)?.text).toBe('never pushed');
    list.stop();
  });

  it('ignores entries pushed for another incident', async () => {
    const { transport, journal, client } = setUp(10);
    const source = createTimelineSource(client, journal.incidentId, NO_FILTER);
    const list = show(source, 0, 4);
    await settle();
    const other = new IncidentJournal(new FakeTransport());
    const stranger = other.append('note', 'elsewhere', { push: false });
    transport.push('journal.appended', { entry: stranger, incident: { ...other.incident(), entryCount: 99 } });
    await settle();
    expect(source.count).toBe(10);
    expect(list.seqs()).toEqual([10, 9, 8, 7, 6]);
    list.stop();
  });

  it('updates the row an amendment, a pin or a redaction refers to', async () => {
    const { journal, client } = setUp(20);
    const source = createTimelineSource(client, journal.incidentId, NO_FILTER);
    const list = show(source, 0, 9);
    await settle();
    const target = () => [...Array(source.count).keys()].map((index) => source.entryAt(index)).find((entry) => entry?.seq === 18);

    const amendment = journal.append('amendment', 'queue at 45k, not 40k', { refersTo: 18 });
    await settle();
    expect(target()?.amendedBy).toEqual([amendment.id]);

    journal.append('pin', null, { refersTo: 18 });
    await settle();
    expect(target()?.pinned).toBe(true);

    journal.append('redaction', 'held a customer password', { refersTo: 18 });
    await settle();
    expect(target()).toMatchObject({ redacted: true, text: null });
    expect(list.seqs()).toEqual([23, 22, 21, 20, 19, 18, 17, 16, 15, 14]);
    list.stop();
  });

  it('reads again what is shown after the push stream came back (appends made meanwhile were never pushed)', async () => {
    const { transport, journal, client } = setUp(40);
    const source = createTimelineSource(client, journal.incidentId, NO_FILTER);
    const list = show(source, 0, 4);
    await settle();
    journal.append('note', 'while the stream was down', { push: false });
    journal.append('amendment', 'a correction nobody was told of', { refersTo: 40, push: false });
    await settle();
    expect(source.count).toBe(40);

    transport.reconnect();
    await settle();
    expect(source.count).toBe(42);
    expect(list.seqs()).toEqual([42, 41, 40, 39, 38]);
    expect(source.entryAt(0)?.text).toBe('a correction nobody was told of');
    expect(source.entryAt(2)?.amendedBy).toHaveLength(1);
    list.stop();
  });

  it('filtered by pins: pages follow one another as the list is scrolled, and a pin pushed starts it over', async () => {
    const { journal, client } = setUp(1200);
    for (const seq of [3, 700, 1100]) journal.append('pin', null, { refersTo: seq, push: false });
    const source = createTimelineSource(client, journal.incidentId, { ...NO_FILTER, pinnedOnly: true });
    const list = show(source, 0, 2);
    await settle();
    expect(source.count).toBe(3);
    expect(list.seqs()).toEqual([1100, 700, 3]);

    journal.append('pin', null, { refersTo: 900 });
    await settle();
    expect(source.count).toBe(4);
    list.scrollTo(0, 3);
    expect(list.seqs()).toEqual([1100, 900, 700, 3]);
    list.stop();
  });

  it('filtered by kind: the next page is read when the end comes on screen', async () => {
    const { transport, journal, client } = setUp(1200);
    const source = createTimelineSource(client, journal.incidentId, { ...NO_FILTER, kinds: ['note'] });
    const list = show(source, 0, 9);
    await settle();
    expect(source.count).toBe(1199);
    expect(source.entryAt(499)?.seq).toBe(701);
    expect(source.entryAt(500)).toBeUndefined();
    list.scrollTo(490, 499);
    await settle();
    expect(source.entryAt(500)?.seq).toBe(700);
    // The next page starts after the 500 rows held (newest first: seq 700 down).
    expect((transport.callsOf('journal.entries').at(-1) as { offset: number }).offset).toBe(500);
    list.stop();
  });

  it('search: the journal’s hits, searched again when an entry is appended', async () => {
    const { journal, client } = setUp(50);
    journal.append('note', 'disk at 91% on db-1', { push: false });
    const source = createTimelineSource(client, journal.incidentId, { ...NO_FILTER, query: 'disk' });
    const list = show(source, 0, 0);
    await settle();
    expect(source.count).toBe(1);
    journal.append('note', 'disk cleaned up');
    await settle();
    expect(source.count).toBe(2);
    expect(source.entryAt(0)?.text).toBe('disk cleaned up');
    list.stop();
  });

  it('says when a page could not be read, keeping the rows it has', async () => {
    const { transport, journal, client } = setUp(500);
    const source = createTimelineSource(client, journal.incidentId, NO_FILTER);
    const list = show(source, 0, 4);
    await settle();
    transport.answer('journal.entries', () => {
      throw new ConsoleError('JOURNAL_UNAVAILABLE', 'The journal cannot be opened: nothing can be recorded.');
    });
    list.scrollTo(300, 310);
    await settle();
    // The failure itself is kept, code and all, not only its words.
    expect(source.error).toBeInstanceOf(ConsoleError);
    expect(source.error).toMatchObject({ code: 'JOURNAL_UNAVAILABLE', message: 'The journal cannot be opened: nothing can be recorded.' });
    expect(source.entryAt(0)?.seq).toBe(500);
    // A failed page is not asked for again and again while it is on screen; the next append tries again.
    const attempts = transport.callsOf('journal.entries').length;
    await settle();
    expect(transport.callsOf('journal.entries').length).toBe(attempts);
    journal.append('note', 'the disk has room again');
    await settle();
    expect(transport.callsOf('journal.entries').length).toBeGreaterThan(attempts);
    list.stop();
  });
});
