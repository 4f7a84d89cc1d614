import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KindEntriesCache } from '../../src/main/core/journal/kind-entries-cache';
import type { EntryKind } from '../../src/shared/model';
import { seedEntry } from '../../bench/seed-journal';
import { createJournalFixture, type JournalFixture } from './journal-fixture';

const KINDS: EntryKind[] = ['severity_changed', 'command_run', 'killswitch_call'];
let fx: JournalFixture;
let incidentId: string;
let cache: KindEntriesCache;
beforeEach(() => {
  fx = createJournalFixture();
  incidentId = fx.journal.createIncident({ title: 'Disk full', detectedBy: 'alert' }).id;
  fx.journal.appendBatch(
    incidentId,
    Array.from({ length: 300 }, (_, i) => seedEntry(i)),
  );
  cache = new KindEntriesCache(fx.journal, KINDS);
});
afterEach(() => fx.dispose());

/** What the cache must always answer: the kinds read in full, now. */
const readInFull = () => fx.journal.entriesOfKinds(incidentId, KINDS);

describe('the entries of some kinds, read once and then grown', () => {
  it('answers what a full read answers after each append, of its kinds or not', () => {
    expect(cache.entries(incidentId)).toEqual(readInFull());
    fx.journal.append(incidentId, { kind: 'note', text: 'disk at 97%', data: {} });
    expect(cache.entries(incidentId)).toEqual(readInFull());
    fx.journal.append(incidentId, { kind: 'severity_changed', text: 'SEV2 set', data: { from: null, to: 'SEV2' } });
    const grown = cache.entries(incidentId);
    expect(grown).toEqual(readInFull());
    expect(grown.at(-1)).toMatchObject({ kind: 'severity_changed', text: 'SEV2 set' });
  });

  it('reads in full again when a new entry changes how an earlier one reads (a redaction, an amendment)', () => {
    const run = cache.entries(incidentId).find((entry) => entry.kind === 'command_run')!;
    fx.journal.append(incidentId, { kind: 'amendment', text: 'it was app-2, not app-1', data: {}, refersTo: run.id });
    expect(cache.entries(incidentId).find((entry) => entry.id === run.id)!.amendedBy).toHaveLength(1);
    fx.journal.append(incidentId, { kind: 'redaction', text: 'Output held a hostname', data: {}, refersTo: run.id });
    expect(cache.entries(incidentId).find((entry) => entry.id === run.id)).toMatchObject({ redacted: true, data: null });
    expect(cache.entries(incidentId)).toEqual(readInFull());
  });

  it('reads in full again after more entries than a page, e.g. an import', () => {
    cache.entries(incidentId);
    fx.journal.appendBatch(
      incidentId,
      Array.from({ length: 600 }, (_, i) => seedEntry(300 + i)),
    );
    expect(cache.entries(incidentId)).toEqual(readInFull());
  });

  it('keeps incidents apart', () => {
    const other = fx.journal.createIncident({ title: 'Queue stuck', detectedBy: 'alert' }).id;
    fx.journal.append(other, { kind: 'severity_changed', text: 'SEV3 set', data: { from: null, to: 'SEV3' } });
    expect(cache.entries(other)).toEqual(fx.journal.entriesOfKinds(other, KINDS));
    expect(cache.entries(incidentId)).toEqual(readInFull());
  });
});
