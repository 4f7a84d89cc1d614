import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { ConsoleError } from '../../../shared/errors';
import { JournalErrorCode, journalErrorFromSqlite } from './journal-errors';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations';
import type { Migration } from './migrations/migration';

/** 'ICJ1': marks a SQLite file as ours, so another app's database is never migrated into a journal. */
export const JOURNAL_APPLICATION_ID = 0x49434a31;

export interface OpenedJournalDatabase {
  db: Database.Database;
  readOnly: boolean;
}

export interface OpenJournalOptions {
  /** better-sqlite3 built for the running ABI (Electron needs its own); Node's build when omitted. */
  nativeBinding?: string;
  /** Only for tests of individual migrations. */
  migrations?: readonly Migration[];
}

/**
 * Opens (or creates) the journal file. An existing file is first inspected read-only, so a
 * foreign, corrupt or newer file gets a clear error and is left byte-for-byte as it was.
 */
export function openJournalDatabase(path: string, options: OpenJournalOptions = {}): OpenedJournalDatabase {
  const steps = options.migrations ?? migrations;
  const latest = options.migrations ? (steps.at(-1)?.version ?? 0) : LATEST_SCHEMA_VERSION;
  const exists = existsSync(path) && statSync(path).size > 0;
  if (exists) inspectExisting(path, latest, options.nativeBinding);

  const readOnly = exists && !isWritable(path);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: readOnly, fileMustExist: readOnly, nativeBinding: options.nativeBinding });
  } catch (error) {
    throw journalErrorFromSqlite(error, path, 'open the journal');
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      // An acknowledged entry must survive power loss, not just a crash of the app.
      db.pragma('synchronous = FULL');
      migrate(db, steps);
    }
  } catch (error) {
    db.close();
    throw error instanceof ConsoleError ? error : journalErrorFromSqlite(error, path, 'prepare the journal');
  }
  return { db, readOnly };
}

function inspectExisting(path: string, latest: number, nativeBinding: string | undefined): void {
  let probe: Database.Database | undefined;
  try {
    probe = new Database(path, { readonly: true, fileMustExist: true, nativeBinding });
    const applicationId = probe.pragma('application_id', { simple: true }) as number;
    const version = probe.pragma('user_version', { simple: true }) as number;
    const tables = probe.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
    if (applicationId !== JOURNAL_APPLICATION_ID && (applicationId !== 0 || tables.n > 0)) {
      throw new ConsoleError(
        JournalErrorCode.notAJournal,
        `${path} is a SQLite database but not an Incident Console journal. The file was left untouched; move it away or choose another data directory.`,
      );
    }
    if (version > latest) {
      throw new ConsoleError(
        JournalErrorCode.fromNewerVersion,
        `The journal ${path} was written by a newer Incident Console (schema ${version}; this version knows up to ${latest}). Update the app; the file was left untouched.`,
      );
    }
  } catch (error) {
    if (error instanceof ConsoleError) throw error;
    throw journalErrorFromSqlite(error, path, 'read the journal');
  } finally {
    probe?.close();
  }
}

function migrate(db: Database.Database, steps: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = steps.filter((step) => step.version > current);
  if (pending.length === 0) return;
  // All pending steps in one transaction: a journal is never left half-migrated.
  db.transaction(() => {
    db.pragma(`application_id = ${JOURNAL_APPLICATION_ID}`);
    for (const step of pending) {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }
  }).immediate();
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    return false;
  }
  // Root passes access(); honour the file's own mode bits so "read-only" means the same for everyone.
  return (statSync(path).mode & 0o222) !== 0;
}
