import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The packaged build's fuses: the afterPack hook's settings, the hook run on a binary carrying
// Electron's fuse wire (a stand-in: the real binary cannot be downloaded here), and, where
// `npm run package` has produced a real build, the fuses read back from it.
const require = createRequire(import.meta.url);
const { fuseConfig } = require('../../build/fuses.cjs') as { fuseConfig: (options?: { testBuild?: boolean }) => Record<string, unknown> };
const afterPack = require('../../build/after-pack.cjs') as ((context: unknown) => Promise<void>) & { packedExecutable: (context: unknown) => string };
const builderConfig = require('../../electron-builder.config.cjs') as Record<string, unknown>;

const ON = 49; // '1'
const OFF = 48; // '0'
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's shipped defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on,
// ASAR integrity off, only-load-from-ASAR off, V8 snapshot off, file protocol extra privileges on.
const ELECTRON_DEFAULT_WIRE = '10110001';

const expectedShipped = {
  [FuseV1Options.RunAsNode]: OFF,
  [FuseV1Options.EnableCookieEncryption]: ON,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: OFF,
  [FuseV1Options.EnableNodeCliInspectArguments]: OFF,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ON,
  [FuseV1Options.OnlyLoadAppFromAsar]: ON,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: OFF,
};

const work = mkdtempSync(join(tmpdir(), 'incident-console-fuses-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fakeElectronBinary(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    Buffer.concat([Buffer.from('\x7fELF…padding…'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(ELECTRON_DEFAULT_WIRE), Buffer.from('…rest')]),
  );
  return path;
}

function linuxContext(appOutDir: string) {
  return {
    appOutDir,
    electronPlatformName: 'linux',
    arch: 1,
    packager: { executableName: 'incident-console', appInfo: { productFilename: 'Incident Console' } },
  };
}

describe('fuses of the packaged build', () => {
  it('the shipped configuration turns off RunAsNode, NODE_OPTIONS, inspect and file:// privileges, and turns on cookie encryption and ASAR-only with integrity', () => {
    const config = fuseConfig();
    expect(config.version).toBe(FuseVersion.V1);
    expect(config).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('the Playwright test build differs only in allowing inspector arguments', () => {
    const shipped = fuseConfig();
    const test = fuseConfig({ testBuild: true });
    const differing = Object.keys(test).filter((key) => test[key] !== shipped[key]);
    expect(differing).toEqual([String(FuseV1Options.EnableNodeCliInspectArguments)]);
  });

  it('electron-builder runs the hook, packs into ASAR and rebuilds no native module with Node headers', () => {
    expect(builderConfig.afterPack).toBe('./build/after-pack.cjs');
    expect(builderConfig.asar).toBe(true);
    expect(builderConfig.npmRebuild).toBe(false);
    expect(builderConfig.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(builderConfig.mac).toMatchObject({ target: ['dmg'] });
    expect(builderConfig.win).toMatchObject({ target: ['nsis'] });
  });

  it('the afterPack hook flips the fuses in the packed binary', async () => {
    const dir = mkdtempSync(join(work, 'linux-unpacked-'));
    const binary = fakeElectronBinary(dir, 'incident-console');
    const before = await getCurrentFuseWire(binary);
    expect(before[FuseV1Options.RunAsNode]).toBe(ON);
    const previous = process.env.INCIDENT_CONSOLE_TEST_BUILD;
    delete process.env.INCIDENT_CONSOLE_TEST_BUILD;
    try {
      await afterPack(linuxContext(dir));
    } finally {
      if (previous !== undefined) process.env.INCIDENT_CONSOLE_TEST_BUILD = previous;
    }
    expect(await getCurrentFuseWire(binary)).toMatchObject(expectedShipped);
  });

  it('the afterPack hook fails the build when a fuse cannot be set', async () => {
    const dir = mkdtempSync(join(work, 'linux-unpacked-'));
    // An older Electron whose wire has only 4 fuses: the ASAR ones cannot be set, so no package.
    writeFileSync(join(dir, 'incident-console'), Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, 4]), Buffer.from('1011')]));
    await expect(afterPack(linuxContext(dir))).rejects.toThrow(/EnableEmbeddedAsarIntegrityValidation/);
  });

  it('finds the executable electron-builder packed on each platform', () => {
    const base = { appOutDir: '/out', arch: 1, packager: { executableName: 'incident-console', appInfo: { productFilename: 'Incident Console' } } };
    expect(afterPack.packedExecutable({ ...base, electronPlatformName: 'linux' })).toBe(join('/out', 'incident-console'));
    expect(afterPack.packedExecutable({ ...base, electronPlatformName: 'win32' })).toBe(join('/out', 'Incident Console.exe'));
    expect(afterPack.packedExecutable({ ...base, electronPlatformName: 'darwin' })).toBe(join('/out', 'Incident Console.app'));
  });

  const packaged = join(__dirname, '../../dist/linux-unpacked/incident-console');
  it.skipIf(!existsSync(packaged))('the packaged Linux build carries the shipped fuses (read back from dist/)', async () => {
    expect(await getCurrentFuseWire(packaged)).toMatchObject(expectedShipped);
  });
});
