import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { composeCore } from '../../src/main/core/compose-core';
import type { SetAsideFile } from '../../src/shared/app-schemas';
import { callOk as call } from '../support/call';
import { loadWindowState, windowStateFile } from '../../src/main/core/app/window-state-file';

// Its own process: no keychain, so the profile list answers without one.
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/incident-console-no-bus';

const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-side-'));
  dirs.push(dir);
  return dir;
}

const start = (dir: string) =>
  composeCore({ name: 'Incident Console', version: '0', mode: 'browser', dataDir: dir, operator: 'ops', platform: 'linux', clock });

const damaged = {
  'cut short': '{"version": 1, "profiles": [',
  'a lone brace': '{',
  'from a newer version': '{"version": 7, "theme": "dark", "profiles": [], "hosts": []}',
  'not an object': '[1, 2, 3]',
};

/** The side files, how the console is asked for what they hold, and what it answers with none. */
const sideFiles = [
  { file: 'settings.json', label: 'settings', read: 'app.settings.get', defaults: { theme: 'system', timeDisplay: 'both' } },
  { file: 'powernode-profiles.json', label: 'Powernode profiles', read: 'profiles.list', defaults: expect.objectContaining({ profiles: [] }) },
  {
    file: 'diagnostics-hosts.json',
    label: 'diagnostics hosts',
    read: 'diagnostics.listHosts',
    defaults: { hosts: [expect.objectContaining({ name: 'local' })] },
  },
] as const;

describe('a damaged side file never stops the app', () => {
  for (const side of sideFiles) {
    for (const [how, content] of Object.entries(damaged)) {
      // "not an object" is a valid settings shape problem too; every variant must be set aside.
      it(`${side.file} ${how}: set aside byte for byte, defaults used, the journal works, the banner list names it`, async () => {
        const dir = dataDir();
        writeFileSync(join(dir, side.file), content);
        const core = await start(dir);
        expect(await call(core, side.read, {})).toEqual(side.defaults);
        const incident = await call(core, 'incidents.create', { title: 'Still recording', detectedBy: 'operator' });
        expect(incident.entryCount).toBe(1);

        const movedTo = join(dir, `${side.file}.damaged-20260315-090000Z`);
        expect(existsSync(join(dir, side.file))).toBe(false);
        expect(readFileSync(movedTo, 'utf8')).toBe(content);
        const { files } = await call(core, 'app.setAsideFiles', {});
        expect(files).toEqual([{ label: side.label, path: join(dir, side.file), movedTo, reason: expect.any(String), at: '2026-03-15T09:00:00.000Z' }]);
        expect(files[0]!.reason).toMatch(
          how === 'from a newer version' ? /newer Incident Console \(format 7; this one reads up to 1\)/ : /not valid JSON|does not hold/,
        );
        // The reason quotes nothing of the file.
        expect(files[0]!.reason).not.toContain(content);
        await core.close();
      });
    }
  }

  it('the window position: a damaged or newer file is set aside and the window opens at the default size', () => {
    const dir = dataDir();
    const file = windowStateFile(dir);
    const reported: SetAsideFile[] = [];
    for (const content of ['{"bounds": {"x": "left"}}', '{"version": 2, "bounds": {"x": 0, "y": 0, "width": 10, "height": 10}, "maximized": false}']) {
      writeFileSync(file, content);
      expect(loadWindowState(file, clock, (set) => reported.push(set))).toBeUndefined();
      expect(existsSync(file)).toBe(false);
    }
    expect(reported.map((set) => set.movedTo)).toEqual([`${file}.damaged-20260315-090000Z`, `${file}.damaged-20260315-090000Z-2`]);
    expect(readFileSync(reported[1]!.movedTo!, 'utf8')).toContain('"version": 2');
    expect(reported[1]!.reason).toMatch(/newer Incident Console/);
  });

  it('a settings file that is a FIFO or a huge file is set aside without being read', async () => {
    const dir = dataDir();
    execFileSync('mkfifo', [join(dir, 'settings.json')]);
    writeFileSync(join(dir, 'diagnostics-hosts.json'), Buffer.alloc(3 * 1024 * 1024, 0x20));
    const core = await start(dir);
    expect(await call(core, 'app.settings.get', {})).toEqual({ theme: 'system', timeDisplay: 'both' });
    expect(await call(core, 'diagnostics.listHosts', {})).toMatchObject({ hosts: [{ name: 'local' }] });
    const { files } = await call(core, 'app.setAsideFiles', {});
    expect(files.map((set) => [set.label, set.reason])).toEqual([
      ['settings', expect.stringMatching(/is a named pipe \(FIFO\), not a regular file/)],
      ['diagnostics hosts', expect.stringMatching(/is 3145728 bytes; the limit is 1048576 bytes/)],
    ]);
    await core.close();
  });

  it('a file that is fine is read, not moved', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'settings.json'), '{"theme": "dark"}');
    const core = await start(dir);
    expect(await call(core, 'app.settings.get', {})).toEqual({ theme: 'dark', timeDisplay: 'both' });
    expect(readdirSync(dir).filter((name) => name.includes('damaged'))).toEqual([]);
    expect(await call(core, 'app.setAsideFiles', {})).toEqual({ files: [] });
    await core.close();
  });
});
