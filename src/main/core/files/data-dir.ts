import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleError, errorMessage } from '../../../shared/errors';
import { errnoOf } from './file-errors';
import { ensurePrivateDir, PRIVATE_DIR_MODE, tightenMode } from './private-files';

/** Folders below the data dir that hold only what the console wrote (Electron's own caches are left alone). */
const OWN_FOLDERS = ['exports'];

/**
 * Makes the data dir private before anything is written into it: created 0700, and an existing
 * install tightened (the folder to 0700; the console's files, and the exports below it, lose their
 * group and other bits). What could not be tightened (a read-only or foreign-owned folder) is
 * returned in plain words rather than stopping the app.
 */
export function prepareDataDir(dataDir: string): string[] {
  try {
    ensurePrivateDir(dataDir);
  } catch (error) {
    throw new ConsoleError('DATA_DIR_UNUSABLE', `The data directory ${dataDir} cannot be created (${errnoOf(error) || errorMessage(error)}).`);
  }
  const problems: string[] = [];
  const attempt = (path: string, tighten: () => void) => {
    try {
      tighten();
    } catch (error) {
      problems.push(`${path}: ${errnoOf(error) || errorMessage(error)}`);
    }
  };
  attempt(dataDir, () => chmodSync(dataDir, PRIVATE_DIR_MODE));
  for (const name of safeList(dataDir, problems)) {
    const path = join(dataDir, name);
    if (OWN_FOLDERS.includes(name)) tightenTree(path, problems, attempt);
    else if (isFile(path)) attempt(path, () => tightenMode(path));
  }
  return problems.length > 0 ? [`Could not be made private to you (0700/0600): ${problems.join('; ')}`] : [];
}

function tightenTree(folder: string, problems: string[], attempt: (path: string, tighten: () => void) => void, depth = 0): void {
  attempt(folder, () => tightenMode(folder));
  if (depth > 4) return;
  for (const name of safeList(folder, problems)) {
    const path = join(folder, name);
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats?.isDirectory()) tightenTree(path, problems, attempt, depth + 1);
    else if (stats?.isFile()) attempt(path, () => tightenMode(path));
  }
}

function safeList(folder: string, problems: string[]): string[] {
  try {
    return readdirSync(folder);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT' && errnoOf(error) !== 'ENOTDIR') problems.push(`${folder}: ${errnoOf(error) || errorMessage(error)}`);
    return [];
  }
}

function isFile(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
