import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { EventBus } from '../../src/main/core/event-bus';
import { Journal } from '../../src/main/core/journal/journal';
import { createJournalService, JOURNAL_FILE_NAME } from '../../src/main/core/journal/journal-service';
import { JOURNAL_APPLICATION_ID } from '../../src/main/core/journal/open-journal-database';
import { LATEST_SCHEMA_VERSION } from '../../src/main/core/journal/migrations';

let dir: string;
let path: string;
const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
const open = () => new Journal({ path, clock, author: 'alice' });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'incident-console-journal-file-'));
  path = join(dir, JOURNAL_FILE_NAME);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function expectRefusedAndUntouched(code: string, message: RegExp) {
  const before = readFileSync(path);
  let caught: unknown;
  try {
    open().close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toMatchObject({ code });
  expect((caught as Error).message).toMatch(message);
  expect(readFileSync(path).equals(before)).toBe(true);
}

describe('journal file', () => {
  it('is created with WAL, synchronous=FULL, foreign keys, STRICT tables and our application id', async () => {
    const journal = open();
    journal.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('application_id', { simple: true })).toBe(JOURNAL_APPLICATION_ID);
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const tables = raw
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name IN ('incidents', 'entries', 'entry_bodies', 'entry_flags')")
      .all() as { sql: string }[];
    expect(tables).toHaveLength(4);
    for (const table of tables) expect(table.sql).toMatch(/STRICT$/);
    raw.close();
    // synchronous and foreign_keys are per connection: check on the journal's own, once the
    // background check has cleared the existing file and the writing connection is open.
    const again = open();
    expect((await again.checked()).access).toBe('writable');
    const db = (again as unknown as { connection: { db: Database.Database } }).connection.db;
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    again.close();
  });

  it('refuses a file that is not a database, leaving it byte-for-byte as it was', () => {
    writeFileSync(path, Buffer.from('this is my shopping list, not a journal\n'.repeat(200)));
    expectRefusedAndUntouched('JOURNAL_NOT_A_JOURNAL', /not an Incident Console journal.*left untouched/);
  });

  it("refuses another application's SQLite database", () => {
    const foreign = new Database(path);
    foreign.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    foreign.close();
    expectRefusedAndUntouched('JOURNAL_NOT_A_JOURNAL', /SQLite database but not an Incident Console journal/);
  });

  it('refuses a journal from a newer version of the app', () => {
    open().close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    expectRefusedAndUntouched('JOURNAL_FROM_NEWER_VERSION', /newer Incident Console/);
  });

  it('refuses a journal whose header was damaged', () => {
    const journal = open();
    journal.createIncident({ title: 'x', detectedBy: 'alert' });
    journal.close();
    const raw = new Database(path);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const bytes = readFileSync(path);
    bytes.write('garbage garbage!', 0);
    writeFileSync(path, bytes);
    expectRefusedAndUntouched('JOURNAL_NOT_A_JOURNAL', /left untouched/);
  });

  it('opens a read-only journal for reading and refuses appends with a clear error', () => {
    const journal = open();
    const incident = journal.createIncident({ title: 'x', detectedBy: 'alert' });
    journal.close();
    const raw = new Database(path);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    chmodSync(path, 0o444);
    const readOnly = open();
    expect(readOnly.readOnly).toBe(true);
    expect(readOnly.listIncidents()).toHaveLength(1);
    expect(() => readOnly.append(incident.id, { kind: 'note', text: 'n', data: {} })).toThrow(/read-only\. Nothing was written/);
    readOnly.close();
  });

  it('keeps the app running when the journal cannot be opened, and says why', () => {
    writeFileSync(path, 'not a journal');
    const service = createJournalService({ dataDir: dir, clock, operator: 'alice', events: new EventBus() });
    expect(service.status).toMatchObject({ available: false, error: { code: 'JOURNAL_NOT_A_JOURNAL' } });
    const list = service.handlers['incidents.list'];
    expect(() => list?.({})).toThrow(/not an Incident Console journal/);
    expect(readFileSync(path, 'utf8')).toBe('not a journal');
  });
});
