import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SyncDatabase } from '../../src/main/core/sync/sync-database';
import type { SyncEntry } from '../../src/main/core/sync/sync-shapes';
import { parseTeamDatabaseAddress } from '../../src/main/core/sync/team-database-address';
import { waitFor } from '../support/free-port';
import { teamDatabaseForFile } from '../support/team-database-fixture';
import { startTcpProxy } from '../support/tcp-proxy';

const team = teamDatabaseForFile();
let databases = 0;

/** A database of its own for each test, reached directly or through a proxy's port. */
function freshDatabase(port = team.pg.port) {
  const name = `sync_db_${++databases}`;
  team.pg.psql(`CREATE DATABASE ${name}`);
  return { name, address: parseTeamDatabaseAddress(`postgres://postgres@127.0.0.1:${port}/${name}`) };
}

const sql = (database: string, statement: string) => team.pg.psql(statement, database);

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Entries of the exchange shape; the database stores and returns them, it does not verify them (the journal's import does). */
function entry(incidentId: string, device: string, seq: number, variant = ''): SyncEntry {
  return {
    id: randomUUID(),
    incidentId,
    seq,
    kind: 'note',
    author: 'ana',
    recordedAt: '2026-12-01T10:00:00.000Z',
    occurredAt: null,
    refersTo: null,
    device,
    text: `note ${seq}${variant}`,
    data: null,
    bodyHash: hex(`body ${seq}${variant}`),
    prevHash: hex(`prev ${seq}`),
    hash: hex(`${device} ${seq}${variant}`),
    chain: device,
  };
}

const noLoss = () => undefined;
const INCIDENT = randomUUID();

describe('the team database', () => {
  it('is migrated once, records the version, and refuses a schema newer than this console without writing to it', async () => {
    const { name, address } = freshDatabase();
    const first = await SyncDatabase.connect(address, noLoss);
    await first.close();
    const again = await SyncDatabase.connect(address, noLoss);
    expect(again.databaseId).toBe(first.databaseId);
    await again.close();
    expect(sql(name, 'SELECT version, name FROM schema_migrations')).toBe('1|entries and device keys');

    const future = freshDatabase();
    sql(
      future.name,
      "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO schema_migrations VALUES (99, 'from the future', now())",
    );
    await expect(SyncDatabase.connect(future.address, noLoss)).rejects.toMatchObject({ code: 'SYNC_SCHEMA_NEWER' });
    expect(sql(future.name, "SELECT to_regclass('sync_entries') IS NULL")).toBe('t');
    expect(sql(future.name, 'SELECT count(*) FROM schema_migrations')).toBe('1');
  });

  it('takes a replayed push as a no-op and pulls every row once, in ingest order, in pages after a cursor', async () => {
    const { address } = freshDatabase();
    const db = await SyncDatabase.connect(address, noLoss);
    // More than 9 rows: ingest_seq 10 must come after 9, not after 1 (as text would sort it).
    const entries = Array.from({ length: 25 }, (_, index) => entry(INCIDENT, 'dev-a', index + 1));
    const keys = [{ deviceId: 'dev-a', fingerprint: hex('key a'), publicKey: 'A'.repeat(43) + '=' }];
    expect(await db.push(entries, keys)).toEqual({ inserted: 25, alreadyThere: 0, conflicts: [] });
    expect(await db.push(entries, keys)).toEqual({ inserted: 0, alreadyThere: 25, conflicts: [] });

    const pulled = [];
    let cursor = 0;
    for (let page = await db.pull(cursor, 10); page.entries.length > 0; page = await db.pull(cursor, 10)) {
      expect(page.deviceKeys).toEqual(keys);
      pulled.push(...page.entries.map((row) => row.entry));
      cursor = page.through;
    }
    expect(pulled).toEqual(entries);
    expect((await db.pull(cursor, 10)).through).toBe(cursor);
    await db.close();
  });

  it('keeps an equivocating row beside the first, reports it on push, and pulls both', async () => {
    const { name, address } = freshDatabase();
    const db = await SyncDatabase.connect(address, noLoss);
    const honest = entry(INCIDENT, 'dev-a', 1);
    const forged = entry(INCIDENT, 'dev-a', 1, '-forged');
    await db.push([honest], []);
    const result = await db.push([forged], []);
    expect(result.conflicts).toEqual([{ incidentId: INCIDENT, device: 'dev-a', seq: 1, pushedHash: forged.hash, storedHash: honest.hash }]);
    expect((await db.pull(0, 10)).entries.map((row) => row.entry.hash)).toEqual([honest.hash, forged.hash]);
    expect(() => sql(name, "UPDATE sync_entries SET hash = 'x'")).toThrow(/immutable/);
    expect(() => sql(name, 'DELETE FROM sync_entries')).toThrow(/immutable/);
    expect(sql(name, 'SELECT count(*) FROM sync_entries')).toBe('2');
    await db.close();
  });

  it('wakes a listener on every push and reports a connection cut by the network', async () => {
    const proxy = await startTcpProxy(team.pg.port);
    const { address } = freshDatabase(proxy.port);
    const lost: string[] = [];
    const listener = await SyncDatabase.connect(address, (message) => lost.push(message));
    let wakes = 0;
    await listener.listen(() => wakes++);
    const pusher = await SyncDatabase.connect({ ...address, port: team.pg.port }, noLoss);
    await pusher.push([entry(INCIDENT, 'dev-b', 1)], []);
    await waitFor('the NOTIFY', () => (wakes === 1 ? true : undefined));

    proxy.cut();
    await waitFor('the loss to be reported', () => (lost.length > 0 ? true : undefined));
    await expect(listener.pull(0, 10)).rejects.toMatchObject({ code: 'SYNC_DATABASE_FAILED' });
    await listener.close();
    await pusher.close();
    await proxy.close();
  });
});

describe('the team database connection string', () => {
  it('is refused without TLS when the host is not this machine, and accepted on loopback', () => {
    expect(() => parseTeamDatabaseAddress('postgres://ana:pw@db.example.org/incidents')).toThrow(/must use TLS/);
    expect(() => parseTeamDatabaseAddress('postgres://ana:pw@db.example.org/incidents?sslmode=prefer')).toThrow(/must use TLS/);
    expect(parseTeamDatabaseAddress('postgres://ana:pw@db.example.org:6432/incidents?sslmode=verify-full')).toMatchObject({
      host: 'db.example.org',
      port: 6432,
      database: 'incidents',
      tls: true,
    });
    expect(parseTeamDatabaseAddress('postgresql://ana@[::1]/incidents')).toMatchObject({ host: '::1', tls: false, password: undefined });
    expect(() => parseTeamDatabaseAddress('mysql://ana@127.0.0.1/incidents')).toThrow(/postgres:\/\//);
    expect(() => parseTeamDatabaseAddress('postgres://127.0.0.1/incidents')).toThrow(/no user/);
  });
});
