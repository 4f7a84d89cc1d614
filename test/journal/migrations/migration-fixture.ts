import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock } from '../../../src/main/core/clock';
import { Journal } from '../../../src/main/core/journal/journal';
import { migrations } from '../../../src/main/core/journal/migrations';

export interface MigrationFixture {
  path: string;
  clock: AdjustableClock;
  /** The journal on this file, brought to exactly `version` (what an install of that version ran). */
  journalAt(version: number): Journal;
  /** A connection of its own to the file, as `sqlite3` would open it (read-only unless asked). */
  raw(options?: { writable?: boolean }): Database.Database;
  dispose(): void;
}

/** A fresh journal file in a temp dir, opened at whichever schema version a test asks for. */
export function createMigrationFixture(): MigrationFixture {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-migration-'));
  const path = join(dir, 'journal.sqlite');
  const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
  const open: Array<Journal | Database.Database> = [];
  return {
    path,
    clock,
    journalAt(version) {
      const journal = new Journal({ path, clock, author: 'alice', migrations: migrations.filter((migration) => migration.version <= version) });
      open.push(journal);
      return journal;
    },
    raw(options = {}) {
      const db = new Database(path, { readonly: !options.writable, fileMustExist: true });
      open.push(db);
      return db;
    },
    dispose() {
      for (const handle of open.splice(0)) handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The schema's tables, indexes and triggers by name, the FTS shadow tables left out. */
export function schemaNames(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'entry_search_%' ORDER BY name").all() as { name: string }[]
  ).map((row) => row.name);
}

/** The name of the index on exactly these columns of a table (an autoindex of a UNIQUE constraint included). */
export function indexOn(db: Database.Database, table: string, columns: string[]): string {
  const indexes = db.prepare(`SELECT name FROM pragma_index_list(?)`).all(table) as { name: string }[];
  const found = indexes.find(
    ({ name }) =>
      (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(name) as { name: string }[]).map((column) => column.name).join() ===
      columns.join(),
  );
  if (!found) throw new Error(`no index on ${table} (${columns.join(', ')})`);
  return found.name;
}
