import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// electron-builder run for real (`--dir`, Linux), offline: the Electron distribution is a stand-in
// file carrying Electron's fuse wire (the real binary cannot be downloaded here), and the
// Electron-ABI SQLite module is a stand-in too. What is checked is ours: the config, the afterPack
// hook flipping the fuses in the packed binary, where the native module lands, what the ASAR holds.
const root = join(__dirname, '../..');
const built = existsSync(join(root, 'out/main/index.js'));
const work = mkdtempSync(join(tmpdir(), 'incident-console-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

describe('electron-builder packaging (Linux, unpacked)', () => {
  it.skipIf(!built || process.platform !== 'linux')(
    'packs the app into ASAR with the fuses flipped and the Electron SQLite module in resources/native',
    async () => {
      const dist = join(work, 'electron-dist');
      mkdirSync(dist);
      writeFileSync(
        join(dist, 'electron'),
        Buffer.concat([Buffer.from('stand-in electron '), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001'), Buffer.from(' end')]),
      );
      chmodSync(join(dist, 'electron'), 0o755);
      writeFileSync(join(dist, 'version'), '41.7.1');
      const native = join(work, 'native');
      mkdirSync(native);
      writeFileSync(join(native, 'better_sqlite3.node'), 'stand-in electron-abi module');
      const output = join(work, 'dist');

      const result = await new Promise<{ code: number; log: string }>((resolve) => {
        execFile(
          process.execPath,
          [
            join(root, 'node_modules/electron-builder/cli.js'),
            '--config',
            'electron-builder.config.cjs',
            '--linux',
            '--dir',
            '--publish',
            'never',
            `-c.directories.output=${output}`,
          ],
          {
            cwd: root,
            env: { ...process.env, INCIDENT_CONSOLE_ELECTRON_DIST: dist, INCIDENT_CONSOLE_NATIVE_DIR: native, INCIDENT_CONSOLE_TEST_BUILD: '' },
            timeout: 280_000,
            maxBuffer: 10 * 1024 * 1024,
          },
          (error, stdout, stderr) => resolve({ code: error ? 1 : 0, log: stdout + stderr }),
        );
      });
      expect(result.code, result.log).toBe(0);
      expect(result.log).toContain('fuses flipped');

      const unpacked = join(output, 'linux-unpacked');
      const fuses = await getCurrentFuseWire(join(unpacked, 'incident-console'));
      expect(fuses).toMatchObject({
        [FuseV1Options.RunAsNode]: 48,
        [FuseV1Options.EnableCookieEncryption]: 49,
        [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: 48,
        [FuseV1Options.EnableNodeCliInspectArguments]: 48,
        [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: 49,
        [FuseV1Options.OnlyLoadAppFromAsar]: 49,
        [FuseV1Options.GrantFileProtocolExtraPrivileges]: 48,
      });

      const resources = join(unpacked, 'resources');
      expect(readdirSync(join(resources, 'native'))).toEqual(['better_sqlite3.node']);
      expect(existsSync(join(resources, 'app.asar'))).toBe(true);
      expect(existsSync(join(resources, 'app'))).toBe(false);
      // keytar's prebuilt addon is unpacked beside the ASAR (native modules cannot load from inside it).
      expect(existsSync(join(resources, 'app.asar.unpacked/node_modules/@github/keytar/prebuilds/linux-x64/keytar.node'))).toBe(true);

      const { listPackage } = await import('@electron/asar');
      const files = listPackage(join(resources, 'app.asar'), { isPack: false }).map((file) => file.replaceAll('\\', '/'));
      expect(files).toContain('/out/main/index.js');
      expect(files).toContain('/out/preload/index.cjs');
      expect(files).toContain('/out/renderer/index.html');
      // Node's build of better-sqlite3 must not ship: it would crash under Electron's ABI.
      expect(files.filter((file) => file.startsWith('/node_modules/better-sqlite3/build'))).toEqual([]);
      expect(files.filter((file) => file.startsWith('/src/') || file.startsWith('/test/') || file.startsWith('/.cache/'))).toEqual([]);
    },
    300_000,
  );
});
