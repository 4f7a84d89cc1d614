#!/usr/bin/env node
// `npm start`: build, then run the desktop app where an Electron runtime exists or can be
// fetched (and better-sqlite3 can be prepared for it, see prepare-electron-native.mjs); otherwise
// say why in one line and run browser mode instead. `npm run serve` (or
// `--browser`) goes straight to browser mode. Other flags (--data-dir, --port…) pass through.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareElectronNative } from './prepare-electron-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const browserOnly = args.includes('--browser');
const passThrough = args.filter((arg) => arg !== '--browser');

build();
if (browserOnly) {
  runBrowserMode();
} else {
  const electron = findElectron();
  // The journal needs better-sqlite3 built for Electron's ABI (beside Node's build, not over it).
  const native = electron.path ? prepareElectronNative({ root }) : undefined;
  if (electron.path && native?.ok) runElectron(electron.path);
  else if (electron.path) {
    console.log(`Desktop app unavailable: ${native.reason}; starting browser mode instead.`);
    runBrowserMode();
  } else {
    console.log(`Desktop app unavailable: ${electron.reason}; starting browser mode instead.`);
    runBrowserMode();
  }
}

function build() {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    console.error('Build failed; see the output above.');
    process.exit(1);
  }
}

function findElectron() {
  let binary = locateElectron();
  if (!binary) {
    // The binary is fetched by electron's own installer, which npm may not have been allowed to run.
    const install = spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
    });
    binary = locateElectron();
    if (!binary) {
      const output = `${install.stderr ?? ''}\n${install.stdout ?? ''}`;
      const detail = output.split('\n').find((line) => /error|timed out|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/i.test(line));
      return { reason: `the Electron runtime could not be downloaded (${(detail ?? 'installer gave no reason').trim().slice(0, 160)})` };
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display to open a window on ($DISPLAY and $WAYLAND_DISPLAY are unset)' };
  }
  return { path: binary };
}

function locateElectron() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function runElectron(binary) {
  forward(spawn(binary, [root, ...passThrough], { stdio: 'inherit' }));
}

function runBrowserMode() {
  forward(spawn(process.execPath, [join(root, 'out/main/serve.js'), ...passThrough], { stdio: 'inherit' }));
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
