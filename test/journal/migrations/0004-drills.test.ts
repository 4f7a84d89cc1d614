import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/core/journal/migrations';
import { writeSampleIncident } from '../../support/sample-incident';
import { createMigrationFixture, schemaNames, type MigrationFixture } from './migration-fixture';

let fx: MigrationFixture;
beforeEach(() => {
  fx = createMigrationFixture();
});
afterEach(() => fx.dispose());

/** Every term the search index holds, as FTS5 itself lists them. */
function indexedTerms(fixture: MigrationFixture): string[] {
  const db = fixture.raw({ writable: true });
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, entry_search, row)');
  return (db.prepare('SELECT term FROM temp.search_terms').all() as { term: string }[]).map((row) => row.term);
}

describe('migration 0004: drills', () => {
  it('then 0004 on a journal written at version 2: every incident, entry and hash kept, none of them a drill', () => {
    const v2 = fx.journalAt(2);
    const incident = writeSampleIncident(v2, fx.clock, { withWriteUp: true });
    const before = { entries: v2.allEntries(incident.id), chain: v2.verify(incident.id) };
    v2.close();

    const v4 = fx.journalAt(4);
    expect(v4.getIncident(incident.id)).toMatchObject({ drill: false, status: 'resolved', entryCount: 23 });
    expect(v4.allEntries(incident.id)).toEqual(before.entries);
    expect(v4.verify(incident.id, { full: true })).toEqual(before.chain);
    v4.close();
    const db = fx.raw();
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    expect(schemaNames(db)).toEqual(expect.arrayContaining(['incidents_drills', 'incidents_drill_is_fixed', 'incidents_only_drills_are_removed']));
  });

  it('removes every drill in one step, its words out of the search index, and leaves a real incident exactly as it was', () => {
    const journal = fx.journalAt(4);
    const real = writeSampleIncident(journal, fx.clock, { withWriteUp: false });
    const drill = journal.createIncident({ title: 'Drill: staging halt', detectedBy: 'game day', drill: true });
    const note = journal.append(drill.id, { kind: 'note', text: 'zq77drillword rehearsing the halt', data: {} });
    journal.append(drill.id, { kind: 'pin', text: '', data: {}, refersTo: note.id });
    const redacted = journal.append(drill.id, { kind: 'note', text: 'a secret in the drill', data: {} });
    journal.append(drill.id, { kind: 'redaction', text: 'practice', data: {}, refersTo: redacted.id });
    expect(journal.getIncident(drill.id)).toMatchObject({ drill: true, entryCount: 5 });
    expect(journal.allEntries(drill.id)[0]?.data).toMatchObject({ drill: true });
    expect(journal.search('zq77drillword')).toHaveLength(1);
    const realBefore = { incident: journal.getIncident(real.id), entries: journal.allEntries(real.id), chain: journal.verify(real.id, { full: true }) };

    expect(journal.removeDrills()).toEqual([{ id: drill.id, title: 'Drill: staging halt', entryCount: 5 }]);
    expect(journal.listIncidents().map((incident) => incident.id)).toEqual([real.id]);
    expect(() => journal.getIncident(drill.id)).toThrow(/No incident/);
    expect(journal.search('zq77drillword')).toEqual([]);
    expect(journal.getIncident(real.id)).toEqual(realBefore.incident);
    expect(journal.allEntries(real.id)).toEqual(realBefore.entries);
    expect(journal.verify(real.id, { full: true })).toEqual(realBefore.chain);
    expect(journal.verify(real.id)).toMatchObject({ ok: true, checked: realBefore.entries.length });
    expect(journal.removeDrills()).toEqual([]);
    journal.close();

    expect(indexedTerms(fx)).not.toContain('zq77drillword');
    const db = fx.raw();
    for (const table of ['entry_bodies', 'entry_flags']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table} WHERE entry_rowid NOT IN (SELECT rowid FROM entries)`).get()).toEqual({ n: 0 });
    }
  });

  it('refuses, in the schema itself, to remove a real incident or its entries, or to turn one into a drill', () => {
    const journal = fx.journalAt(4);
    const real = writeSampleIncident(journal, fx.clock, { withWriteUp: false });
    journal.close();
    const db = fx.raw({ writable: true });
    expect(() => db.prepare('UPDATE incidents SET drill = 1 WHERE id = ?').run(real.id)).toThrow(/never changes/);
    expect(() => db.prepare('DELETE FROM entries WHERE incident_id = ?').run(real.id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM incidents WHERE id = ?').run(real.id)).toThrow(/real incident is kept/);
    expect(() => db.prepare("UPDATE entries SET author = 'mallory'").run()).toThrow(/append-only/);
  });

  // No migration follows 0004 here yet (0003 and 0005 are on their own branches): the next one's test starts from a file this version wrote.
  it('is the latest, so a journal written at version 4 reopens as it was, with nothing migrated', () => {
    expect(LATEST_SCHEMA_VERSION).toBe(4);
    const first = fx.journalAt(4);
    const incident = writeSampleIncident(first, fx.clock, { withWriteUp: true });
    const drill = first.createIncident({ title: 'Drill', detectedBy: 'game day', drill: true });
    const before = { entries: first.allEntries(incident.id), chain: first.verify(incident.id), drill: first.getIncident(drill.id) };
    first.close();

    const again = fx.journalAt(LATEST_SCHEMA_VERSION);
    expect(again.state.integrity.state).toBe('checking');
    expect(again.allEntries(incident.id)).toEqual(before.entries);
    expect(again.verify(incident.id, { full: true })).toEqual(before.chain);
    expect(again.getIncident(drill.id)).toEqual(before.drill);
  });
});
