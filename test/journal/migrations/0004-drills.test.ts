import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../../src/main/core/journal/journal';
import { migrations } from '../../../src/main/core/journal/migrations';
import { writeSampleIncident } from '../../support/sample-incident';
import { createMigrationFixture, indexedTerms, schemaNames, type MigrationFixture } from './migration-fixture';

let fx: MigrationFixture;
beforeEach(() => {
  fx = createMigrationFixture();
});
afterEach(() => fx.dispose());

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

  it('then 0004 on a journal written at version 3 by a device: its entries keep their device, its keys stay recorded, its chain unchanged', () => {
    const device = '5f0c2a8e-3b6d-4e1f-9a27-6c4d8b1e0f35';
    const key = {
      deviceId: device,
      publicKey: 'Vxpm9PjLYug6fwgP1mDDnKCD8LryLSlccylpWy7ZcQw=',
      fingerprint: 'f73331fb4390c7991f1bf930016aed86dda984aa3ed043db377e03cb9802461e',
    };
    const atVersion = (version: number) =>
      new Journal({ path: fx.path, clock: fx.clock, author: 'alice', device, migrations: migrations.filter((migration) => migration.version <= version) });
    const v3 = atVersion(3);
    const incident = writeSampleIncident(v3, fx.clock, { withWriteUp: false });
    v3.appendStating(incident.id, () => ({ kind: 'note', text: 'stated with the key', data: {} }), key);
    const before = { entries: v3.allEntries(incident.id), chain: v3.verify(incident.id, { full: true }), keys: v3.keysOfDevices([device]) };
    v3.close();

    const v4 = atVersion(4);
    expect(fx.raw().pragma('user_version', { simple: true })).toBe(4);
    expect(v4.getIncident(incident.id)).toMatchObject({ drill: false });
    expect(v4.allEntries(incident.id)).toEqual(before.entries);
    expect(before.entries.every((entry) => entry.device === device)).toBe(true);
    expect(v4.keysOfDevices([device])).toEqual(before.keys);
    expect(v4.verify(incident.id, { full: true })).toEqual(before.chain);
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

  // 0005 follows (its own test migrates a file this version wrote); reopened at version 4, a version-4 file is left as it is.
  it('a journal written at version 4 reopens at version 4 as it was, with nothing migrated', () => {
    const first = fx.journalAt(4);
    const incident = writeSampleIncident(first, fx.clock, { withWriteUp: true });
    const drill = first.createIncident({ title: 'Drill', detectedBy: 'game day', drill: true });
    const before = { entries: first.allEntries(incident.id), chain: first.verify(incident.id), drill: first.getIncident(drill.id) };
    first.close();

    const again = fx.journalAt(4);
    expect(again.state.integrity.state).toBe('checking');
    expect(again.allEntries(incident.id)).toEqual(before.entries);
    expect(again.verify(incident.id, { full: true })).toEqual(before.chain);
    expect(again.getIncident(drill.id)).toEqual(before.drill);
  });
});
