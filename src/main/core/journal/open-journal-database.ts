import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConsoleError, errorMessage } from '../../../shared/errors';
import { tightenMode } from '../files/private-files';
import { quickCheck } from './integrity-check';
import { journalErrorFromSqlite } from './journal-errors';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations';
import type { Migration } from './migrations/migration';

/** 'ICJ1': marks a SQLite file as ours, so another app's database is never migrated into a journal. */
export const JOURNAL_APPLICATION_ID = 0x49434a31;

/**
 * writable: open for appends. checking: an existing file, open read-only until SQLite's check
 * (running in the background) clears it. read-only: the file or its folder cannot be written.
 */
export type JournalAccess = 'writable' | 'checking' | 'read-only';

export interface OpenedJournalDatabase {
  db: Database.Database;
  access: JournalAccess;
  /** new: created now; checking: the check is to be run; ok/damaged: checked before opening; unchecked: an in-memory copy. */
  integrity: 'new' | 'checking' | 'ok' | 'damaged' | 'unchecked';
  findings: string[];
  /** Why SQLite could not open the file in place, so a copy was read into memory; null when it did. */
  inMemoryCopy: string | null;
}

export interface OpenJournalOptions {
  /** better-sqlite3 built for the running ABI (Electron needs its own); Node's build when omitted. */
  nativeBinding?: string;
  /** Only for tests of individual migrations. */
  migrations?: readonly Migration[];
}

/**
 * Opens (or creates) the journal file. An existing file is only ever opened read-only here: it is
 * inspected (ours? from a newer version?) and, unless it needs migrating, handed over read-only to
 * be checked in the background; a migration, being a write, waits for the check right here. So a
 * foreign, corrupt or newer file is refused, and a damaged one opened read-only, with nothing
 * written to it: that is what the messages say.
 */
export function openJournalDatabase(path: string, options: OpenJournalOptions = {}): OpenedJournalDatabase {
  const steps = options.migrations ?? migrations;
  const latest = options.migrations ? (steps.at(-1)?.version ?? 0) : LATEST_SCHEMA_VERSION;
  if (!(existsSync(path) && statSync(path).size > 0)) {
    return { db: openWritableJournal(path, options), access: 'writable', integrity: 'new', findings: [], inMemoryCopy: null };
  }

  const { db, inMemoryCopy } = openReadOnly(path, options.nativeBinding);
  let version: number;
  try {
    version = inspect(db, path, latest);
  } catch (error) {
    db.close();
    throw error;
  }
  if (inMemoryCopy || !isWritable(path)) {
    return { db, access: 'read-only', integrity: inMemoryCopy ? 'unchecked' : 'checking', findings: [], inMemoryCopy };
  }
  if (version >= latest) return { db, access: 'checking', integrity: 'checking', findings: [], inMemoryCopy };

  // A migration writes: the file is checked first, here, and a damaged one is never migrated.
  let verdict;
  try {
    verdict = quickCheck(db);
  } catch (error) {
    db.close();
    throw journalErrorFromSqlite(error, path, 'check the journal');
  }
  if (!verdict.ok) return { db, access: 'read-only', integrity: 'damaged', findings: verdict.findings, inMemoryCopy };
  db.close();
  return { db: openWritableJournal(path, options), access: 'writable', integrity: 'ok', findings: [], inMemoryCopy: null };
}

/**
 * The writing connection: WAL, synchronous=FULL, no autocheckpoint, secure_delete (a redacted
 * body is overwritten, not just unlinked), and every file 0600 (SQLite creates files 0644 and
 * gives the WAL and shm the main file's mode, so the main file is narrowed before the WAL exists).
 */
export function openWritableJournal(path: string, options: OpenJournalOptions = {}): Database.Database {
  const steps = options.migrations ?? migrations;
  let db: Database.Database;
  try {
    db = new Database(path, { nativeBinding: options.nativeBinding });
  } catch (error) {
    throw journalErrorFromSqlite(error, path, 'open the journal');
  }
  try {
    tightenMode(path);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('secure_delete = ON');
    db.pragma('journal_mode = WAL');
    // An acknowledged entry must survive power loss, not just a crash of the app.
    db.pragma('synchronous = FULL');
    // The WAL is copied into the file after a commit is acknowledged, not inside it (DeferredCheckpoint).
    db.pragma('wal_autocheckpoint = 0');
    for (const suffix of ['-wal', '-shm']) tightenMode(`${path}${suffix}`);
    if (migrate(db, steps)) db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    db.close();
    throw error instanceof ConsoleError ? error : journalErrorFromSqlite(error, path, 'prepare the journal');
  }
  return db;
}

/**
 * A read-only connection. SQLite cannot open a WAL-mode file read-only when its -shm cannot be
 * made (a read-only folder, a full disk); then the file is read into memory (marked as a
 * rollback-journal database in that copy only) so the journal can still be read.
 */
export function openReadOnly(path: string, nativeBinding: string | undefined): { db: Database.Database; inMemoryCopy: string | null } {
  let db: Database.Database | undefined;
  let inMemoryBecause: string;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding });
    // SQLite opens lazily: make it read the file now, so "cannot open it in place" shows here.
    db.pragma('user_version');
    return { db, inMemoryCopy: null };
  } catch (error) {
    db?.close();
    const code = (error as { code?: string }).code ?? '';
    if (code !== 'SQLITE_CANTOPEN' && !code.startsWith('SQLITE_IOERR')) throw refusedAtOpen(error, path);
    inMemoryBecause = code === 'SQLITE_CANTOPEN' ? 'its folder is read-only' : 'its disk is full or failing';
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw refusedAtOpen(error, path);
  }
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes.fill(1, 18, 20);
  try {
    return { db: new Database(bytes, { readonly: true, nativeBinding }), inMemoryCopy: inMemoryBecause };
  } catch (error) {
    throw refusedAtOpen(error, path);
  }
}

/** Ours, and not from a newer version; returns the schema version. */
function inspect(db: Database.Database, path: string, latest: number): number {
  let applicationId: number;
  let version: number;
  let tables: number;
  try {
    applicationId = db.pragma('application_id', { simple: true }) as number;
    version = db.pragma('user_version', { simple: true }) as number;
    tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  } catch (error) {
    throw refusedAtOpen(error, path);
  }
  if (applicationId !== JOURNAL_APPLICATION_ID && (applicationId !== 0 || tables > 0)) {
    throw new ConsoleError(
      'JOURNAL_NOT_A_JOURNAL',
      `${path} is a SQLite database but not an Incident Console journal. The file was left untouched; move it away or choose another data directory.`,
    );
  }
  if (version > latest) {
    throw new ConsoleError(
      'JOURNAL_FROM_NEWER_VERSION',
      `The journal ${path} was written by a newer Incident Console (schema ${version}; this version knows up to ${latest}). Update the app; the file was left untouched.`,
    );
  }
  return version;
}

/** A file refused before anything was written to it (only read-only connections had touched it). */
function refusedAtOpen(error: unknown, path: string): ConsoleError {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB') {
    return new ConsoleError(
      'JOURNAL_NOT_A_JOURNAL',
      `${path} is not an Incident Console journal: SQLite cannot read it as a database (another program's file, or a journal whose first bytes were damaged). The file was left untouched.`,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    const detail = errorMessage(error);
    return new ConsoleError(
      'JOURNAL_CORRUPT',
      `The journal ${path} is damaged so badly that it cannot be read (${detail}). Nothing was written to it; the file was left untouched. What you can do: keep a copy of it, and start a new journal beside it.`,
    );
  }
  if (error instanceof ConsoleError) return error;
  const mapped = journalErrorFromSqlite(error, path, 'open the journal');
  return new ConsoleError(mapped.code, `${mapped.message.replace(/\.?$/, '.')} Nothing was written to it.`);
}

/** Applies the pending steps; true when there were any. */
function migrate(db: Database.Database, steps: readonly Migration[]): boolean {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = steps.filter((step) => step.version > current);
  if (pending.length === 0) return false;
  // All pending steps in one transaction: a journal is never left half-migrated. Foreign keys are
  // off meanwhile (a table rebuild drops a parent table; SQLite's own procedure) and every key is
  // checked before the transaction commits.
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      db.pragma(`application_id = ${JOURNAL_APPLICATION_ID}`);
      for (const step of pending) {
        step.up(db);
        db.pragma(`user_version = ${step.version}`);
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`the migration left ${broken.length} broken references`);
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
  return true;
}

/** The file and its folder (where SQLite puts the WAL) must both be writable. */
function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
  } catch {
    return false;
  }
  // Root passes access(); honour the file's own mode bits so "read-only" means the same for everyone.
  return (statSync(path).mode & 0o222) !== 0;
}
