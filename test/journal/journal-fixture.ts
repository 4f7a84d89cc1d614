import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';

export interface JournalFixture {
  dir: string;
  path: string;
  clock: AdjustableClock;
  journal: Journal;
  reopen(): Journal;
  /** Edits the closed file as an attacker with sqlite3 would (the append-only triggers dropped), then reopens it. */
  tamper(sql: string, ...params: unknown[]): void;
  dispose(): void;
}

/** A real journal file in a fresh temp dir, with a clock the test moves. */
export function createJournalFixture(author = 'alice'): JournalFixture {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-journal-'));
  const path = join(dir, 'journal.sqlite');
  const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
  const fixture: JournalFixture = {
    dir,
    path,
    clock,
    journal: new Journal({ path, clock, author }),
    reopen() {
      fixture.journal.close();
      fixture.journal = new Journal({ path, clock, author });
      return fixture.journal;
    },
    tamper(sql, ...params) {
      fixture.journal.close();
      const raw = new Database(path);
      raw.exec('DROP TRIGGER IF EXISTS entries_are_append_only_update; DROP TRIGGER IF EXISTS entry_bodies_are_never_edited;');
      raw.prepare(sql).run(...params);
      raw.close();
      fixture.reopen();
    },
    dispose() {
      fixture.journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
