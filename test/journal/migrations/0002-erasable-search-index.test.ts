import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSampleIncident } from '../../support/sample-incident';
import { createMigrationFixture, schemaNames, type MigrationFixture } from './migration-fixture';

let fx: MigrationFixture;
beforeEach(() => {
  fx = createMigrationFixture();
});
afterEach(() => fx.dispose());

/** Every term the search index holds, as FTS5 itself lists them. */
function indexedTerms(fixture: MigrationFixture): string[] {
  const db = fixture.raw({ writable: true });
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, entry_search, row)');
  return (db.prepare('SELECT term FROM temp.search_terms').all() as { term: string }[]).map((row) => row.term);
}

describe('migration 0002: an erasable search index', () => {
  it('brings a fresh file to exactly version 2: the same tables, a plain contentless index with FTS5 secure-delete on', () => {
    fx.journalAt(2).close();
    const db = fx.raw();
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(schemaNames(db)).toContain('entry_search');
    const index = (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'entry_search'").get() as { sql: string }).sql;
    expect(index).toContain("content = ''");
    expect(index).not.toContain('contentless_delete');
    expect(db.prepare("SELECT v FROM entry_search_config WHERE k = 'secure-delete'").get()).toEqual({ v: 1 });
  });

  it('holds what the journal writes at version 2: a redaction takes its words out of the index and the chain still verifies', () => {
    const journal = fx.journalAt(2);
    const incident = writeSampleIncident(journal, fx.clock, { withWriteUp: false });
    const leaked = journal.append(incident.id, { kind: 'note', text: 'replica password zq42canary', data: {} });
    expect(journal.search('zq42canary')).toHaveLength(1);
    journal.append(incident.id, { kind: 'redaction', text: 'Contained a password', data: {}, refersTo: leaked.id });
    expect(journal.search('zq42canary')).toEqual([]);
    expect(journal.search('replica')).toEqual([]);
    expect(journal.verify(incident.id)).toMatchObject({ ok: true, checked: 19 });
    journal.close();
    const terms = indexedTerms(fx);
    expect(terms).toContain('dashboards');
    expect(terms).not.toContain('zq42canary');
    expect(terms).not.toContain('replica');
  });

  // Migrating on from here is the next migration's test (0004), which starts from a file this version wrote.
  it('a journal written at version 2 reopens at version 2 as it was, with nothing migrated', () => {
    const first = fx.journalAt(2);
    const incident = writeSampleIncident(first, fx.clock, { withWriteUp: true });
    const before = { entries: first.allEntries(incident.id), chain: first.verify(incident.id) };
    first.close();
    const termsBefore = indexedTerms(fx);

    const again = fx.journalAt(2);
    expect(again.state.integrity.state).toBe('checking');
    expect(again.allEntries(incident.id)).toEqual(before.entries);
    expect(again.verify(incident.id, { full: true })).toEqual(before.chain);
    expect(indexedTerms(fx)).toEqual(termsBefore);
  });
});
