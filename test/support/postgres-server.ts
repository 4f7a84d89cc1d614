import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port';
import { startService } from './service-process';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  port: number;
  user: string;
  database: string;
  /** Runs psql against it (to seed data or hold a connection), in `database` (default postgres). */
  psql(sql: string, database?: string): string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL 15 cluster in a temp dir on a random loopback port, trust auth, no unix
 * socket. Postgres refuses to run as root, so as root it runs as the `postgres` system user.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ic-pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  const ids = asRoot ? systemUser('postgres') : undefined;
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const spawnAs = ids ? { uid: ids.uid, gid: ids.gid } : {};
  execFileSync(join(PG_BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C'], {
    ...spawnAs,
    cwd: dir,
    stdio: 'pipe',
    env: { ...process.env, HOME: dir },
  });
  const port = await freePort();
  const service = startService(
    join(PG_BIN, 'postgres'),
    ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    { ...spawnAs, cwd: dir, env: { ...process.env, HOME: dir } },
    'SIGINT',
  );
  const psql = (sql: string, database = 'postgres') =>
    execFileSync('psql', ['-X', '-w', '-A', '-t', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-c', sql], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  await waitFor(`postgres on ${port}: ${service.output()}`, () => (psql('SELECT 1') === '1' ? true : undefined), 30_000);
  return {
    port,
    user: 'postgres',
    database: 'postgres',
    psql,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function systemUser(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}
