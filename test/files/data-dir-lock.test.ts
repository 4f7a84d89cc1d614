import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { composeCore } from '../../src/main/core/compose-core';
import { LOCK_FILE_NAME } from '../../src/main/core/files/data-dir-lock';

const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-lock-'));
  dirs.push(dir);
  return dir;
}

const start = (dir: string, mode: 'browser' | 'electron' = 'browser') =>
  composeCore({ name: 'Incident Console', version: '0', mode, dataDir: dir, operator: 'ops', platform: 'linux', clock });

/** The pid of a process that has come and gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('one console per data dir', () => {
  it('refuses a second console on the same data dir, naming the holder, and lets one start once the first is closed', async () => {
    const dir = dataDir();
    const first = await start(dir, 'electron');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8'))).toEqual({
      pid: process.pid,
      since: '2026-03-15T09:00:00.000Z',
      mode: 'electron',
      host: hostname(),
    });
    await expect(start(dir)).rejects.toMatchObject({
      code: 'DATA_DIR_IN_USE',
      message: `The data directory ${dir} is already open by process ${process.pid} since 2026-03-15 09:00:00 UTC (the desktop app). Use that console, or quit it and start again.`,
    });
    // The refused one changed nothing: the first still holds the dir and still writes.
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).mode).toBe('electron');
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    const second = await start(dir);
    await second.close();
  });

  it('takes over a lock left by a process that is gone (a crash, a SIGKILL)', async () => {
    const dir = dataDir();
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid, since: '2026-03-14T22:00:00.000Z', mode: 'browser', host: hostname() }));
    const core = await start(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8'))).toMatchObject({ pid: process.pid });
    await core.close();
  });

  it('takes over a lock file that is not a lock (cut short by a crash)', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE_NAME), '{"pid": 12');
    const core = await start(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8'))).toMatchObject({ pid: process.pid });
    await core.close();
  });

  it('does not take over a lock held from another machine (a shared folder), saying where', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid(), since: '2026-03-15T08:30:00.000Z', mode: 'browser', host: 'other-laptop' }));
    await expect(start(dir)).rejects.toThrow(/already open by process \d+ on other-laptop since 2026-03-15 08:30:00 UTC \(browser mode\)/);
  });
});
