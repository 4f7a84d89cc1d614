import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const electronInstalled = existsSync(join(root, 'node_modules/electron/dist'));

describe('npm run package where the Electron runtime cannot be had', () => {
  // Where Electron is installed, `npm run package` really packages; that is not a unit test.
  it.skipIf(electronInstalled)(
    'says which step cannot run and why, and exits 1 having produced nothing',
    async () => {
      // A loopback mirror with no Electron on it stands in for the blocked download.
      const requested: string[] = [];
      const mirror = createServer((req, res) => {
        requested.push(req.url ?? '');
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
      const port = (mirror.address() as AddressInfo).port;
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [join(root, 'scripts/package.mjs')],
          {
            cwd: root,
            env: { ...process.env, ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: join(root, '.cache/electron-download-test') },
            timeout: 120_000,
          },
          (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
        );
      });
      mirror.close();
      expect(result.code).toBe(1);
      expect(requested.some((url) => url.includes(electronVersion))).toBe(true);
      expect(result.stderr).toContain(
        `Cannot package Incident Console: the Electron ${electronVersion} runtime is not installed and could not be downloaded (`,
      );
      expect(result.stderr).toContain('npm run serve');
      expect(existsSync(join(root, 'dist/linux-unpacked'))).toBe(false);
    },
    130_000,
  );
});
