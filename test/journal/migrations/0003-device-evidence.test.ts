import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEYS_OF_DEVICES } from '../../../src/main/core/journal/device-keys';
import { Journal } from '../../../src/main/core/journal/journal';
import { migrations } from '../../../src/main/core/journal/migrations';
import { entryPageSql } from '../../../src/main/core/journal/timeline-queries';
import { writeSampleIncident } from '../../support/sample-incident';
import { createMigrationFixture, schemaNames, type MigrationFixture } from './migration-fixture';

let fx: MigrationFixture;
beforeEach(() => {
  fx = createMigrationFixture();
});
afterEach(() => fx.dispose());

const DEVICE = '5f0c2a8e-3b6d-4e1f-9a27-6c4d8b1e0f35';
const KEY = {
  deviceId: DEVICE,
  publicKey: 'Vxpm9PjLYug6fwgP1mDDnKCD8LryLSlccylpWy7ZcQw=',
  fingerprint: 'f73331fb4390c7991f1bf930016aed86dda984aa3ed043db377e03cb9802461e',
};
const columnsOf = (table: string) => (fx.raw().prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((column) => column.name);
/** The journal at version 3 written by this device (what the console opens). */
const deviceJournal = () => new Journal({ path: fx.path, clock: fx.clock, author: 'alice', device: DEVICE, migrations: migrations.slice(0, 3) });

describe('migration 0003: device evidence', () => {
  it('brings a fresh file to exactly version 3: a device column on entries, and the device keys, kept like entries', () => {
    fx.journalAt(3).close();
    expect(fx.raw().pragma('user_version', { simple: true })).toBe(3);
    expect(columnsOf('entries')).toContain('device');
    expect(columnsOf('device_keys')).toEqual(['fingerprint', 'device_id', 'public_key', 'recorded_at']);
    expect(schemaNames(fx.raw())).toEqual(
      expect.arrayContaining(['device_keys', 'device_keys_by_device', 'device_keys_are_kept_update', 'device_keys_are_kept_delete']),
    );
  });

  it('keeps every incident, entry and hash of a version 2 journal: its entries stay without a device, and this device continues their chain', () => {
    const v2 = fx.journalAt(2);
    const incident = writeSampleIncident(v2, fx.clock, { withWriteUp: true });
    const before = { incident: v2.getIncident(incident.id), entries: v2.allEntries(incident.id), chain: v2.verify(incident.id, { full: true }) };
    v2.close();

    const v3 = deviceJournal();
    expect(fx.raw().pragma('user_version', { simple: true })).toBe(3);
    expect(v3.getIncident(incident.id)).toEqual(before.incident);
    expect(v3.allEntries(incident.id)).toEqual(before.entries);
    expect(before.entries.every((entry) => entry.device === null)).toBe(true);
    expect(v3.verify(incident.id, { full: true })).toEqual(before.chain);

    const next = v3.append(incident.id, { kind: 'note', text: 'written after the upgrade', data: {} });
    expect(next).toMatchObject({ seq: before.entries.length + 1, device: DEVICE, prevHash: before.chain.headHash });
    expect(v3.verify(incident.id, { full: true })).toMatchObject({ ok: true, checked: before.entries.length + 1 });
  });

  it('records device keys with the entry that needs them, once, and refuses to edit or remove one', () => {
    const journal = deviceJournal();
    const incident = journal.createIncident({ title: 'Keys', detectedBy: 'test' });
    for (let i = 0; i < 2; i += 1) journal.appendStating(incident.id, () => ({ kind: 'note', text: `stated ${i}`, data: {} }), KEY);
    expect(journal.keysOfDevices([DEVICE])).toEqual([{ ...KEY, recordedAt: fx.clock.now().toISOString() }]);
    expect(journal.keysOfDevices(['another device'])).toEqual([]);
    journal.close();
    const db = fx.raw({ writable: true });
    expect(() => db.prepare("UPDATE device_keys SET public_key = 'x'").run()).toThrow(/never edited/);
    expect(() => db.prepare('DELETE FROM device_keys').run()).toThrow(/never removed/);
  });

  it('the latest checkpoint of an incident and the keys of its devices are read through their indexes', () => {
    fx.journalAt(3).close();
    const { page, params } = entryPageSql({ incidentId: 'x', kinds: ['checkpoint'], order: 'desc', limit: 1 });
    const plan = (fx.raw().prepare(`EXPLAIN QUERY PLAN ${page}`).all(params) as { detail: string }[]).map((row) => row.detail);
    expect(plan[0]).toBe('SEARCH e USING INDEX entries_by_kind (incident_id=? AND kind=?)');
    expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY');
    const keys = (fx.raw().prepare(`EXPLAIN QUERY PLAN ${KEYS_OF_DEVICES}`).all('["x"]') as { detail: string }[]).map((row) => row.detail);
    expect(keys.some((step) => step.startsWith('SEARCH device_keys USING INDEX device_keys_by_device (device_id=?)'))).toBe(true);
  });

  // Migrating on from here is the next migration's test (0004), which starts from a file this version wrote.
  it('a journal written at version 3 reopens at version 3 as it was, with nothing migrated', () => {
    const first = deviceJournal();
    const incident = writeSampleIncident(first, fx.clock, { withWriteUp: true });
    const before = { entries: first.allEntries(incident.id), chain: first.verify(incident.id) };
    first.close();
    const again = deviceJournal();
    expect(fx.raw().pragma('user_version', { simple: true })).toBe(3);
    expect(again.state.integrity.state).toBe('checking');
    expect(again.allEntries(incident.id)).toEqual(before.entries);
    expect(before.entries.every((entry) => entry.device === DEVICE)).toBe(true);
    expect(again.verify(incident.id, { full: true })).toEqual(before.chain);
  });
});
