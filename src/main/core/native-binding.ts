import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleError } from '../../shared/errors';

// better-sqlite3 ships one compiled addon, built for whichever runtime ran `npm ci` (Node here).
// The desktop app needs a copy compiled against Electron's ABI; it lives beside the Node one
// (never replacing it, so tests and browser mode keep working) and is handed to
// `new Database(path, { nativeBinding })`. These functions say where that copy is.

export const SQLITE_BINDING_FILE = 'better_sqlite3.node';

/** `<cacheRoot>/electron-native/<electron version>/<platform>-<arch>/`, written by scripts/prepare-electron-native.mjs. */
export function electronNativeDir(cacheRoot: string, electronVersion: string, platform: string, arch: string): string {
  return join(cacheRoot, 'electron-native', electronVersion, `${platform}-${arch}`);
}

export interface NativeBindingQuery {
  /** `process.versions.electron`, or undefined under plain Node. */
  electronVersion: string | undefined;
  platform: string;
  arch: string;
  /** Packaged app: `<resources>/native`; unpackaged: the checkout's `.cache` folder. */
  packagedNativeDir?: string;
  cacheRoot?: string;
  exists?: (path: string) => boolean;
}

/**
 * The `nativeBinding` to pass to better-sqlite3: undefined under Node (its own build is right),
 * the Electron-ABI file under Electron. Throws a ConsoleError that says how to fix it when the
 * Electron build is missing, rather than letting better-sqlite3 fail with an ABI mismatch.
 */
export function sqliteNativeBinding(query: NativeBindingQuery): string | undefined {
  if (query.electronVersion === undefined) return undefined;
  const exists = query.exists ?? existsSync;
  const candidates = [
    query.packagedNativeDir && join(query.packagedNativeDir, SQLITE_BINDING_FILE),
    query.cacheRoot && join(electronNativeDir(query.cacheRoot, query.electronVersion, query.platform, query.arch), SQLITE_BINDING_FILE),
  ].filter((candidate): candidate is string => typeof candidate === 'string');
  const found = candidates.find((candidate) => exists(candidate));
  if (found) return found;
  throw new ConsoleError(
    'NATIVE_MODULE_MISSING',
    `The journal's SQLite module has not been built for Electron ${query.electronVersion} (${query.platform}-${query.arch}); ` +
      `looked in ${candidates.join(' and ') || 'no folder'}. Run \`npm start\` (it prepares it) or ` +
      '`node scripts/prepare-electron-native.mjs` and read its message; `npm run serve` (browser mode) works without it.',
  );
}
