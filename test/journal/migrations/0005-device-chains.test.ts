import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../../src/main/core/journal/journal';
import { migrations } from '../../../src/main/core/journal/migrations';
import { verifyBundle } from '../../../src/main/core/reports/bundle-verification';
import { serializeBundle } from '../../../src/main/core/reports/timeline-bundle';
import { verifierFiles } from '../../../src/main/core/reports/verifier-files';
import { writeSampleIncident } from '../../support/sample-incident';
import { unsignedBundle } from '../../support/unsigned-bundle';
import { createMigrationFixture, indexedTerms, schemaNames, type MigrationFixture } from './migration-fixture';

let fx: MigrationFixture;
beforeEach(() => {
  fx = createMigrationFixture();
});
afterEach(() => fx.dispose());

const DEVICE = '5f0c2a8e-3b6d-4e1f-9a27-6c4d8b1e0f35';
const atVersion = (version: number, device?: string) =>
  new Journal({ path: fx.path, clock: fx.clock, author: 'alice', device, migrations: migrations.filter((migration) => migration.version <= version) });
const rowids = () =>
  fx.raw().prepare('SELECT e.rowid, e.id, b.entry_rowid AS body FROM entries e LEFT JOIN entry_bodies b ON b.entry_rowid = e.rowid ORDER BY e.rowid').all();

describe('migration 0005: chains per device', () => {
  it('turns the chain of a journal written before and after devices into this device’s own chain: every hash, rowid and word kept, old bundles still verify', () => {
    // Written at version 2 (no device in any header), then continued at version 4 by a device.
    const v2 = atVersion(2);
    const incident = writeSampleIncident(v2, fx.clock, { withWriteUp: true });
    v2.close();
    const v4 = atVersion(4, DEVICE);
    const secret = v4.append(incident.id, { kind: 'note', text: 'zq55token pasted by mistake', data: {} });
    v4.append(incident.id, { kind: 'redaction', text: 'token', data: {}, refersTo: secret.id });
    v4.append(incident.id, { kind: 'note', text: 'zq55word after the redaction', data: {} });
    expect(v4.search('zq55word')).toHaveLength(1);
    const before = {
      incident: v4.getIncident(incident.id),
      entries: v4.allEntries(incident.id),
      chain: v4.verify(incident.id, { full: true }),
      rows: rowids(),
      terms: indexedTerms(fx),
    };
    const oldBundle = unsignedBundle(v4, incident.id, '2026-03-15T12:00:00.000Z');
    v4.close();
    expect(before.entries.filter((entry) => entry.device === null)).toHaveLength(23);
    expect(before.chain).toMatchObject({ ok: true, checked: 26 });

    const v5 = atVersion(5, DEVICE);
    expect(fx.raw().pragma('user_version', { simple: true })).toBe(5);
    expect(v5.getIncident(incident.id)).toEqual(before.incident);
    expect(v5.allEntries(incident.id)).toEqual(before.entries);
    expect(v5.verify(incident.id, { full: true })).toEqual(before.chain);
    expect(rowids()).toEqual(before.rows);
    expect(indexedTerms(fx)).toEqual(before.terms);
    expect(v5.search('zq55word').map((hit) => hit.entry.id)).toEqual([before.entries.at(-1)!.id]);
    expect(v5.chainHeads(incident.id)).toEqual([{ chain: '', device: DEVICE, length: 26, headHash: before.chain.headHash }]);

    // The bundle exported before the migration verifies as it did, with the console's verifier and the shipped one;
    // exported again now, it is the same bundle.
    const report = verifyBundle(oldBundle);
    expect(report).toMatchObject({ verdict: 'limited', failure: null, chain: { device: DEVICE, legacyEntries: 23, verified: 26 } });
    expect(unsignedBundle(v5, incident.id, '2026-03-15T12:00:00.000Z')).toEqual(oldBundle);
    const dir = join(fx.path, '..');
    writeFileSync(join(dir, 'verify-bundle.mjs'), verifierFiles().node);
    writeFileSync(join(dir, 'timeline-bundle.json'), serializeBundle(oldBundle));
    const shipped = spawnSync(process.execPath, ['verify-bundle.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(shipped.stdout).toMatch(/^VERIFIED, WITH LIMITS: incident "Checkout API returning 500s"/);

    // This device's chain goes on from where it stood.
    const next = v5.append(incident.id, { kind: 'note', text: 'after the migration', data: {} });
    expect(next).toMatchObject({ seq: 27, prevHash: before.chain.headHash, device: DEVICE });
    expect(v5.verify(incident.id)).toMatchObject({ ok: true, checked: 27 });
  });

  it('keeps the journal append-only: the triggers are on the rebuilt table, and a chain never shrinks', () => {
    const v4 = atVersion(4, DEVICE);
    const incident = v4.createIncident({ title: 'Disk full', detectedBy: 'alert' });
    v4.close();
    atVersion(5, DEVICE).close();
    const db = fx.raw({ writable: true });
    expect(schemaNames(db)).toEqual(
      expect.arrayContaining([
        'chains',
        'entries_are_append_only_update',
        'entries_are_append_only_delete',
        'entries_by_seq',
        'entries_by_kind',
        'entries_merged',
        'chains_never_shrink',
      ]),
    );
    expect(() => db.prepare("UPDATE entries SET author = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM entries WHERE incident_id = ?').run(incident.id)).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE chains SET length = 0').run()).toThrow(/only grows/);
    expect(() => db.prepare('DELETE FROM chains').run()).toThrow(/append-only/);
    // Two entries of one chain cannot share a seq; two chains can.
    const columns = 'id, incident_id, seq, kind, author, recorded_at, body_hash, prev_hash, hash, chain';
    const insert = db.prepare(`INSERT INTO entries (${columns}) VALUES (?, ?, 1, 'note', 'x', '2026-03-15T09:00:00.000Z', 'h', 'p', 'h', ?)`);
    expect(() => insert.run('a-second-seq-1', incident.id, '')).toThrow(/UNIQUE/);
    expect(() => insert.run('another-device-seq-1', incident.id, '22222222-2222-4222-8222-222222222222')).not.toThrow();
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
