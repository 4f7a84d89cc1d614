import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { composeCore, type Core } from '../../src/main/core/compose-core';
import type { MethodInput, MethodName } from '../../src/shared/contract';
import { answer } from '../support/call';
import { saveWindowState, windowStateFile } from '../../src/main/core/app/window-state-file';
import { fillUntilFull } from '../support/fill-disk';

// Its own process: no keychain, so profile saves need none.
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/incident-console-no-bus';

const isRoot = process.getuid?.() === 0;
const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));

/** Every file below `dir` with its bytes, to show that a failed save changed none of them. */
function snapshot(dir: string, skip: string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!skip.some((part) => full.includes(part))) files.set(full.slice(dir.length), readFileSync(full).toString('base64'));
    }
  };
  walk(dir);
  return files;
}

function temporaryFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.tmp')) found.push(full);
    }
  };
  walk(dir);
  return found;
}

describe.skipIf(!isRoot)('a full disk (a 4 MB tmpfs as the data dir)', () => {
  let mount: string;
  let dataDir: string;
  let core: Core;
  let incidentId: string;

  beforeAll(async () => {
    mount = mkdtempSync(join(tmpdir(), 'incident-console-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount]);
    dataDir = join(mount, 'data');
    mkdirSync(dataDir);
    core = await composeCore({ name: 'Incident Console', version: '0', mode: 'browser', dataDir, operator: 'ops', platform: 'linux', clock });
    const created = await call('incidents.create', { title: 'Disk full', detectedBy: 'alert' });
    if (!created.ok) throw new Error(created.error.message);
    incidentId = created.result.id;
    // One of each file exists before the disk fills, so "nothing half-written" can be checked on real content.
    await call('app.settings.set', { theme: 'dark' });
    await call('diagnostics.saveHost', { host: { name: 'db-1', target: { kind: 'ssh', host: 'db1' }, roles: [] } });
    await call('profiles.save', { name: 'prod', baseUrl: 'https://powernode.example.test', email: 'ops@example.test' });
    saveWindowState(windowStateFile(dataDir), { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: false });
  });
  afterAll(async () => {
    await core?.close();
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  const call = <M extends MethodName>(method: M, input: MethodInput<M>) => answer(core, method, input);
  const saves: Array<[string, () => Promise<unknown>]> = [
    ['settings', () => call('app.settings.set', { theme: 'light' })],
    ['a host', () => call('diagnostics.saveHost', { host: { name: 'db-2', target: { kind: 'ssh', host: 'db2' }, roles: [] } })],
    ['a Powernode profile', () => call('profiles.save', { name: 'staging', baseUrl: 'https://staging.example.test', email: 'ops@example.test' })],
    ['the post-mortem export', () => call('postmortem.export', { incidentId })],
    ['a customer update', () => call('comms.saveCustomerUpdate', { incidentId, subject: 'Disk', body: 'x'.repeat(20_000) })],
    [
      'the window position',
      async () => {
        try {
          saveWindowState(windowStateFile(dataDir), { bounds: { x: 5, y: 5, width: 1100, height: 750 }, maximized: true });
          return { ok: true };
        } catch (error) {
          return { ok: false, error: { code: (error as { code: string }).code, message: (error as Error).message } };
        }
      },
    ],
  ];

  it('every save fails with a named code and a plain message, leaves no temporary file and changes nothing', async () => {
    fillUntilFull(join(mount, 'filler'));
    const before = snapshot(dataDir, ['journal.sqlite', 'console.lock']);
    for (const [what, save] of saves) {
      const answer = (await save()) as { ok: boolean; error?: { code: string; message: string } };
      expect({ what, ok: answer.ok, code: answer.error?.code }).toEqual({ what, ok: false, code: 'FILE_DISK_FULL' });
      expect(answer.error!.message).toMatch(
        /^Could not .+: the disk holding .+ is full\. (Nothing was changed|None of the files was replaced); free some space and try again\.$/,
      );
      expect(answer.error!.message).not.toMatch(/ENOSPC|errno/);
      expect(temporaryFiles(dataDir)).toEqual([]);
    }
    expect(snapshot(dataDir, ['journal.sqlite', 'console.lock'])).toEqual(before);

    // The journal: the entry is refused whole (its WAL may have room for a few first), the chain holds.
    let refused: { code: string; message: string } | undefined;
    for (let i = 0; i < 400 && !refused; i += 1) {
      const answer = await call('journal.append', { incidentId, kind: 'note', text: `note ${i} ${'y'.repeat(8000)}` });
      if (!answer.ok) refused = answer.error;
    }
    expect(refused).toMatchObject({ code: 'JOURNAL_DISK_FULL' });
    expect(refused!.message).toMatch(/the disk holding .+journal\.sqlite is full\. Nothing was recorded; free some space and try again\./);
    expect(await call('journal.verify', { incidentId })).toMatchObject({ result: { ok: true } });
  });

  it('every save works again once space is freed', async () => {
    rmSync(join(mount, 'filler'));
    for (const [what, save] of saves) expect({ what, ok: ((await save()) as { ok: boolean }).ok }).toEqual({ what, ok: true });
    expect(await call('app.settings.get', {})).toEqual({ ok: true, result: { theme: 'light', timeDisplay: 'both' } });
    const appended = await call('journal.append', { incidentId, kind: 'note', text: 'Space freed, recording again' });
    expect(appended.ok).toBe(true);
    expect(await call('journal.verify', { incidentId })).toMatchObject({ result: { ok: true } });
    expect(temporaryFiles(dataDir)).toEqual([]);
  });

  it('a console started on a full disk reads its journal (from memory), says why nothing can be recorded, and records after a restart with space', async () => {
    await core.close();
    fillUntilFull(join(mount, 'filler'));
    core = await composeCore({ name: 'Incident Console', version: '0', mode: 'browser', dataDir, operator: 'ops', platform: 'linux', clock });
    const status = await call('journal.status', {});
    expect(status).toMatchObject({ result: { available: true, readOnly: true, error: { code: 'JOURNAL_READ_ONLY' } } });
    expect(status.ok ? status.result.error?.message : '').toMatch(
      /could not open it in place \(its disk is full or failing\), so a copy of it was read into memory; once that is fixed, restart the console/,
    );
    expect(await call('journal.entries', { incidentId })).toMatchObject({ ok: true, result: { total: expect.any(Number) } });
    expect(await call('journal.append', { incidentId, kind: 'note', text: 'while full' })).toMatchObject({ ok: false, error: { code: 'JOURNAL_READ_ONLY' } });
    // Nor was the lock taken; the Overview says so.
    expect(await call('app.info', {})).toMatchObject({ result: { dataDirProblems: [expect.stringMatching(/^No lock was taken on .+ \(ENOSPC\)/)] } });

    rmSync(join(mount, 'filler'));
    await core.close();
    core = await composeCore({ name: 'Incident Console', version: '0', mode: 'browser', dataDir, operator: 'ops', platform: 'linux', clock });
    expect(await call('journal.append', { incidentId, kind: 'note', text: 'space is back' })).toMatchObject({ ok: true });
  });
});
