import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_APPLICATION_ID } from '../../../src/main/core/journal/open-journal-database';
import { writeSampleIncident } from '../../support/sample-incident';
import { createMigrationFixture, schemaNames, type MigrationFixture } from './migration-fixture';

let fx: MigrationFixture;
beforeEach(() => {
  fx = createMigrationFixture();
});
afterEach(() => fx.dispose());

const searchIndexSql = (fixture: MigrationFixture): string =>
  (fixture.raw().prepare("SELECT sql FROM sqlite_schema WHERE name = 'entry_search'").get() as { sql: string }).sql;

describe('migration 0001: the initial schema', () => {
  it('brings a fresh file to exactly version 1: incidents, append-only entries, bodies, flags, their indexes and a search index', () => {
    fx.journalAt(1).close();
    const db = fx.raw();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(JOURNAL_APPLICATION_ID);
    expect(schemaNames(db)).toEqual([
      'entries',
      'entries_are_append_only_delete',
      'entries_are_append_only_update',
      'entries_by_kind',
      'entries_by_reference',
      'entry_bodies',
      'entry_bodies_are_never_edited',
      'entry_flags',
      'entry_flags_pinned',
      'entry_search',
      'incidents',
    ]);
    expect(searchIndexSql(fx)).toContain('contentless_delete = 1');
  });

  it('holds what the journal writes at version 1, and refuses an edit or a delete of an entry', () => {
    const journal = fx.journalAt(1);
    const incident = writeSampleIncident(journal, fx.clock, { withWriteUp: true });
    expect(journal.getIncident(incident.id)).toMatchObject({ status: 'resolved', severity: 'SEV3', entryCount: 23 });
    expect(journal.listEntries({ incidentId: incident.id, pinnedOnly: true }).total).toBe(3);
    expect(journal.search('dashboards').map((hit) => hit.entry.text)).toEqual(['Looking at dashboards']);
    expect(journal.verify(incident.id)).toMatchObject({ ok: true, checked: 23 });
    journal.close();
    const db = fx.raw({ writable: true });
    expect(() => db.prepare("UPDATE entries SET author = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM entries').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE entry_bodies SET text = 'edited'").run()).toThrow(/never edited/);
  });

  it('then 0002: every incident, entry and hash is kept, search answers from the rebuilt index, and a redaction now erases its words', () => {
    const v1 = fx.journalAt(1);
    const incident = writeSampleIncident(v1, fx.clock, { withWriteUp: true });
    const wrong = v1.append(incident.id, { kind: 'note', text: 'restarted worker-web', data: {} });
    v1.append(incident.id, { kind: 'amendment', text: 'it was worker, not worker-web', data: {}, refersTo: wrong.id });
    const leaked = v1.append(incident.id, { kind: 'note', text: 'pasted zq81canary by mistake', data: {} });
    const before = { incident: v1.getIncident(incident.id), entries: v1.allEntries(incident.id), chain: v1.verify(incident.id) };
    v1.close();

    const v2 = fx.journalAt(2);
    expect(v2.state.access).toBe('writable');
    expect(fx.raw().pragma('user_version', { simple: true })).toBe(2);
    expect(v2.getIncident(incident.id)).toEqual(before.incident);
    expect(v2.allEntries(incident.id)).toEqual(before.entries);
    expect(v2.verify(incident.id, { full: true })).toEqual(before.chain);
    expect(before.chain).toMatchObject({ ok: true, checked: 26 });
    expect(v2.search('dashboards').map((hit) => hit.entry.text)).toEqual(['Looking at dashboards']);
    expect(v2.search('worker').map((hit) => hit.entry.seq)).toEqual([25, 24]);
    expect(v2.getEntry(wrong.id).amendedBy).toHaveLength(1);

    expect(searchIndexSql(fx)).not.toContain('contentless_delete');
    expect(fx.raw().prepare("SELECT v FROM entry_search_config WHERE k = 'secure-delete'").get()).toEqual({ v: 1 });
    v2.append(incident.id, { kind: 'redaction', text: 'Contained a token', data: {}, refersTo: leaked.id });
    expect(v2.search('zq81canary')).toEqual([]);
    expect(v2.verify(incident.id, { full: true })).toMatchObject({ ok: true, checked: 27 });
  });
});
