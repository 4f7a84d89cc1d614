import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { electronNativeDir, SQLITE_BINDING_FILE, sqliteNativeBinding } from '../../src/main/core/native-binding';
// @ts-expect-error: a plain ES module script without types
import { prepareElectronNative } from '../../scripts/prepare-electron-native.mjs';

const realRoot = join(__dirname, '../..');
const electronVersion = (JSON.parse(readFileSync(join(realRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'incident-console-native-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('which better-sqlite3 build the journal loads', () => {
  it('under Node: none given, so the Node build in node_modules is used (and really opens a database)', () => {
    const binding = sqliteNativeBinding({ electronVersion: undefined, platform: 'linux', arch: 'x64', cacheRoot: '/nowhere' });
    expect(binding).toBeUndefined();
    const db = new Database(':memory:', { nativeBinding: binding });
    expect(db.prepare('select 1 + 1 as two').get()).toEqual({ two: 2 });
    db.close();
  });

  it('under Electron, packaged: resources/native first', () => {
    const present = new Set(['/res/native/better_sqlite3.node', join(electronNativeDir('/repo/.cache', '41.7.1', 'linux', 'x64'), SQLITE_BINDING_FILE)]);
    expect(
      sqliteNativeBinding({
        electronVersion: '41.7.1',
        platform: 'linux',
        arch: 'x64',
        packagedNativeDir: '/res/native',
        cacheRoot: '/repo/.cache',
        exists: (path) => present.has(path),
      }),
    ).toBe('/res/native/better_sqlite3.node');
  });

  it('under Electron, from a checkout: the copy prepared for this exact Electron version and platform', () => {
    const expected = join('/repo/.cache/electron-native/41.7.1/darwin-arm64', SQLITE_BINDING_FILE);
    expect(
      sqliteNativeBinding({ electronVersion: '41.7.1', platform: 'darwin', arch: 'arm64', cacheRoot: '/repo/.cache', exists: (path) => path === expected }),
    ).toBe(expected);
  });

  it('under Electron without a prepared copy: a plain error saying what to run, never Node’s build', () => {
    let thrown: unknown;
    try {
      sqliteNativeBinding({ electronVersion: '41.7.1', platform: 'linux', arch: 'x64', cacheRoot: '/repo/.cache', exists: () => false });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'NATIVE_MODULE_MISSING' });
    expect((thrown as Error).message).toMatch(/not been built for Electron 41\.7\.1 \(linux-x64\).*npm start.*prepare-electron-native/);
  });
});

// A private checkout (node_modules linked to the real one) so the script's .cache is its own.
function fakeCheckout(): string {
  const root = mkdtempSync(join(work, 'checkout-'));
  symlinkSync(join(realRoot, 'node_modules'), join(root, 'node_modules'));
  return root;
}

describe('scripts/prepare-electron-native.mjs', () => {
  it('skips the build when the copy for this Electron and better-sqlite3 version is there', () => {
    const root = fakeCheckout();
    const dir = join(root, '.cache/electron-native', electronVersion, `${process.platform}-${process.arch}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, SQLITE_BINDING_FILE), 'prepared earlier');
    const sqliteVersion = (JSON.parse(readFileSync(join(realRoot, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
    writeFileSync(
      join(dir, 'stamp.json'),
      JSON.stringify({ electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch }),
    );
    expect(prepareElectronNative({ root, log: () => {} })).toEqual({ ok: true, path: join(dir, SQLITE_BINDING_FILE), built: false });
  });

  it('says why when neither a prebuilt binary nor Electron’s headers can be fetched, and leaves Node’s build alone', async () => {
    const root = fakeCheckout();
    // A loopback mirror that has nothing: the test touches no network beyond this machine.
    const requested: string[] = [];
    const mirror = createServer((req, res) => {
      requested.push(req.url ?? '');
      res.writeHead(404).end('not here');
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
    const nodeBuild = join(realRoot, 'node_modules/better-sqlite3/build/Release', SQLITE_BINDING_FILE);
    const before = readFileSync(nodeBuild);
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_HEADERS_URL: `${base}/headers`, npm_config_better_sqlite3_binary_host: `${base}/prebuilt` };
    delete env.ELECTRON_NODEDIR;
    // The script is synchronous (it runs from start scripts); run it in a child so the mirror can answer.
    const script = `import(${JSON.stringify(join(realRoot, 'scripts/prepare-electron-native.mjs'))}).then((m) => console.log(JSON.stringify(m.prepareElectronNative({ root: ${JSON.stringify(root)}, log() {} }))))`;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { env, timeout: 110_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    mirror.close();
    const result = JSON.parse(output) as { ok: boolean; reason?: string };
    expect(requested.some((url) => url.startsWith('/prebuilt/'))).toBe(true);
    expect(requested.some((url) => url.startsWith(`/headers/v${electronVersion}/`))).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.reason).toContain(`better-sqlite3 could not be built for Electron ${electronVersion}`);
    expect(result.reason).toMatch(/no prebuilt binary \(.+\)/);
    expect(result.reason).toContain(`compiling against Electron's headers failed (could not download ${base}/headers/v${electronVersion}/`);
    expect(existsSync(join(root, '.cache/electron-native', electronVersion, `${process.platform}-${process.arch}`, SQLITE_BINDING_FILE))).toBe(false);
    expect(readFileSync(nodeBuild).equals(before)).toBe(true);
  }, 120_000);
});

describe('the build environment', () => {
  it('drops npm settings that would make node-gyp use Node’s headers (a machine npmrc sets nodedir here)', async () => {
    // @ts-expect-error: a plain ES module script without types
    const { buildEnvironment } = (await import('../../scripts/prepare-electron-native.mjs')) as { buildEnvironment: (env: object) => Record<string, string> };
    const clean = buildEnvironment({
      npm_config_nodedir: '/usr',
      npm_config_target: '20.20.2',
      npm_config_runtime: 'node',
      npm_config_cache: '/root/.npm',
      PATH: '/bin',
    });
    expect(clean).toEqual({ npm_config_cache: '/root/.npm', PATH: '/bin' });
  });
});
