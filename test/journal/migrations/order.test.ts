import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations, RESERVED_VERSIONS } from '../../../src/main/core/journal/migrations';
import { openJournalDatabase } from '../../../src/main/core/journal/open-journal-database';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshPath() {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-migration-'));
  dirs.push(dir);
  return join(dir, 'journal.sqlite');
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps, but for versions reserved by work still on another branch', () => {
    const versions = migrations.map((migration) => migration.version);
    const latest = versions.at(-1) ?? 0;
    const expected = Array.from({ length: latest }, (_, index) => index + 1).filter((version) => !RESERVED_VERSIONS.includes(version));
    expect(versions).toEqual(expected);
    // A reservation is for a version below the latest: one above would be a gap nobody fills.
    for (const version of RESERVED_VERSIONS) expect(version).toBeLessThan(latest);
  });

  // Each migration applied on top of the previous ones, on its own, as an old journal would see it.
  for (const [index, migration] of migrations.entries()) {
    it(`${migration.version} (${migration.name}) applies on top of ${index} and records its version`, () => {
      const path = freshPath();
      openJournalDatabase(path, { migrations: migrations.slice(0, index) }).db.close();
      const { db } = openJournalDatabase(path, { migrations: migrations.slice(0, index + 1) });
      expect(db.pragma('user_version', { simple: true })).toBe(migration.version);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('each have a test of their own beside this file, as Signal Desktop keeps them', () => {
    const folder = join(import.meta.dirname, '../../../src/main/core/journal/migrations');
    const files = readdirSync(folder).filter((name) => /^\d{4}-.+\.ts$/.test(name));
    expect(files).toHaveLength(migrations.length);
    for (const file of files) expect(existsSync(join(import.meta.dirname, `${basename(file, '.ts')}.test.ts`)), file).toBe(true);
  });

  it('rolls back every step of a failing batch, leaving the version where it was', () => {
    const path = freshPath();
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', up: (db: Database.Database) => db.exec('CREATE TABLE oops (; nonsense') }];
    expect(() => openJournalDatabase(path, { migrations: broken })).toThrow();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'entries'").get()).toEqual({ n: 0 });
    raw.close();
  });
});
