import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
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

/** A text, bytes, or a long text in parts (written one after another, never joined: see serializeBundleInTurns). */
export type FileContent = string | Uint8Array | readonly string[];

export interface PrivateFile {
  path: string;
  content: FileContent;
}

/** How many bytes a file's content takes on disk. */
export function contentBytes(content: FileContent): number {
  if (typeof content === 'string') return Buffer.byteLength(content);
  if (content instanceof Uint8Array) return content.byteLength;
  return content.reduce((sum, part) => sum + Buffer.byteLength(part), 0);
}

/** One step of a save, done on this thread (writePrivateFiles) or on libuv's (writePrivateFilesInBackground). */
type SaveStep =
  | { kind: 'write'; path: string; content: FileContent }
  /** A temporary file removed on the way out of a failed save; never fails, so the save's own error is the one told. */
  | { kind: 'remove'; path: string }
  | { kind: 'syncFolder'; folder: string };

/**
 * The one way the console saves a file: each is written 0600 to a temporary file beside it,
 * flushed to disk, then renamed over the old one, so a reader (or a crash, or a full disk) only
 * ever meets the old file or the whole new one. When one of several files fails, none of them is
 * replaced and every temporary file is removed. Failures come back as a ConsoleError with a FILE_* code.
 * Written once as steps, so the save that waits and the one that does not are the same save.
 */
function* saveSteps(files: readonly PrivateFile[], what: string): Generator<SaveStep, void, void> {
  const pending: Array<{ temp: string; path: string }> = [];
  const replaced: string[] = [];
  let failedAt = files[0]?.path ?? '';
  try {
    for (const file of files) {
      failedAt = file.path;
      ensurePrivateDir(dirname(file.path));
      const temp = `${file.path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      pending.push({ temp, path: file.path });
      yield { kind: 'write', path: temp, content: file.content };
    }
    // All renamed in one go, on this thread: two saves of one folder at once (two exports) never
    // interleave their renames, so the folder ends up with all of one save's files or all of the other's.
    while (pending.length > 0) {
      const next = pending[0]!;
      failedAt = next.path;
      renameSync(next.temp, next.path);
      pending.shift();
      replaced.push(basename(next.path));
    }
  } catch (error) {
    for (const { temp } of pending) yield { kind: 'remove', path: temp };
    const kept =
      replaced.length > 0
        ? `Already replaced: ${replaced.join(', ')}; the others were left as they were`
        : files.length > 1
          ? 'None of the files was replaced'
          : 'Nothing was changed';
    throw fileWriteError(error, what, failedAt, kept);
  }
  for (const folder of new Set(files.map((file) => dirname(file.path)))) yield { kind: 'syncFolder', folder };
}

/** Saves files (saveSteps), holding this thread until they are on disk: settings, hosts, profiles, small files. */
export function writePrivateFiles(files: readonly PrivateFile[], what: string): void {
  const steps = saveSteps(files, what);
  for (let step = steps.next(); !step.done;) {
    try {
      doStep(step.value);
    } catch (error) {
      step = steps.throw(error);
      continue;
    }
    step = steps.next();
  }
}

/**
 * The same save, its writes and flushes done on libuv's threads: the post-mortem export's
 * 50 MB bundle held main's thread for 0.3 s while it was flushed, and the kill switch waited.
 */
export async function writePrivateFilesInBackground(files: readonly PrivateFile[], what: string): Promise<void> {
  const steps = saveSteps(files, what);
  for (let step = steps.next(); !step.done;) {
    try {
      await doStepInBackground(step.value);
    } catch (error) {
      step = steps.throw(error);
      continue;
    }
    step = steps.next();
  }
}

export function writePrivateFile(path: string, content: FileContent, what: string): void {
  writePrivateFiles([{ path, content }], what);
}

function doStep(step: SaveStep): void {
  switch (step.kind) {
    case 'write':
      return writeDurably(step.path, step.content);
    case 'remove':
      return removeTemporary(step.path);
    case 'syncFolder':
      return syncFolder(step.folder);
  }
}

async function doStepInBackground(step: SaveStep): Promise<void> {
  switch (step.kind) {
    case 'write':
      return writeDurablyInBackground(step.path, step.content);
    case 'remove':
      return rm(step.path, { force: true }).catch(() => undefined);
    case 'syncFolder':
      return syncFolderInBackground(step.folder);
  }
}

/** A temporary file that cannot be removed either (its folder is gone, or is a file) was never a saved file. */
function removeTemporary(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // The save's own failure is what the operator is told.
  }
}

/** The content's parts as they are written, one after another. */
const partsOf = (content: FileContent): ReadonlyArray<string | Uint8Array> =>
  typeof content === 'string' || content instanceof Uint8Array ? [content] : content;

function writeDurably(path: string, content: FileContent): void {
  // 'wx': a temporary name that somehow exists is never written through (or followed, if a link).
  const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
    for (const part of partsOf(content)) {
      const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
      let written = 0;
      while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** writeDurably with a file handle: the same flags, mode and flush. */
async function writeDurablyInBackground(path: string, content: FileContent): Promise<void> {
  const handle = await open(path, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
    // A handle's writeFile writes on from where the last one stopped, and writes the whole part.
    for (const part of partsOf(content)) await handle.writeFile(part);
    await handle.sync();
  } finally {
    await handle.close();
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

/** syncFolder with a file handle. */
async function syncFolderInBackground(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // As in syncFolder.
  } finally {
    await handle?.close();
  }
}
