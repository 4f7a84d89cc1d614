#!/usr/bin/env node
// `npm run package`: build, prepare the Electron-ABI SQLite module, then electron-builder for this
// OS (Linux: AppImage + deb; macOS: dmg; Windows: nsis), fuses flipped by build/after-pack.cjs.
// `INCIDENT_CONSOLE_TEST_BUILD=1 npm run package` makes the Playwright-drivable test build in
// dist/test-build. Where a step cannot run here (no Electron runtime, no Electron headers) it says
// which and why, and exits 1 without producing a half-made package.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareElectronNative } from './prepare-electron-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const extraArgs = process.argv.slice(2);

function fail(message) {
  console.error(`Cannot package Incident Console: ${message}`);
  process.exit(1);
}

function runNode(args, options = {}) {
  return spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...options });
}

// 1. The Electron runtime electron-builder wraps: the one `npm start` uses, fetched if missing.
const electronDist = join(root, 'node_modules/electron/dist');
if (!existsSync(electronDist)) {
  const install = spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (!existsSync(electronDist)) {
    const output = `${install.stderr ?? ''}\n${install.stdout ?? ''}`;
    const detail = output
      .split('\n')
      .find((line) => /error|timed out|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/i.test(line))
      ?.trim();
    fail(
      `the Electron ${electronVersion} runtime is not installed and could not be downloaded (${(detail ?? 'installer gave no reason').slice(0, 160)}). ` +
        'electron-builder packages that binary; run this on a machine that can reach the Electron release downloads ' +
        '(or set ELECTRON_MIRROR to a mirror). The app still runs here in browser mode: npm run serve.',
    );
  }
}

// 2. The renderer, preload and main bundles.
if (runNode([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']).status !== 0) fail('the build failed (see above)');

// 3. better-sqlite3 for Electron's ABI, shipped as resources/native/better_sqlite3.node.
const native = prepareElectronNative({ root });
if (!native.ok) fail(`${native.reason}. The packaged app could not open its journal without it`);

// 4. electron-builder for this OS, with the runtime found above (no second download).
const builder = runNode([join(root, 'node_modules/electron-builder/cli.js'), '--config', 'electron-builder.config.cjs', '--publish', 'never', ...extraArgs], {
  env: { ...process.env, INCIDENT_CONSOLE_ELECTRON_DIST: electronDist },
});
if (builder.status !== 0) fail('electron-builder failed (see above)');
console.log(`Packages written to ${process.env.INCIDENT_CONSOLE_TEST_BUILD === '1' ? 'dist/test-build' : 'dist'}/`);
