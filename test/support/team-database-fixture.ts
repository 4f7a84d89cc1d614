import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from './postgres-server';
import type { SyncClient } from './sync-client';

/** What a test file's consoles share: one PostgreSQL, and the consoles to stop after the file's last test. */
export interface TeamDatabaseFixture {
  readonly pg: TestPostgres;
  /** Consoles a test started: each is stopped, and its proxy closed, before PostgreSQL stops. */
  readonly clients: SyncClient[];
}

/** Starts a real PostgreSQL before the file's tests and stops it, with every console listed, after them. */
export function teamDatabaseForFile(): TeamDatabaseFixture {
  let server: TestPostgres | undefined;
  const clients: SyncClient[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) {
      await client.stop();
      await client.proxy.close();
    }
    await server?.stop();
  });
  return {
    get pg(): TestPostgres {
      if (!server) throw new Error('PostgreSQL was not started (teamDatabaseForFile runs it before the first test)');
      return server;
    },
    clients,
  };
}
