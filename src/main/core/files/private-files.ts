import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { errnoOf, fileWriteError } from './file-errors';

/** Only the operator reads what the console writes: incident notes, hosts, exports. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates `dir` and any missing parent as 0700 (the umask cannot widen or narrow it: the mode is
 * set after creation). Folders that already exist keep their mode: they may be the operator's own.
 */
export function ensurePrivateDir(dir: string): void {
  const missing: string[] = [];
  for (let current = resolve(dir); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  // One level at a time, so the error is the real one (a recursive mkdir on a read-only disk says ENOENT).
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode: PRIVATE_DIR_MODE });
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') continue;
      throw error;
    }
    chmodSync(folder, PRIVATE_DIR_MODE);
  }
}

/** Takes group and other bits off a file or folder the console owns; never widens, never follows a link. */
export function tightenMode(path: string): void {
  let stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw error;
  }
  if (stats.isSymbolicLink() || (stats.mode & 0o077) === 0) return;
  chmodSync(path, stats.mode & 0o7700);
}

export interface PrivateFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * The one way the console saves a file: each is written 0600 to a temporary file beside it,
 * flushed to disk, then renamed over the old one, so a reader (or a crash, or a full disk) only
 * ever meets the old file or the whole new one. When one of several files fails, none of them is
 * replaced and every temporary file is removed. Failures come back as a ConsoleError with a FILE_* code.
 */
export function writePrivateFiles(files: readonly PrivateFile[], what: string): void {
  const pending: Array<{ temp: string; path: string }> = [];
  const replaced: string[] = [];
  let failedAt = files[0]?.path ?? '';
  try {
    for (const file of files) {
      failedAt = file.path;
      ensurePrivateDir(dirname(file.path));
      const temp = `${file.path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      pending.push({ temp, path: file.path });
      writeDurably(temp, file.content);
    }
    while (pending.length > 0) {
      const next = pending[0]!;
      failedAt = next.path;
      renameSync(next.temp, next.path);
      pending.shift();
      replaced.push(basename(next.path));
    }
  } catch (error) {
    for (const { temp } of pending) rmSync(temp, { force: true });
    const kept =
      replaced.length > 0
        ? `Already replaced: ${replaced.join(', ')}; the others were left as they were`
        : files.length > 1
          ? 'None of the files was replaced'
          : 'Nothing was changed';
    throw fileWriteError(error, what, failedAt, kept);
  }
  for (const folder of new Set(files.map((file) => dirname(file.path)))) syncFolder(folder);
}

export function writePrivateFile(path: string, content: string | Uint8Array, what: string): void {
  writePrivateFiles([{ path, content }], what);
}

function writeDurably(path: string, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  // 'wx': a temporary name that somehow exists is never written through (or followed, if a link).
  const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
    let written = 0;
    while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the rename itself durable; folders cannot be opened for this on every platform, which is fine. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Windows and some network file systems refuse; the rename still happened.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
