import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/main/core/journal/chain';
import { chainedEntryOf, ChainWalk, linkBreak, UNACCOUNTED_BODY, type ChainedEntry } from '../../src/main/core/journal/chain-link';
import { verifyBundle } from '../../src/main/core/reports/bundle-verification';
import { unsignedBundle } from '../support/unsigned-bundle';
import { createJournalFixture, type JournalFixture } from './journal-fixture';

let fx: JournalFixture;
let incidentId: string;
let entries: ChainedEntry[];
beforeEach(() => {
  fx = createJournalFixture();
  incidentId = fx.journal.createIncident({ title: 'Workers stuck', detectedBy: 'alert' }).id;
  const leaked = fx.journal.append(incidentId, { kind: 'note', text: 'token pasted by mistake', data: {} });
  fx.journal.append(incidentId, { kind: 'note', text: 'queue draining', data: {} });
  fx.journal.append(incidentId, { kind: 'redaction', text: 'Contained a token', data: {}, refersTo: leaked.id });
  fx.journal.append(incidentId, { kind: 'note', text: 'all clear', data: {} });
  entries = fx.journal.allEntries(incidentId).map(chainedEntryOf);
});
afterEach(() => fx.dispose());

const at = (seq: number) => ({ incidentId, seq, hash: seq === 0 ? GENESIS_HASH : entries[seq - 1]!.hash });

describe('one chain link', () => {
  it('holds for every entry as the journal wrote it, a redacted body included', () => {
    for (const entry of entries) expect(linkBreak(at(entry.header.seq - 1), entry), `#${entry.header.seq}`).toBeUndefined();
    expect(entries[1]!.text).toBeNull();
  });

  it('names the one reason it breaks', () => {
    const third = entries[2]!;
    expect(linkBreak(at(1), third)).toBe('sequence number 3 where 2 was expected');
    expect(linkBreak({ ...at(2), incidentId: 'another' }, third)).toBe('belongs to another incident');
    expect(linkBreak(at(2), { ...third, prevHash: GENESIS_HASH })).toBe('does not link to the entry before it (prevHash)');
    expect(linkBreak(at(2), { ...third, text: 'queue drained' })).toBe('body does not match its hash (text or data changed after it was written)');
    expect(linkBreak(at(2), { ...third, data: null })).toBe('half a body: text and data must both be present or both redacted');
    expect(linkBreak(at(2), { ...third, header: { ...third.header, author: 'mallory' } })).toBe('entry hash does not match its contents');
  });

  it('leaves a missing body to the walk, which accepts it only when a redaction names it', () => {
    const walk = new ChainWalk(incidentId);
    for (const entry of entries) expect(walk.step(entry)).toBeUndefined();
    expect(walk.unaccounted()).toBeUndefined();
    expect([walk.checked, walk.head]).toEqual([5, entries[4]!.hash]);

    const withoutRedaction = new ChainWalk(incidentId);
    for (const entry of entries.slice(0, 3)) withoutRedaction.step(entry);
    expect(withoutRedaction.unaccounted()).toEqual({ seq: 2, id: entries[1]!.header.id, checked: 1 });
  });
});

describe('the journal and npm run verify judge a chain alike', () => {
  it.each([
    ['a body edited', 3, (row: string) => `UPDATE entry_bodies SET text = 'queue drained' WHERE entry_rowid = ${row}`, /body does not match its hash/],
    ['a header edited', 4, (row: string) => `UPDATE entries SET author = 'mallory' WHERE rowid = ${row}`, /entry hash does not match/],
    ['a link cut', 5, (row: string) => `UPDATE entries SET prev_hash = '${GENESIS_HASH}' WHERE rowid = ${row}`, /does not link/],
    ['a body deleted with no redaction', 3, (row: string) => `DELETE FROM entry_bodies WHERE entry_rowid = ${row}`, new RegExp(UNACCOUNTED_BODY)],
  ])('%s: the same entry and the same words', (_what, seq, sql, reason) => {
    fx.tamper(sql(`(SELECT rowid FROM entries WHERE seq = ${seq} AND incident_id = '${incidentId}')`));
    const journal = fx.journal.verify(incidentId, { full: true });
    const bundle = verifyBundle(unsignedBundle(fx.journal, incidentId, fx.clock.now().toISOString()));
    expect(journal).toMatchObject({
      ok: false,
      checked: seq - 1,
      broken: { seq, entryId: entries[seq - 1]!.header.id, reason: expect.stringMatching(reason) },
    });
    expect(bundle).toMatchObject({
      verdict: 'failed',
      chain: { verified: seq - 1 },
      failure: { position: seq, seq, entryId: entries[seq - 1]!.header.id, reason: journal.broken!.reason },
    });
  });
});
