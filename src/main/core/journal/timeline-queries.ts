import type { EntryKind, TimelineEntry } from '../../../shared/model';
import { ConsoleError } from '../../../shared/errors';
import { toFtsQuery } from './fts-query';
import type { ChainHeads } from './chain-heads';
import type { IncidentProjection } from './incident-projection';
import type { JournalConnection } from './journal-connection';
import { ENTRY_COLUMNS, ENTRY_FROM, ENTRY_JOINS, entryRowOf, toEntry, type EntryRow } from './journal-rows';

export interface EntryQuery {
  incidentId: string;
  /** Entries strictly after / before this seq (keyset paging); order follows `order`. */
  afterSeq?: number;
  beforeSeq?: number;
  order?: 'asc' | 'desc';
  limit?: number;
  kinds?: EntryKind[];
  pinnedOnly?: boolean;
  /** Only this journal's own chain (schema 5): what its checkpoints state and the key it signs with. */
  ownChain?: boolean;
  /**
   * Rows to skip, in the timeline's order: by seq while the incident has one chain (a keyset on
   * seq when unfiltered), in the merged order (occurred-at, recorded-at, device) once it has several.
   */
  offset?: number;
}

export interface EntryPage {
  entries: TimelineEntry[];
  /** How many entries match the filters in the whole incident. */
  total: number;
}

export interface SearchHit {
  entry: TimelineEntry;
  incidentTitle: string;
}

const MAX_PAGE = 500;

export const ENTRY_BY_ID = `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id = ?`;
const ENTRIES_BY_IDS = `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.rowid`;
/**
 * A whole timeline is read this many rows at a time, as arrays: better-sqlite3 builds an array for
 * about a third of what a row object of 19 keys costs, and a slice is gone before the next one
 * instead of a whole timeline's rows reaching the old generation (100,000 entries: 0.9-1.6 s as one
 * read of objects, 0.3-0.45 s in slices of arrays).
 */
const TIMELINE_SLICE = 2000;
/** The next slice of a timeline, in seq order (entries of several chains sharing a seq, by rowid): after (seq, rowid). */
const ENTRIES_AFTER = `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.incident_id = ? AND (e.seq, e.rowid) > (?, ?) ORDER BY e.seq, e.rowid LIMIT ${TIMELINE_SLICE}`;
/**
 * Every entry of some kinds (a JSON array of them), through the index on (incident_id, kind, seq):
 * left to itself the planner walks the whole timeline in seq order to save sorting a few rows.
 */
export const ENTRIES_OF_KINDS = `SELECT ${ENTRY_COLUMNS} FROM entries e INDEXED BY entries_by_kind ${ENTRY_JOINS}
  WHERE e.incident_id = ? AND e.kind IN (SELECT value FROM json_each(?)) ORDER BY e.seq`;
/** The amendments of a page of entries (a JSON array of their ids), through the index of references. */
export const AMENDMENTS_OF = "SELECT refers_to, id FROM entries WHERE kind = 'amendment' AND refers_to IN (SELECT value FROM json_each(?)) ORDER BY seq";
/**
 * Every amendment of an incident (an amendment refers to an entry of its own incident), through the
 * kind index: what a read of a whole timeline or of whole kinds takes, where a list of every id
 * read (AMENDMENTS_OF) cost seconds at 100,000 entries.
 */
export const AMENDMENTS_IN_INCIDENT = "SELECT refers_to, id FROM entries INDEXED BY entries_by_kind WHERE incident_id = ? AND kind = 'amendment' ORDER BY seq";

const OF_SEVERAL_KINDS = 'e.kind IN (SELECT value FROM json_each(@kinds))';

/** The SQL of one page and, when filtered, of its count; the page's limit is clamped to 1…500. */
export function entryPageSql(query: EntryQuery, merged = false): { page: string; count: string | undefined; params: Record<string, unknown> } {
  const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE);
  const where = ['e.incident_id = @incidentId'];
  const params: Record<string, unknown> = { incidentId: query.incidentId, limit };
  if (query.kinds && query.kinds.length === 1) {
    // One kind: an equality, so (incident_id, kind, seq) serves the page already in order.
    where.push('e.kind = @kind');
    params.kind = query.kinds[0];
  } else if (query.kinds && query.kinds.length > 1) {
    where.push(OF_SEVERAL_KINDS);
    params.kinds = JSON.stringify(query.kinds);
  }
  if (query.ownChain) where.push("e.chain = ''");
  // Pins are few: start from the partial index of pinned flags, never from a scan of the timeline
  // (CROSS JOIN keeps the pins the outer loop, whatever SQLite's statistics say at the time).
  const from = query.pinnedOnly ? 'entry_flags p CROSS JOIN entries e' : 'entries e';
  if (query.pinnedOnly) where.push('p.pinned = 1', 'e.rowid = p.entry_rowid');
  // Unfiltered, the count is on the incident row already; filtered, it is an indexed count.
  const count = where.length > 1 ? `SELECT count(*) AS n FROM ${from} WHERE ${where.join(' AND ')}` : undefined;
  if (query.afterSeq !== undefined) {
    where.push('e.seq > @afterSeq');
    params.afterSeq = query.afterSeq;
  }
  if (query.beforeSeq !== undefined) {
    where.push('e.seq < @beforeSeq');
    params.beforeSeq = query.beforeSeq;
  }
  const direction = query.order === 'desc' ? 'DESC' : 'ASC';
  const order = merged
    ? `coalesce(e.occurred_at, e.recorded_at) ${direction}, e.recorded_at ${direction}, e.device ${direction}, e.seq ${direction}`
    : `e.seq ${direction}`;
  if (query.offset !== undefined) params.offset = query.offset;
  const window = `LIMIT @limit${query.offset !== undefined ? ' OFFSET @offset' : ''}`;
  if (query.kinds && query.kinds.length > 1 && !query.pinnedOnly && !merged) {
    const others = where.filter((condition) => condition !== OF_SEVERAL_KINDS);
    return { page: severalKindsPage(query.kinds, others, params, direction, window), count, params };
  }
  const page = `SELECT ${ENTRY_COLUMNS} FROM ${from} ${ENTRY_JOINS} WHERE ${where.join(' AND ')} ORDER BY ${order} ${window}`;
  return { page, count, params };
}

/**
 * A page of several kinds in seq order: each kind's first rows of the page from (incident_id,
 * kind, seq), and those few sorted together. Left to itself the planner walked the whole
 * timeline in seq order looking for them: 850 ms on 1,000,000 entries for the two rare kinds the
 * update reminder reads after every append, holding up everything else the console did.
 */
function severalKindsPage(kinds: readonly string[], where: string[], params: Record<string, unknown>, direction: string, window: string): string {
  params.span = (params.limit as number) + ((params.offset as number | undefined) ?? 0);
  // Each kind once: a kind asked twice would bring its entries twice.
  const branches = [...new Set(kinds)].map((kind, index) => {
    params[`kind${index}`] = kind;
    const conditions = [...where, `e.kind = @kind${index}`].join(' AND ');
    return `SELECT rowid FROM (SELECT e.rowid FROM entries e INDEXED BY entries_by_kind WHERE ${conditions} ORDER BY e.seq ${direction} LIMIT @span)`;
  });
  return `SELECT ${ENTRY_COLUMNS} FROM (${branches.join(' UNION ALL ')}) k CROSS JOIN entries e ON e.rowid = k.rowid ${ENTRY_JOINS} ORDER BY e.seq ${direction} ${window}`;
}

/**
 * Full-text search, newest first. CROSS JOIN keeps the index as the outer loop, read newest
 * first, so LIMIT stops it early; left to itself the planner may gather every hit of a common
 * word and sort them (800 ms at 1M).
 */
export function searchSql(withinIncident: boolean): string {
  return `SELECT ${ENTRY_COLUMNS}, i.title AS incident_title
    FROM entry_search s CROSS JOIN entries e ON e.rowid = s.rowid ${ENTRY_JOINS}
    CROSS JOIN incidents i ON i.id = e.incident_id
    WHERE entry_search MATCH @match ${withinIncident ? 'AND e.incident_id = @incidentId' : ''}
    ORDER BY s.rowid DESC LIMIT @limit`;
}
const SEARCH_ALL = searchSql(false);
const SEARCH_INCIDENT = searchSql(true);

/** Reading the timeline: pages, lookups and search, each entry with the amendments that correct it. */
export class TimelineQueries {
  constructor(
    private readonly connection: JournalConnection,
    private readonly incidents: IncidentProjection,
    private readonly heads: ChainHeads,
  ) {}

  /** The entry as stored, or undefined (inside a transaction: what a new entry refers to). */
  row(entryId: string): EntryRow | undefined {
    return this.connection.sql<[string], EntryRow>(ENTRY_BY_ID).get(entryId);
  }

  entry(entryId: string): TimelineEntry {
    const row = this.connection.read('read the entry', () => this.row(entryId));
    if (!row) throw new ConsoleError('JOURNAL_NOT_FOUND', `No entry ${entryId} in this journal`);
    return this.connection.read('read the entry', () => this.withAmendments([row])[0]!);
  }

  /** The entries with these ids (unknown ids are left out), e.g. the amendments a timeline shows. */
  byIds(entryIds: readonly string[]): TimelineEntry[] {
    if (entryIds.length === 0) return [];
    return this.connection.read('read entries', () =>
      this.withAmendments(this.connection.sql<[string], EntryRow>(ENTRIES_BY_IDS).all(JSON.stringify(entryIds))),
    );
  }

  all(incidentId: string): TimelineEntry[] {
    const entries: TimelineEntry[] = [];
    for (const slice of this.inSlices(incidentId)) entries.push(...slice);
    return entries;
  }

  /**
   * A whole timeline in order, TIMELINE_SLICE entries at a time, each read when the caller asks for
   * it: a caller that lets the event loop turn between two keeps the console answering meanwhile.
   * Entries added between two slices come in a later one when they sort after the slices read.
   */
  *inSlices(incidentId: string): Generator<TimelineEntry[], void, undefined> {
    this.incidents.get(incidentId);
    const amendedBy = this.connection.read('read the timeline', () => this.amendments(incidentId));
    let after = { seq: 0, rowid: 0 };
    for (;;) {
      const slice = this.connection.read('read the timeline', () => {
        const statement = this.connection.sql<[string, number, number], unknown[]>(ENTRIES_AFTER).raw(true);
        const columns = statement.columns().map((column) => column.name);
        return statement.all(incidentId, after.seq, after.rowid).map((values) => {
          const row = entryRowOf(columns, values);
          after = row;
          return toEntry(row, amendedBy.get(row.id) ?? []);
        });
      });
      if (slice.length > 0) yield slice;
      if (slice.length < TIMELINE_SLICE) return;
    }
  }

  /** Every entry of these kinds in order: what state derived from a few kinds reads, without the rest of a long timeline. */
  ofKinds(incidentId: string, kinds: readonly EntryKind[]): TimelineEntry[] {
    this.incidents.get(incidentId);
    return this.connection.read('read the timeline', () =>
      this.withAmendments(this.connection.sql<[string, string], EntryRow>(ENTRIES_OF_KINDS).all(incidentId, JSON.stringify(kinds)), incidentId),
    );
  }

  /** A page and how many entries match in all; `counted: false` leaves the count out (total is then the page's length). */
  page(query: EntryQuery, options: { counted?: boolean } = {}): EntryPage {
    const incident = this.incidents.get(query.incidentId);
    const merged = query.offset !== undefined && this.severalChains(query.incidentId);
    const { page, count, params } = entryPageSql(this.keysetWhereItServes(query, incident.entryCount, merged), merged);
    return this.connection.read('read the timeline', () => {
      const rows = this.connection.sql<Record<string, unknown>, EntryRow>(page).all(params);
      const counted = options.counted !== false;
      const total = !counted
        ? rows.length
        : count
          ? (this.connection.sql<Record<string, unknown>, { n: number }>(count).get(params)?.n ?? 0)
          : incident.entryCount;
      return { entries: this.withAmendments(rows), total };
    });
  }

  /** An unfiltered window of one chain is a range of seqs: the index on seq serves it without stepping over the rows before. */
  private keysetWhereItServes(query: EntryQuery, entryCount: number, merged: boolean): EntryQuery {
    const { offset, ...rest } = query;
    if (offset === undefined || merged || query.kinds || query.pinnedOnly || query.afterSeq !== undefined || query.beforeSeq !== undefined) return query;
    return query.order === 'desc' ? { ...rest, beforeSeq: entryCount - offset + 1 } : { ...rest, afterSeq: offset };
  }

  private severalChains(incidentId: string): boolean {
    return this.connection.read('read the timeline', () => this.heads.all(this.incidents.row(incidentId)).length > 1);
  }

  search(text: string, options: { incidentId?: string; limit?: number } = {}): SearchHit[] {
    const match = toFtsQuery(text);
    if (!match) return [];
    const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_PAGE);
    return this.connection.read('search the journal', () => {
      const rows = this.connection
        .sql<Record<string, unknown>, EntryRow & { incident_title: string }>(options.incidentId ? SEARCH_INCIDENT : SEARCH_ALL)
        .all({ match, incidentId: options.incidentId, limit });
      return this.withAmendments(rows).map((entry, index) => ({ entry, incidentTitle: rows[index]!.incident_title }));
    });
  }

  /** The rows as entries with their amendments: of these rows by their ids, or of the whole incident when the rows are most of it. */
  private withAmendments(rows: EntryRow[], wholeIncident?: string): TimelineEntry[] {
    const amendedBy = rows.length === 0 ? new Map<string, string[]>() : this.amendments(wholeIncident, rows);
    return rows.map((row) => toEntry(row, amendedBy.get(row.id) ?? []));
  }

  /** The ids of the amendments of each entry: of a whole incident's, or of these rows' only. */
  private amendments(wholeIncident: string | undefined, rows: readonly EntryRow[] = []): Map<string, string[]> {
    const links =
      wholeIncident === undefined
        ? this.connection.sql<[string], { refers_to: string; id: string }>(AMENDMENTS_OF).all(JSON.stringify(rows.map((row) => row.id)))
        : this.connection.sql<[string], { refers_to: string; id: string }>(AMENDMENTS_IN_INCIDENT).all(wholeIncident);
    const amendedBy = new Map<string, string[]>();
    for (const link of links) {
      const list = amendedBy.get(link.refers_to) ?? [];
      list.push(link.id);
      amendedBy.set(link.refers_to, list);
    }
    return amendedBy;
  }
}
