import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../src/main/core/secrets';
import { TEAM_DATABASE_SECRET } from '../../src/main/core/sync/sync-service';
import { answer, callOk } from '../support/call';
import { createTestConsole, type TestConsole } from '../support/console';
import { waitFor } from '../support/free-port';
import { startPostgres, type TestPostgres } from '../support/postgres-server';

let pg: TestPostgres;
const opened: TestConsole[] = [];
const PASSWORD = 'hunter2-team-pw';

beforeAll(async () => {
  pg = await startPostgres();
  pg.psql('CREATE DATABASE settings_db');
}, 60_000);
afterAll(async () => {
  for (const console of opened) await console.dispose();
  await pg?.stop();
});

/** Every byte the console wrote under its data dir, as text. */
function everythingWritten(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'latin1'))
    .join('\n');
}

describe('the team database setting', () => {
  it('refuses clear text to a remote host, keeps the string in the keychain only, and shows where the database is but never who logs in', async () => {
    // Closed by hand below (a restart); the restarted console disposes of the data dir.
    const console = await createTestConsole(new Date(), { deps: { syncRetryMs: 200, syncPeriodicPullMs: 2_000 } });
    expect(await callOk(console.core, 'sync.status', {})).toMatchObject({ connection: 'off', database: null, waiting: 0 });

    const remote = await answer(console.core, 'sync.configure', { connectionString: `postgres://ana:${PASSWORD}@db.example.org/incidents` });
    expect(remote).toMatchObject({ ok: false, error: { code: 'SYNC_TLS_REQUIRED' } });
    expect(!remote.ok && remote.error.message).toMatch(/sslmode=verify-full/);
    const keychain = new KeytarSecretStore();
    expect(await keychain.get(TEAM_DATABASE_SECRET.service, TEAM_DATABASE_SECRET.account)).toBeNull();

    const connectionString = `postgres://postgres:${PASSWORD}@127.0.0.1:${pg.port}/settings_db`;
    const status = await callOk(console.core, 'sync.configure', { connectionString });
    expect(status).toMatchObject({
      connection: 'online',
      database: { host: '127.0.0.1', port: pg.port, database: 'settings_db', tls: false },
      lastError: null,
    });
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
    expect(JSON.stringify(status)).not.toContain('postgres:');
    expect(await keychain.get(TEAM_DATABASE_SECRET.service, TEAM_DATABASE_SECRET.account)).toBe(connectionString);

    const incident = await callOk(console.core, 'incidents.create', { title: 'Login errors', detectedBy: 'alert' });
    await waitFor('the incident pushed', () =>
      Number(pg.psql(`SELECT count(*) FROM sync_entries WHERE incident_id = '${incident.id}'`, 'settings_db')) > 0 ? true : undefined,
    );
    await waitFor('nothing waiting', async () => ((await callOk(console.core, 'sync.status', {})).waiting === 0 ? true : undefined));
    expect(everythingWritten(console.dataDir)).not.toContain(PASSWORD);

    // A restart reads the setting back from the keychain.
    await console.core.close();
    const again = await createTestConsole(new Date(), { dataDir: console.dataDir, deps: { syncRetryMs: 200 } });
    opened.push(again);
    const reconnected = await waitFor('online after the restart', async () => {
      const current = await callOk(again.core, 'sync.status', {});
      return current.connection === 'online' ? current : undefined;
    });
    expect(reconnected.database).toMatchObject({ host: '127.0.0.1', database: 'settings_db' });
    expect(reconnected.lastSyncedAt).not.toBeNull();

    expect(await callOk(again.core, 'sync.configure', { connectionString: null })).toMatchObject({ connection: 'off', database: null });
    expect(await keychain.get(TEAM_DATABASE_SECRET.service, TEAM_DATABASE_SECRET.account)).toBeNull();
  });
});
