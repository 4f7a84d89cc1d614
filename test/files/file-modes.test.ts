import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { composeCore, type Core } from '../../src/main/core/compose-core';
import { callOk as call } from '../support/call';
import { saveWindowState, windowStateFile } from '../../src/main/core/app/window-state-file';

// This file runs in its own process: no keychain, so profiles.save runs without one (nothing secret is saved here).
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/incident-console-no-bus';

const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
const dirs: string[] = [];
const originalUmask = process.umask();
afterEach(() => {
  process.umask(originalUmask);
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function dataDirIn(parent?: string): string {
  const root = parent ?? mkdtempSync(join(tmpdir(), 'incident-console-modes-'));
  if (!parent) dirs.push(root);
  return join(root, 'Incident Console');
}

const start = (dataDir: string) => composeCore({ name: 'Incident Console', version: '0', mode: 'browser', dataDir, operator: 'ops', platform: 'linux', clock });

/** Every file and folder below `root` with its permission bits as `ls -l` shows them, and what 0600/0700 would be. */
function modes(root: string): Map<string, { mode: string; private: string }> {
  const found = new Map<string, { mode: string; private: string }>();
  const walk = (path: string) => {
    const stats = lstatSync(path);
    found.set(path.slice(root.length) || '/', { mode: (stats.mode & 0o777).toString(8), private: stats.isDirectory() ? '700' : '600' });
    if (stats.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return found;
}

function expectAllPrivate(root: string): void {
  for (const [path, found] of modes(root)) expect({ path, mode: found.mode }).toEqual({ path, mode: found.private });
}

/** Writes everything the console writes: journal (with its WAL and shm), settings, hosts, profiles, exports, a customer update, the window state. */
async function writeEverything(core: Core, dataDir: string): Promise<void> {
  const incident = await call(core, 'incidents.create', { title: 'Checkout down', detectedBy: 'alert' });
  await call(core, 'journal.append', { incidentId: incident.id, kind: 'note', text: 'Rolled back deploy 4512' });
  await call(core, 'app.settings.set', { theme: 'dark' });
  await call(core, 'diagnostics.saveHost', { host: { name: 'db-1', target: { kind: 'ssh', host: 'db1.internal' }, roles: ['db'] } });
  await call(core, 'profiles.save', { name: 'prod', baseUrl: 'https://powernode.example.test', email: 'ops@example.test' });
  await call(core, 'postmortem.export', { incidentId: incident.id });
  await call(core, 'comms.saveCustomerUpdate', { incidentId: incident.id, subject: 'Checkout', body: 'We are on it.' });
  saveWindowState(windowStateFile(dataDir), { bounds: { x: 0, y: 0, width: 1200, height: 800 }, maximized: false });
}

describe('everything the console writes is private to the user', () => {
  for (const umask of [0o000, 0o022, 0o077]) {
    it(`with umask ${umask.toString(8).padStart(3, '0')}: the data dir and every folder in it 0700, every file 0600`, async () => {
      process.umask(umask);
      const dataDir = dataDirIn();
      const core = await start(dataDir);
      await writeEverything(core, dataDir);
      const whileOpen = modes(dataDir);
      await core.close();
      // While running, the journal's WAL and shm are there too.
      expect([...whileOpen.keys()]).toEqual(
        expect.arrayContaining([
          '/',
          '/journal.sqlite',
          '/journal.sqlite-wal',
          '/journal.sqlite-shm',
          '/settings.json',
          '/diagnostics-hosts.json',
          '/powernode-profiles.json',
          '/window-state.json',
          '/console.lock',
          '/exports',
        ]),
      );
      const exported = [...whileOpen.keys()].filter((path) => path.startsWith('/exports/') && path.split('/').length === 4);
      expect(exported.map((path) => path.split('/').at(-1)).sort()).toEqual(
        expect.arrayContaining(['postmortem.html', 'postmortem.md', 'timeline-bundle.json', expect.stringMatching(/^customer-update-.*\.txt$/)]),
      );
      for (const [path, found] of whileOpen) expect({ path, mode: found.mode }).toEqual({ path, mode: found.private });
      expectAllPrivate(dataDir);
    });
  }

  it('tightens an existing install at start: folder, journal, side files and old exports', async () => {
    process.umask(0o022);
    const dataDir = dataDirIn();
    const first = await start(dataDir);
    await writeEverything(first, dataDir);
    await first.close();
    // What an older version left: everything world-readable.
    for (const [path] of modes(dataDir)) chmodSync(join(dataDir, path), statSync(join(dataDir, path)).isDirectory() ? 0o755 : 0o644);
    writeFileSync(join(dataDir, 'notes-from-before.txt'), 'old file', { mode: 0o644 });
    mkdirSync(join(dataDir, 'exports', 'old-incident'), { mode: 0o755 });
    writeFileSync(join(dataDir, 'exports', 'old-incident', 'postmortem.md'), '# old', { mode: 0o666 });
    chmodSync(join(dataDir, 'exports', 'old-incident', 'postmortem.md'), 0o666);
    expect([...modes(dataDir).values()].filter((found) => found.mode !== found.private).length).toBeGreaterThan(10);

    const again = await start(dataDir);
    expectAllPrivate(dataDir);
    await again.close();
  });

  it('narrows without widening: a journal made read-only by its owner stays read-only', async () => {
    const dataDir = dataDirIn();
    const first = await start(dataDir);
    await call(first, 'incidents.create', { title: 'x', detectedBy: 'y' });
    await first.close();
    chmodSync(join(dataDir, 'journal.sqlite'), 0o444);
    const again = await start(dataDir);
    expect((lstatSync(join(dataDir, 'journal.sqlite')).mode & 0o777).toString(8)).toBe('400');
    expect(await call(again, 'journal.status', {})).toMatchObject({ readOnly: true });
    await again.close();
  });
});
