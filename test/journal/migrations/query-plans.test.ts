import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entriesAfter } from '../../../src/main/core/journal/journal-rows';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/core/journal/migrations';
import {
  AMENDMENTS_IN_INCIDENT,
  AMENDMENTS_OF,
  ENTRIES_OF_KINDS,
  ENTRY_BY_ID,
  entryPageSql,
  searchSql,
  type EntryQuery,
} from '../../../src/main/core/journal/timeline-queries';
import type { NewEntry } from '../../../src/shared/model';
import { writeSampleIncident } from '../../support/sample-incident';
import { createMigrationFixture, indexOn, type MigrationFixture } from './migration-fixture';

/**
 * "This is indexed" as a tested fact, as Signal Desktop's migration tests do it: the statements
 * the journal runs for its hot queries, planned by SQLite on a journal at the latest schema, on a
 * file no statistics were gathered for yet and on the same file once closing has gathered them.
 */
let fx: MigrationFixture;
let incidentId: string;
let fresh: Database.Database;
let analyzed: Database.Database;

beforeAll(() => {
  fx = createMigrationFixture();
  const journal = fx.journalAt(LATEST_SCHEMA_VERSION);
  const other = writeSampleIncident(journal, fx.clock, { withWriteUp: true });
  incidentId = journal.createIncident({ title: 'Queue backlog', detectedBy: 'alert' }).id;
  const notes: NewEntry[] = Array.from({ length: 600 }, (_, i) => ({ kind: 'note', text: `worker queue depth ${i} on app-${i % 8}`, data: {} }));
  journal.appendBatch(incidentId, notes);
  const [first] = journal.listEntries({ incidentId, afterSeq: 1, limit: 1 }).entries;
  journal.append(incidentId, { kind: 'pin', text: '', data: {}, refersTo: first!.id });
  journal.append(incidentId, { kind: 'amendment', text: 'worker queue depth 0 on app-1', data: {}, refersTo: first!.id });
  journal.append(other.id, { kind: 'note', text: 'worker queue fine here', data: {} });
  // A reader of its own while the journal is open: nothing has gathered statistics yet.
  fresh = fx.raw();
  expect(fresh.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'sqlite_stat1'").get()).toEqual({ n: 0 });
  journal.close();
  analyzed = fx.raw();
  expect((analyzed.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'sqlite_stat1'").get() as { n: number }).n).toBe(1);
});
afterAll(() => fx.dispose());

/** SQLite's plan for a statement, one line per step. */
function planOf(db: Database.Database, sql: string, ...params: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);
}
const pagePlan = (db: Database.Database, query: Omit<EntryQuery, 'incidentId'>) => {
  const { page, params } = entryPageSql({ incidentId, ...query });
  return planOf(db, page, params);
};
const countPlan = (db: Database.Database, query: Omit<EntryQuery, 'incidentId'>) => {
  const { count, params } = entryPageSql({ incidentId, ...query });
  return planOf(db, count!, params);
};
/** Nothing read in full and nothing sorted afterwards: the index serves the order LIMIT stops in. */
const noScanNoSort = (plan: string[]) => {
  expect(
    plan.filter((step) => /^SCAN (e|entries|b|f|i)\b/.test(step)),
    plan.join('\n'),
  ).toEqual([]);
  expect(plan, plan.join('\n')).not.toContain('USE TEMP B-TREE FOR ORDER BY');
};

describe.each([
  ['before any statistics', () => fresh],
  ['with the statistics closing gathered', () => analyzed],
])('the hot queries use their index (%s)', (_state, db) => {
  it('the first page of a timeline, and the page after a seq, come from (incident_id, seq) already in order', () => {
    const bySeq = indexOn(db(), 'entries', ['incident_id', 'seq']);
    const newest = pagePlan(db(), { order: 'desc', limit: 100 });
    expect(newest[0]).toBe(`SEARCH e USING INDEX ${bySeq} (incident_id=?)`);
    noScanNoSort(newest);
    const next = pagePlan(db(), { afterSeq: 300, limit: 100 });
    expect(next[0]).toBe(`SEARCH e USING INDEX ${bySeq} (incident_id=? AND seq>?)`);
    noScanNoSort(next);
  });

  it('a page filtered by one kind, and its count, come from (incident_id, kind, seq)', () => {
    const plan = pagePlan(db(), { order: 'desc', kinds: ['command_run'] });
    expect(plan[0]).toBe('SEARCH e USING INDEX entries_by_kind (incident_id=? AND kind=?)');
    noScanNoSort(plan);
    expect(countPlan(db(), { kinds: ['command_run'] })).toEqual(['SEARCH e USING COVERING INDEX entries_by_kind (incident_id=? AND kind=?)']);
  });

  it('a page of several kinds reads the newest of each kind from (incident_id, kind, seq), never the whole timeline', () => {
    const plan = pagePlan(db(), { order: 'desc', kinds: ['comms_sent', 'severity_changed'], limit: 500 });
    expect(
      plan.filter((step) => /USING (COVERING )?INDEX entries_by_kind \(incident_id=\? AND kind=\?\)$/.test(step)),
      plan.join('\n'),
    ).toHaveLength(2);
    expect(
      plan.filter((step) => /^SCAN (e|entries)\b/.test(step)),
      plan.join('\n'),
    ).toEqual([]);
    expect(
      plan.some((step) => step.includes(indexOn(db(), 'entries', ['incident_id', 'seq']))),
      plan.join('\n'),
    ).toBe(false);
  });

  it('every entry of a few kinds (severity, checklist: read after each append) comes from (incident_id, kind, seq), not the timeline', () => {
    const plan = planOf(db(), ENTRIES_OF_KINDS, incidentId, '["severity_changed","checklist_step"]');
    expect(plan[0]).toBe('SEARCH e USING INDEX entries_by_kind (incident_id=? AND kind=?)');
    expect(plan.filter((step) => /^SCAN (e|entries|b|f)\b/.test(step))).toEqual([]);
  });

  it('pinned only starts from the partial index of pins and reads each entry by its rowid, never the timeline', () => {
    const plan = pagePlan(db(), { pinnedOnly: true });
    expect(plan.slice(0, 2)).toEqual(['SCAN p USING COVERING INDEX entry_flags_pinned', 'SEARCH e USING INTEGER PRIMARY KEY (rowid=?)']);
    expect(plan.filter((step) => /\be USING (COVERING )?INDEX\b/.test(step))).toEqual([]);
    expect(countPlan(db(), { pinnedOnly: true })).toEqual(['SCAN p USING COVERING INDEX entry_flags_pinned', 'SEARCH e USING INTEGER PRIMARY KEY (rowid=?)']);
  });

  it('full-text search reads the index newest first and each hit by its rowid, within an incident or across all', () => {
    for (const withinIncident of [false, true]) {
      const plan = planOf(db(), searchSql(withinIncident), { match: '"worker"*', incidentId, limit: 50 });
      expect(plan[0]).toMatch(/^SCAN s VIRTUAL TABLE INDEX \d+:M/);
      expect(plan[1]).toBe('SEARCH e USING INTEGER PRIMARY KEY (rowid=?)');
      expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY');
    }
  });

  it('an entry by id uses its unique index, and the amendments of a page the index of references', () => {
    expect(planOf(db(), ENTRY_BY_ID, 'an id')[0]).toBe(`SEARCH e USING INDEX ${indexOn(db(), 'entries', ['id'])} (id=?)`);
    expect(planOf(db(), AMENDMENTS_OF, '["an id"]')[0]).toBe('SEARCH entries USING INDEX entries_by_reference (refers_to=?)');
  });

  it('the amendments of a whole timeline (an export, derived state) come from (incident_id, kind, seq) in order', () => {
    const plan = planOf(db(), AMENDMENTS_IN_INCIDENT, incidentId);
    expect(plan[0]).toBe('SEARCH entries USING INDEX entries_by_kind (incident_id=? AND kind=?)');
    noScanNoSort(plan);
  });

  it('the chain walk reads (incident_id, seq) from where it resumes', () => {
    const plan = planOf(db(), entriesAfter(true), incidentId, 0, 1000);
    expect(plan[0]).toBe(`SEARCH e USING INDEX ${indexOn(db(), 'entries', ['incident_id', 'seq'])} (incident_id=? AND seq>?)`);
    noScanNoSort(plan);
  });
});
