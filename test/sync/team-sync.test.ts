import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';
import { journalSyncPort } from '../../src/main/core/sync/journal-sync-port';
import { SyncStateFile } from '../../src/main/core/sync/sync-state-file';
import { TeamSync } from '../../src/main/core/sync/team-sync';
import { ConsoleError } from '../../src/shared/errors';
import { waitFor } from '../support/free-port';
import { teamDatabaseForFile } from '../support/team-database-fixture';
import { startSyncClient } from '../support/sync-client';

const team = teamDatabaseForFile();
let databases = 0;

function freshDatabase(): string {
  const name = `team_sync_${++databases}`;
  team.pg.psql(`CREATE DATABASE ${name}`);
  return name;
}

/** How many rows the team database holds per (device, seq): more than one would be a duplicate. */
const rowsIn = (database: string) => Number(team.pg.psql('SELECT count(*) FROM sync_entries', database));
const duplicates = (database: string) =>
  Number(team.pg.psql('SELECT count(*) FROM (SELECT 1 FROM sync_entries GROUP BY incident_id, device, seq HAVING count(*) > 1) d', database));

describe('one console and the team database', () => {
  it('keeps appending while the database is away, counts what waits, says why, and pushes it all once it is back', async () => {
    const database = freshDatabase();
    const client = await startSyncClient({ pgPort: team.pg.port, database });
    await client.until('online', (status) => status.connection === 'online');
    client.proxy.refuse(true);
    client.proxy.cut();

    const incident = client.journal.createIncident({ title: 'Queue backlog', detectedBy: 'alert' });
    for (const text of ['workers stalled', 'paused the importer', 'backlog draining']) client.journal.append(incident.id, { kind: 'note', text, data: {} });
    const offline = await client.until('offline with 4 waiting', (status) => status.connection === 'offline' && status.waiting === 4);
    expect(offline.lastError?.message).toMatch(/team database/);
    expect(client.journal.allEntries(incident.id)).toHaveLength(4);

    client.proxy.refuse(false);
    client.sync.wake();
    const back = await client.until('online with nothing waiting', (status) => status.connection === 'online' && status.waiting === 0);
    expect(back.lastError).toBeNull();
    expect(back.lastSyncedAt).not.toBeNull();
    expect(rowsIn(database)).toBe(4);
    await client.stop();
    await client.proxy.close();
  });

  it('marks a push whose answer was lost as unknown until the database is read again, and the database holds each entry once', async () => {
    const database = freshDatabase();
    const client = await startSyncClient({ pgPort: team.pg.port, database, queryTimeoutMs: 1_000 });
    await client.until('online', (status) => status.connection === 'online');
    const incident = client.journal.createIncident({ title: 'Disk full on db-2', detectedBy: 'pager' });
    await waitForRows(database, 1);
    await client.until('pushed', (status) => status.waiting === 0 && status.connection === 'online' && !status.pushOutcomeUnknown);

    client.proxy.holdRepliesAfter('sync_push');
    client.journal.append(incident.id, { kind: 'note', text: 'rotated logs', data: {} });
    await client.until('the push sent and unanswered', (status) => status.pushOutcomeUnknown);
    // The server acted: the row is there, though the console never heard so.
    await waitForRows(database, 2);
    const unknown = await client.until('the timeout reported', (status) => status.connection === 'offline');
    expect(unknown.waiting).toBe(1);
    expect(unknown.pushOutcomeUnknown).toBe(true);

    client.proxy.resume();
    const settled = await client.until('settled', (status) => status.connection === 'online' && status.waiting === 0 && !status.pushOutcomeUnknown);
    expect(settled.lastError).toBeNull();
    expect(rowsIn(database)).toBe(2);
    expect(duplicates(database)).toBe(0);
    await client.stop();
    await client.proxy.close();
  });
});

async function waitForRows(database: string, count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (rowsIn(database) < count) {
    if (Date.now() > deadline) throw new Error(`the team database never held ${count} rows`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a console where no team database can be set', () => {
  it('says sync is off and why when there is no keychain, counts nothing as lost, and writes no sync file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-sync-no-keychain-'));
    const journal = new Journal({ path: join(dir, 'journal.sqlite'), clock: systemClock, author: 'ana', device: 'device-without-keychain' });
    await journal.checked();
    journal.createIncident({ title: 'Cache stampede', detectedBy: 'alert' });
    const state = new SyncStateFile(dir);
    const sync = new TeamSync({
      journal: journalSyncPort(journal, 'device-without-keychain'),
      state,
      clock: systemClock,
      address: () => Promise.reject(new ConsoleError('KEYCHAIN_UNAVAILABLE', 'No OS keychain is available (libsecret is not installed).')),
    });
    sync.start();
    const status = await waitFor('the status', () => (sync.current().lastError ? sync.current() : undefined));
    expect(status).toMatchObject({ connection: 'off', database: null, waiting: 1 });
    expect(status.lastError?.message).toMatch(/No OS keychain/);
    await sync.stop();
    state.close();
    journal.close();
    expect(readdirSync(dir)).not.toContain('team-sync.sqlite');
  });
});
