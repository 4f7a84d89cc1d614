#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/<electron>/<platform>-<arch>/,
// beside (never over) the Node build in node_modules that tests and browser mode use. Run by
// `npm start` before opening the desktop app and by `npm run package`; safe to run again (it skips
// when the copy for this Electron and better-sqlite3 version is already there).
//
// First a prebuilt binary (prebuild-install, from better-sqlite3's releases), then a compile with
// node-gyp against Electron's headers. Mirrors: ELECTRON_HEADERS_URL (headers for node-gyp),
// npm_config_better_sqlite3_binary_host (prebuilt binaries); ELECTRON_NODEDIR: headers already on disk.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SQLITE_BINDING_FILE = 'better_sqlite3.node';
const defaultRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {{ ok: true, path: string, built: boolean } | { ok: false, reason: string }} */
export function prepareElectronNative({ root = defaultRoot, platform = process.platform, arch = process.arch, env = process.env, log = console.log } = {}) {
  const electronVersion = readVersion(join(root, 'node_modules/electron/package.json'));
  const sqliteVersion = readVersion(join(root, 'node_modules/better-sqlite3/package.json'));
  if (!electronVersion) return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  if (!sqliteVersion) return { ok: false, reason: 'the better-sqlite3 package is not installed (run npm ci)' };

  const targetDir = join(root, '.cache/electron-native', electronVersion, `${platform}-${arch}`);
  const target = join(targetDir, SQLITE_BINDING_FILE);
  const stampFile = join(targetDir, 'stamp.json');
  const stamp = { electron: electronVersion, betterSqlite3: sqliteVersion, platform, arch };
  if (existsSync(target) && sameStamp(stampFile, stamp)) return { ok: true, path: target, built: false };

  log(`Preparing better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${platform}-${arch})…`);
  const work = join(targetDir, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(join(root, 'node_modules/better-sqlite3'), work, {
    recursive: true,
    filter: (source) => !source.includes(`${join('better-sqlite3', 'build')}`),
  });
  const built = join(work, 'build/Release', SQLITE_BINDING_FILE);
  const failures = [];

  const prebuilt = run(
    root,
    work,
    [
      join(root, 'node_modules/prebuild-install/bin.js'),
      '--runtime',
      'electron',
      '--target',
      electronVersion,
      '--arch',
      arch,
      '--platform',
      platform,
      '--verbose',
    ],
    env,
  );
  if (!existsSync(built)) {
    failures.push(`no prebuilt binary (${prebuilt})`);
    const gypArgs = ['rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--arch=${arch}`];
    if (env.ELECTRON_NODEDIR) gypArgs.push(`--nodedir=${env.ELECTRON_NODEDIR}`);
    else gypArgs.push(`--dist-url=${env.ELECTRON_HEADERS_URL ?? 'https://electronjs.org/headers'}`);
    // A private devdir so node-gyp never mistakes cached Node headers for Electron's.
    gypArgs.push(`--devdir=${join(root, '.cache/electron-native/headers')}`);
    const compiled = run(root, work, [join(root, 'node_modules/node-gyp/bin/node-gyp.js'), ...gypArgs], env);
    if (!existsSync(built)) failures.push(`compiling against Electron's headers failed (${compiled})`);
  }
  if (existsSync(built) && loadsUnderNode(built)) {
    rmSync(built);
    failures.push(`the result loads under Node ${process.versions.node}, so it was built against Node's headers, not Electron's; refused`);
  }
  if (!existsSync(built)) {
    rmSync(work, { recursive: true, force: true });
    return { ok: false, reason: `better-sqlite3 could not be built for Electron ${electronVersion}: ${failures.join('; ')}` };
  }
  copyFileSync(built, target);
  writeFileSync(stampFile, JSON.stringify(stamp, null, 2));
  rmSync(work, { recursive: true, force: true });
  return { ok: true, path: target, built: true };
}

/**
 * npm passes its configuration to scripts as npm_config_* variables, and a machine-wide npmrc may
 * set nodedir (this one does: /usr). node-gyp would then compile against *Node's* headers and
 * report success with the wrong ABI, so every setting that picks headers or a target is dropped.
 */
export function buildEnvironment(env) {
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|build_from_source|devdir)$/i.test(key)) delete clean[key];
  }
  return clean;
}

/** Node refuses a module built for Electron's ABI; if Node can load it, it was built against Node's headers. */
function loadsUnderNode(file) {
  const probe = spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], { encoding: 'utf8' });
  return probe.status === 0;
}

function run(root, cwd, args, env) {
  const result = spawnSync(process.execPath, args, { cwd, env: buildEnvironment(env), encoding: 'utf8', timeout: 600_000 });
  if (result.error) return result.error.message;
  if (result.status === 0) return 'ok';
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n').map((line) => line.trim());
  const download = output.find((text) => /^gyp http GET /.test(text));
  if (download && output.some((text) => /install got an error/.test(text))) {
    const cause = output.find((text) => /network connectivity/.test(text))
      ? 'no network route to it'
      : (output.find((text) => /^gyp ERR! stack Error: /.test(text))?.replace(/^gyp ERR! stack Error: /, '') ?? 'download failed');
    return `could not download ${download.replace(/^gyp http GET /, '')}: ${cause}`;
  }
  // The network's own words first (ENOTFOUND host…), then the first error line.
  const line =
    output.find((text) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|\b40[34]\b/.test(text)) ??
    output.find((text) => /error|not found/i.test(text) && !/^gyp info/.test(text));
  return (line ?? `exit code ${result.status}`).replace(/^(prebuild-install|gyp) (warn|ERR!|err!)\s*/i, '').slice(0, 200);
}

function readVersion(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return undefined;
  }
}

function sameStamp(file, expected) {
  try {
    const actual = JSON.parse(readFileSync(file, 'utf8'));
    return Object.entries(expected).every(([key, value]) => actual[key] === value);
  } catch {
    return false;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = prepareElectronNative();
  if (result.ok) {
    console.log(`better-sqlite3 for Electron ${result.built ? 'built' : 'already prepared'}: ${result.path}`);
  } else {
    console.error(`Cannot prepare the desktop app's SQLite module: ${result.reason}.`);
    console.error('Tests and browser mode (npm run serve) are unaffected: they use the Node build in node_modules.');
    process.exit(1);
  }
}
