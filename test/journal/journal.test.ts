import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../src/shared/errors';
import { createJournalFixture, type JournalFixture } from './journal-fixture';

let fx: JournalFixture;
beforeEach(() => {
  fx = createJournalFixture();
});
afterEach(() => fx.dispose());

const note = (text: string, occurredAt?: string) => ({ kind: 'note' as const, text, data: {}, occurredAt });

describe('incidents', () => {
  it('opens an incident with its first entry and lists several side by side', () => {
    const api = fx.journal.createIncident({ title: 'API 5xx', detectedBy: 'alert' });
    fx.clock.advance(1000);
    const worker = fx.journal.createIncident({ title: 'Workers stuck', detectedBy: 'customer report', startedAt: '2026-03-15T08:30:00.000Z' });
    expect(api).toMatchObject({ status: 'detected', severity: null, entryCount: 1, createdBy: 'alice', startedAt: '2026-03-15T09:00:00.000Z' });
    expect(worker.startedAt).toBe('2026-03-15T08:30:00.000Z');
    expect(fx.journal.listIncidents().map((incident) => incident.title)).toEqual(['API 5xx', 'Workers stuck']);
    const [opened] = fx.journal.allEntries(worker.id);
    expect(opened).toMatchObject({ kind: 'incident_opened', seq: 1, occurredAt: '2026-03-15T08:30:00.000Z', author: 'alice' });
  });

  it('refuses a start time in the future', () => {
    expect(() => fx.journal.createIncident({ title: 'x', detectedBy: 'y', startedAt: '2026-03-15T10:00:00.000Z' })).toThrow(/future/);
  });

  it('moves through statuses with timestamps, filling skipped ones and keeping earlier ones', () => {
    const incident = fx.journal.createIncident({ title: 'DB down', detectedBy: 'alert' });
    fx.clock.advance(60_000);
    fx.journal.append(incident.id, { kind: 'acknowledged', text: 'on it', data: { severity: null, targetMs: null, elapsedMs: 60_000 } });
    fx.clock.advance(60_000);
    fx.journal.append(incident.id, { kind: 'status_changed', text: 'resolved', data: { from: 'acknowledged', to: 'resolved' } });
    const resolved = fx.journal.getIncident(incident.id);
    expect(resolved).toMatchObject({
      status: 'resolved',
      acknowledgedAt: '2026-03-15T09:01:00.000Z',
      mitigatedAt: '2026-03-15T09:02:00.000Z',
      resolvedAt: '2026-03-15T09:02:00.000Z',
    });
    fx.clock.advance(60_000);
    fx.journal.append(incident.id, { kind: 'status_changed', text: 'reopened', data: { from: 'resolved', to: 'mitigated' } });
    expect(fx.journal.getIncident(incident.id)).toMatchObject({ status: 'mitigated', resolvedAt: null, acknowledgedAt: '2026-03-15T09:01:00.000Z' });
  });

  it('keeps the current severity on the incident', () => {
    const incident = fx.journal.createIncident({ title: 'Agents looping', detectedBy: 'engineer noticed' });
    fx.journal.append(incident.id, { kind: 'severity_changed', text: 'cost spike', data: { from: null, to: 'SEV2' } });
    expect(fx.journal.getIncident(incident.id).severity).toBe('SEV2');
  });
});

describe('timeline entries', () => {
  it('records author, UTC milliseconds and an optional earlier occurred-at', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    fx.clock.advance(1234);
    const entry = fx.journal.append(incident.id, note('first 502s in the LB logs', '2026-03-15T08:55:00.000Z'));
    expect(entry).toMatchObject({ seq: 2, author: 'alice', recordedAt: '2026-03-15T09:00:01.234Z', occurredAt: '2026-03-15T08:55:00.000Z' });
  });

  it('refuses malformed data for a kind and writes nothing', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    expect(() => fx.journal.append(incident.id, { kind: 'severity_changed', text: '', data: { to: 'SEV9' } as never })).toThrow(ConsoleError);
    expect(fx.journal.getIncident(incident.id).entryCount).toBe(1);
  });

  it('refuses a kind it does not keep, in words, and writes nothing', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    for (const kind of ['shout', 'toString', '__proto__']) {
      expect(() => fx.journal.append(incident.id, { kind, text: 'x', data: {} } as never)).toThrow(
        new ConsoleError('JOURNAL_INVALID_ENTRY', `"${kind}" is not a kind of entry the journal keeps; nothing was recorded.`),
      );
    }
    expect(fx.journal.getIncident(incident.id).entryCount).toBe(1);
  });

  it('amends by a new entry pointing at the old one, which stays as it was', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    const wrong = fx.journal.append(incident.id, note('restarted worker-web'));
    const amendment = fx.journal.append(incident.id, { kind: 'amendment', text: 'it was worker, not worker-web', data: {}, refersTo: wrong.id });
    const original = fx.journal.getEntry(wrong.id);
    expect(original.text).toBe('restarted worker-web');
    expect(original.amendedBy).toEqual([amendment.id]);
    expect(fx.journal.verify(incident.id).ok).toBe(true);
  });

  it('redacts a body but keeps its hash, so the chain still verifies and search forgets it', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    const leaked = fx.journal.append(incident.id, note('pasted password hunter2 by mistake'));
    expect(fx.journal.search('hunter2')).toHaveLength(1);
    fx.journal.append(incident.id, { kind: 'redaction', text: 'contained a password', data: {}, refersTo: leaked.id });
    const redacted = fx.journal.getEntry(leaked.id);
    expect(redacted).toMatchObject({ redacted: true, text: null, data: null, bodyHash: leaked.bodyHash, hash: leaked.hash });
    expect(fx.journal.search('hunter2')).toEqual([]);
    expect(fx.journal.verify(incident.id)).toMatchObject({ ok: true, checked: 3 });
    const raw = new Database(fx.path, { readonly: true });
    const dump = JSON.stringify(raw.prepare('SELECT * FROM entry_bodies').all());
    raw.close();
    expect(dump).not.toContain('hunter2');
    expect(() => fx.journal.append(incident.id, { kind: 'redaction', text: 'again', data: {}, refersTo: leaked.id })).toThrow(/already redacted/);
  });

  it('pins and unpins by entries, and filters pinned only and by kind', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    const a = fx.journal.append(incident.id, note('first symptom'));
    const b = fx.journal.append(incident.id, note('root cause found'));
    fx.journal.append(incident.id, { kind: 'pin', text: '', data: {}, refersTo: a.id });
    fx.journal.append(incident.id, { kind: 'pin', text: '', data: {}, refersTo: b.id });
    fx.journal.append(incident.id, { kind: 'unpin', text: '', data: {}, refersTo: a.id });
    const pinned = fx.journal.listEntries({ incidentId: incident.id, pinnedOnly: true });
    expect(pinned.entries.map((entry) => entry.text)).toEqual(['root cause found']);
    expect(pinned.total).toBe(1);
    const notes = fx.journal.listEntries({ incidentId: incident.id, kinds: ['note'] });
    expect(notes.total).toBe(2);
  });

  it('pages a timeline filtered by several kinds in seq order, both ways, after and before a seq and at an offset, with the total', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    const kinds = ['note', 'severity_changed', 'comms_sent'] as const;
    for (let i = 0; i < 40; i += 1) {
      if (i % 3 === 0) fx.journal.append(incident.id, note(`note ${i}`));
      else if (i % 3 === 1) fx.journal.append(incident.id, { kind: 'severity_changed', text: `sev ${i}`, data: { from: null, to: 'SEV2' } });
      else fx.journal.append(incident.id, { kind: 'checklist_step', text: `step ${i}`, data: { sectionId: 's', stepId: `t${i}`, done: true } });
    }
    const every = fx.journal.allEntries(incident.id).filter((entry) => (kinds as readonly string[]).includes(entry.kind));
    const seqs = (page: { entries: Array<{ seq: number }> }) => page.entries.map((entry) => entry.seq);
    const asked = { incidentId: incident.id, kinds: [...kinds] };
    expect(seqs(fx.journal.listEntries({ ...asked, order: 'desc', limit: 5 }))).toEqual(
      every
        .map((entry) => entry.seq)
        .reverse()
        .slice(0, 5),
    );
    expect(seqs(fx.journal.listEntries({ ...asked, limit: 5, offset: 3 }))).toEqual(every.map((entry) => entry.seq).slice(3, 8));
    expect(seqs(fx.journal.listEntries({ ...asked, order: 'desc', limit: 4, offset: 2 }))).toEqual(
      every
        .map((entry) => entry.seq)
        .reverse()
        .slice(2, 6),
    );
    expect(seqs(fx.journal.listEntries({ ...asked, afterSeq: 20, limit: 3 }))).toEqual(
      every
        .filter((entry) => entry.seq > 20)
        .map((entry) => entry.seq)
        .slice(0, 3),
    );
    expect(seqs(fx.journal.listEntries({ ...asked, order: 'desc', beforeSeq: 20, limit: 3 }))).toEqual(
      every
        .filter((entry) => entry.seq < 20)
        .map((entry) => entry.seq)
        .reverse()
        .slice(0, 3),
    );
    expect(fx.journal.listEntries({ ...asked, limit: 1 }).total).toBe(every.length);
    expect(seqs(fx.journal.listEntries({ ...asked, kinds: ['note', 'note', 'severity_changed'], limit: 6 }))).toEqual(
      every.map((entry) => entry.seq).slice(0, 6),
    );
    // The same page for a service that does not need the count.
    const newest = { ...asked, order: 'desc' as const, limit: 7, ownChain: true };
    expect(fx.journal.pageEntries(newest)).toEqual(fx.journal.listEntries(newest).entries);
  });

  it('refuses a reference to an entry of another incident', () => {
    const one = fx.journal.createIncident({ title: 'one', detectedBy: 'alert' });
    const two = fx.journal.createIncident({ title: 'two', detectedBy: 'alert' });
    const entry = fx.journal.append(one.id, note('n'));
    expect(() => fx.journal.append(two.id, { kind: 'pin', text: '', data: {}, refersTo: entry.id })).toThrow(/not part of this incident/);
  });

  it('reads every entry of a few kinds, in order, with their amendments', () => {
    const incident = fx.journal.createIncident({ title: 'DB down', detectedBy: 'alert' });
    fx.journal.append(incident.id, note('first look'));
    const sev = fx.journal.append(incident.id, { kind: 'severity_changed', text: 'SEV2', data: { from: null, to: 'SEV2' } });
    fx.journal.append(incident.id, note('second look'));
    const fix = fx.journal.append(incident.id, { kind: 'amendment', text: 'SEV2, customers affected', data: {}, refersTo: sev.id });
    fx.journal.append(incident.id, { kind: 'acknowledged', text: 'on it', data: { severity: 'SEV2', targetMs: null, elapsedMs: 1 } });
    const read = fx.journal.entriesOfKinds(incident.id, ['acknowledged', 'severity_changed']);
    expect(read.map((entry) => [entry.seq, entry.kind])).toEqual([
      [3, 'severity_changed'],
      [6, 'acknowledged'],
    ]);
    expect(read[0]!.amendedBy).toEqual([fix.id]);
    expect(fx.journal.entriesOfKinds(incident.id, [])).toEqual([]);
  });

  it('pages by sequence number in both directions', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    for (let i = 1; i <= 30; i += 1) fx.journal.append(incident.id, note(`note ${i}`));
    const newest = fx.journal.listEntries({ incidentId: incident.id, order: 'desc', limit: 5 });
    expect(newest.entries.map((entry) => entry.seq)).toEqual([31, 30, 29, 28, 27]);
    expect(newest.total).toBe(31);
    const next = fx.journal.listEntries({ incidentId: incident.id, order: 'asc', afterSeq: 10, limit: 3 });
    expect(next.entries.map((entry) => entry.seq)).toEqual([11, 12, 13]);
  });

  it('searches across incidents and kinds, taking operator input literally', () => {
    const one = fx.journal.createIncident({ title: 'Redis saturated', detectedBy: 'alert' });
    const two = fx.journal.createIncident({ title: 'Postgres locks', detectedBy: 'alert' });
    fx.journal.append(one.id, note('sidekiq dead set growing'));
    fx.journal.append(two.id, { kind: 'severity_changed', text: 'deadlock on reports table', data: { from: null, to: 'SEV2' } });
    const hits = fx.journal.search('dead');
    expect(hits.map((hit) => hit.incidentTitle).sort()).toEqual(['Postgres locks', 'Redis saturated']);
    expect(fx.journal.search('dead', { incidentId: one.id })).toHaveLength(1);
    expect(fx.journal.search('"NEAR(( OR *')).toEqual([]);
  });
});

describe('tamper evidence', () => {
  it('names the first entry whose body was edited', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    fx.journal.append(incident.id, note('one'));
    const two = fx.journal.append(incident.id, note('two'));
    fx.journal.append(incident.id, note('three'));
    fx.tamper("UPDATE entry_bodies SET text = 'TWO' WHERE entry_rowid = (SELECT rowid FROM entries WHERE id = ?)", two.id);
    expect(fx.journal.verify(incident.id)).toMatchObject({ ok: false, broken: { seq: 3, entryId: two.id } });
  });

  it('names an entry whose header was edited, and one whose body vanished without a redaction', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    const one = fx.journal.append(incident.id, note('one'));
    fx.tamper("UPDATE entries SET author = 'mallory' WHERE id = ?", one.id);
    expect(fx.journal.verify(incident.id).broken).toMatchObject({ seq: 2, reason: expect.stringContaining('hash') });
    fx.tamper("UPDATE entries SET author = 'alice' WHERE id = ?", one.id);
    expect(fx.journal.verify(incident.id).ok).toBe(true);
    fx.tamper('DELETE FROM entry_bodies WHERE entry_rowid = (SELECT rowid FROM entries WHERE id = ?)', one.id);
    expect(fx.journal.verify(incident.id).broken?.reason).toMatch(/no redaction/);
  });

  it('resumes verification after its own appends, but walks again from genesis once another connection wrote', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    const one = fx.journal.append(incident.id, note('one'));
    expect(fx.journal.verify(incident.id)).toMatchObject({ ok: true, checked: 2 });
    fx.journal.append(incident.id, note('two'));
    expect(fx.journal.verify(incident.id)).toMatchObject({ ok: true, checked: 3 });
    // Another process edits the file while the journal stays open.
    const raw = new Database(fx.path);
    raw.exec('DROP TRIGGER entry_bodies_are_never_edited');
    raw.prepare("UPDATE entry_bodies SET text = 'ONE' WHERE entry_rowid = (SELECT rowid FROM entries WHERE id = ?)").run(one.id);
    raw.close();
    expect(fx.journal.verify(incident.id)).toMatchObject({ ok: false, broken: { seq: 2, entryId: one.id } });
  });

  it('verifies in slices with the same verdict, including entries appended and redacted while it walks', async () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    const notes = Array.from({ length: 9 }, (_, i) => fx.journal.append(incident.id, note(`n${i}`)));
    const walking = fx.journal.verifyInSlices(incident.id, { sliceSize: 2, full: true });
    fx.journal.append(incident.id, note('late'));
    fx.journal.append(incident.id, { kind: 'redaction', text: 'secret', data: {}, refersTo: notes[7]!.id });
    expect(await walking).toMatchObject({ ok: true, checked: 12 });
    fx.tamper("UPDATE entry_bodies SET text = 'N3' WHERE entry_rowid = (SELECT rowid FROM entries WHERE id = ?)", notes[3]!.id);
    const sliced = await fx.journal.verifyInSlices(incident.id, { sliceSize: 2 });
    expect(sliced).toEqual(fx.journal.verify(incident.id, { full: true }));
    expect(sliced.broken).toMatchObject({ seq: 5, entryId: notes[3]!.id });
  });

  it('refuses edits and deletes of entries at the database level', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    fx.journal.close();
    const raw = new Database(fx.path);
    expect(() => raw.prepare("UPDATE entries SET author = 'x'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM entries').run()).toThrow(/append-only/);
    raw.close();
    fx.reopen();
    expect(fx.journal.verify(incident.id).ok).toBe(true);
  });
});

describe('batch append and lookup', () => {
  it('appends a batch as one chained transaction that verifies', () => {
    const incident = fx.journal.createIncident({ title: 'bulk', detectedBy: 'alert' });
    const written = fx.journal.appendBatch(incident.id, [note('one'), note('two'), note('three')]);
    expect(written).toBe(3);
    expect(fx.journal.allEntries(incident.id).map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(fx.journal.verify(incident.id)).toMatchObject({ ok: true, checked: 4 });
  });

  it('writes nothing of a batch when one entry is invalid', () => {
    const incident = fx.journal.createIncident({ title: 'bulk', detectedBy: 'alert' });
    const bad = { kind: 'pin' as const, text: '', data: {} };
    expect(() => fx.journal.appendBatch(incident.id, [note('kept?'), bad])).toThrow(ConsoleError);
    expect(fx.journal.getIncident(incident.id).entryCount).toBe(1);
    expect(fx.journal.verify(incident.id).ok).toBe(true);
  });

  it('looks entries up by id with their amendments, skipping unknown ids', () => {
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    const original = fx.journal.append(incident.id, note('db at 90% cpu'));
    const fix = fx.journal.append(incident.id, { kind: 'amendment', text: 'db at 99% cpu', data: {}, refersTo: original.id });
    const found = fx.journal.entriesByIds([fix.id, original.id, '00000000-0000-4000-8000-000000000000']);
    expect(found.map((entry) => entry.seq)).toEqual([2, 3]);
    expect(found[0]!.amendedBy).toEqual([fix.id]);
  });
});
