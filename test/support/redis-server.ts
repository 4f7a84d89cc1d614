import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port';
import { startService } from './service-process';

export interface TestRedis {
  port: number;
  /** Runs redis-cli against it (to seed data). */
  cli(...args: string[]): string;
  stop(): Promise<void>;
}

/** A real redis-server on a random loopback port: no persistence, no unix socket. */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'ic-redis-'));
  const port = await freePort();
  const service = startService('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
  ]);
  const cli = (...args: string[]) => execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' }).trim();
  await waitFor(`redis on ${port}: ${service.output()}`, () => (cli('PING') === 'PONG' ? true : undefined));
  return {
    port,
    cli,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
