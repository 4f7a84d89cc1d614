import { hostname } from 'node:os';
import { join } from 'node:path';
import { existsSync, linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import type { RunMode } from '../../../shared/app-schemas';
import type { Clock } from '../clock';
import { readRegularFile } from './bounded-read';
import { errnoOf } from './file-errors';
import { PRIVATE_FILE_MODE } from './private-files';

export const LOCK_FILE_NAME = 'console.lock';

const LockHolder = z.object({ pid: z.number().int().positive(), since: z.string(), mode: z.string(), host: z.string() });
type LockHolder = z.infer<typeof LockHolder>;

const UNWRITABLE: ReadonlySet<string> = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT']);

/** Lock files this process holds: a lock naming our own pid is ours only if it is in here. */
const heldHere = new Set<string>();

export interface DataDirLock {
  /** Who holds it: this process. */
  holder: LockHolder;
  /** Undefined when no lock could be taken (a read-only or full disk). */
  path: string | undefined;
  /** Why no lock was taken, when none was: the console still starts, to read what it can. */
  problem?: string;
  release(): void;
}

/**
 * One console per data dir, desktop or browser mode alike: two would interleave journal chains and
 * lose each other's profile saves. The lock file names its holder; a second console is refused with
 * who holds it and since when. A lock left by a process that is gone (a crash, SIGKILL) is taken
 * over. On a read-only data dir there is nothing to protect, so no lock is taken.
 */
export function acquireDataDirLock(dataDir: string, mode: RunMode, clock: Clock): DataDirLock {
  const path = join(dataDir, LOCK_FILE_NAME);
  const holder: LockHolder = { pid: process.pid, since: clock.now().toISOString(), mode, host: hostname() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      createExclusively(path, holder);
      heldHere.add(path);
      return { holder, path, release: () => releaseIfOurs(path, holder) };
    } catch (error) {
      const errno = errnoOf(error);
      // Nothing can be written there now, so there is nothing to protect yet; reading must still work.
      if (UNWRITABLE.has(errno)) {
        return {
          holder,
          path: undefined,
          problem: `No lock was taken on ${dataDir} (${errno}): another console could open it too once it is writable again.`,
          release: () => {},
        };
      }
      if (errno !== 'EEXIST') throw error;
    }
    const current = readHolder(path);
    if (current === 'gone') continue;
    if (current !== 'unreadable' && isAlive(current, path)) throw inUse(dataDir, current);
    takeOver(path, current);
  }
  throw new ConsoleError('DATA_DIR_IN_USE', `The data directory ${dataDir} is being opened by another console at this moment; try again.`);
}

/** Written whole under a temporary name, then linked into place: nobody ever reads half a lock. */
function createExclusively(path: string, holder: LockHolder): void {
  const temp = `${path}.${process.pid}.tmp`;
  const content = `${JSON.stringify(holder)}\n`;
  writeFileSync(temp, content, { mode: PRIVATE_FILE_MODE });
  try {
    linkSync(temp, path);
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') throw error;
    // A file system without hard links (exFAT): an exclusive create is the next best thing.
    writeFileSync(path, content, { flag: 'wx', mode: PRIVATE_FILE_MODE });
  } finally {
    rmSync(temp, { force: true });
  }
}

function readHolder(path: string): LockHolder | 'gone' | 'unreadable' {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(readRegularFile(path, 4096, 'read the lock file').toString('utf8')));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return existsSync(path) ? 'unreadable' : 'gone';
  }
}

function isAlive(holder: LockHolder, path: string): boolean {
  // Another machine's process (a data dir on a network share) cannot be checked: assume it lives.
  if (holder.host !== hostname()) return true;
  // Our own pid: another console in this process, or an old lock from a run that had our pid (containers reuse them).
  if (holder.pid === process.pid) return heldHere.has(path);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) === 'EPERM';
  }
}

/**
 * Moves the stale lock out of the way. If another console took it over between our read and the
 * move, what we moved is its fresh lock: it is put back and that console wins.
 */
function takeOver(path: string, stale: LockHolder | 'unreadable'): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  const same = stale === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.pid === stale.pid && moved.since === stale.since;
  if (!same && typeof moved === 'object') {
    try {
      linkSync(aside, path);
    } catch {
      // It took yet another lock meanwhile; either way someone else holds it now.
    }
  }
  rmSync(aside, { force: true });
}

function releaseIfOurs(path: string, holder: LockHolder): void {
  heldHere.delete(path);
  try {
    const current = LockHolder.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (current.success && current.data.pid === holder.pid && current.data.since === holder.since) rmSync(path, { force: true });
  } catch {
    // Already gone.
  }
}

function inUse(dataDir: string, holder: LockHolder): ConsoleError {
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  const what = holder.mode === 'browser' ? 'browser mode' : 'the desktop app';
  return new ConsoleError(
    'DATA_DIR_IN_USE',
    `The data directory ${dataDir} is already open by process ${holder.pid}${where} since ${holder.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} (${what}). Use that console, or quit it and start again.`,
  );
}
