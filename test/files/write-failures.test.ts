import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { composeCore } from '../../src/main/core/compose-core';
import { answer, callOk } from '../support/call';

process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/incident-console-no-bus';

const isRoot = process.getuid?.() === 0;
const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
const cleanups: Array<() => void> = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((cleanup) => cleanup()),
);

const start = (dataDir: string) => composeCore({ name: 'Incident Console', version: '0', mode: 'browser', dataDir, operator: 'ops', platform: 'linux', clock });

function tmpfs(): string {
  const mount = mkdtempSync(join(tmpdir(), 'incident-console-ro-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount]);
  cleanups.push(() => {
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });
  return mount;
}

describe.skipIf(!isRoot)('a read-only data dir', () => {
  it('the console starts, reads its journal and settings, and every save says read-only by name, leaving nothing behind', async () => {
    const mount = tmpfs();
    const dataDir = join(mount, 'data');
    const first = await start(dataDir);
    const incident = await callOk(first, 'incidents.create', { title: 'Archived', detectedBy: 'alert' });
    await callOk(first, 'app.settings.set', { theme: 'dark' });
    await first.close();
    // (A file system cannot be remounted read-only under a running console: its journal is open for writing.)
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    cleanups.push(() => execFileSync('mount', ['-o', 'remount,rw', mount]));

    const core = await start(dataDir);
    expect(await callOk(core, 'journal.status', {})).toMatchObject({ available: true, readOnly: true, error: { code: 'JOURNAL_READ_ONLY' } });
    expect((await callOk(core, 'incidents.get', { incidentId: incident.id })).title).toBe('Archived');
    expect(await callOk(core, 'app.settings.get', {})).toEqual({ theme: 'dark', timeDisplay: 'both' });

    for (const [method, input] of [
      ['app.settings.set', { theme: 'light' }],
      ['diagnostics.saveHost', { host: { name: 'db-1', target: { kind: 'ssh', host: 'db1' }, roles: [] } }],
      ['profiles.save', { name: 'prod', baseUrl: 'https://powernode.example.test', email: 'ops@example.test' }],
      ['postmortem.export', { incidentId: incident.id }],
      ['comms.saveCustomerUpdate', { incidentId: incident.id, subject: 's', body: 'b' }],
    ] as const) {
      const refused = await answer(core, method, input as never);
      expect({ method, code: refused.ok ? 'saved' : refused.error.code }).toEqual({ method, code: 'FILE_READ_ONLY' });
      expect(refused.ok ? '' : refused.error.message).toMatch(/is on a read-only file system\. (Nothing was changed|None of the files was replaced)\.$/);
    }
    expect(await answer(core, 'journal.append', { incidentId: incident.id, kind: 'note', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'JOURNAL_READ_ONLY' },
    });
    expect(readdirSync(dataDir).sort()).toEqual(['journal.sqlite', 'settings.json']);
    await core.close();
  });
});

describe.skipIf(!isRoot)('a folder the user may not write to', () => {
  it('a save fails with FILE_PERMISSION_DENIED and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incident-console-perm-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const folder = join(dir, 'data');
    mkdirSync(folder, { mode: 0o755 });
    writeFileSync(join(folder, 'settings.json'), '{"theme": "light"}\n');
    // Root may write anywhere: the save runs as "nobody", for whom the root-owned folder is read-only.
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/files/save-as-child.ts', join(folder, 'settings.json')], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir },
    });
    expect(JSON.parse(child.stdout || child.stderr)).toEqual({
      ok: false,
      code: 'FILE_PERMISSION_DENIED',
      message: `Could not save the settings: permission to write ${join(folder, 'settings.json')} was denied. Nothing was changed; check who owns the folder.`,
    });
    expect(readdirSync(folder)).toEqual(['settings.json']);
    expect(readFileSync(join(folder, 'settings.json'), 'utf8')).toBe('{"theme": "light"}\n');
  });
});
