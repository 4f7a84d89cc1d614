import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ConsoleError } from '../../../shared/errors';
import {
  entryDataSchemas,
  REFERRING_KINDS,
  type EntryKind,
  type Incident,
  type IncidentStatus,
  type NewEntry,
  type Severity,
  type TimelineEntry,
} from '../../../shared/model';
import type { Clock } from '../clock';
import { bodyHash, entryHash, GENESIS_HASH, type EntryHeader } from './chain';
import { BackgroundIntegrityCheck, quickCheck, type IntegrityVerdict } from './integrity-check';
import { DAMAGED_JOURNAL_ADVICE, isCorruption, JournalErrorCode, journalErrorFromSqlite } from './journal-errors';
import type { JournalPort } from './journal-port';
import { openJournalDatabase, openReadOnly, openWritableJournal, type JournalAccess, type OpenJournalOptions } from './open-journal-database';
import { toFtsQuery } from './fts-query';

export interface JournalOptions extends OpenJournalOptions {
  path: string;
  clock: Clock;
  /** Who is writing: the operator's name. */
  author: string;
  onAppended?: (entry: TimelineEntry, incident: Incident) => void;
  onIncidentChanged?: (incident: Incident) => void;
  /** Its access or health changed: the background check answered, or damage was met while reading. */
  onStateChanged?: () => void;
  /** Something the operator must know that is not a failure of the call (a redaction not yet erased from the WAL). */
  onWarning?: (message: string) => void;
}

/** How the journal stands: what the UI shows and what decides whether a write may happen. */
export interface JournalState {
  access: JournalAccess;
  /** Why it is read-only: the file cannot be written, or SQLite found it damaged. */
  readOnlyBecause: 'file' | 'damaged' | null;
  integrity: {
    state: 'new' | 'checking' | 'ok' | 'damaged' | 'unchecked';
    checkedAt: string | null;
    findings: string[];
  };
  /** Why the file was read into memory instead of opened in place; null when it was not. */
  inMemoryCopy: string | null;
  /** Why the checked file could not be opened for writing (a full or read-only disk); tried again on the next write. */
  writableFailure?: { code: string; message: string };
}

export interface NewIncident {
  title: string;
  detectedBy: string;
  startedAt?: string;
}

export interface EntryQuery {
  incidentId: string;
  /** Entries strictly after / before this seq (keyset paging); order follows `order`. */
  afterSeq?: number;
  beforeSeq?: number;
  order?: 'asc' | 'desc';
  limit?: number;
  kinds?: EntryKind[];
  pinnedOnly?: boolean;
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

export interface ChainVerification {
  ok: boolean;
  checked: number;
  headHash: string;
  broken?: { seq: number; entryId: string; reason: string };
}

interface EntryRow {
  rowid: number;
  id: string;
  incident_id: string;
  seq: number;
  kind: EntryKind;
  author: string;
  recorded_at: string;
  occurred_at: string | null;
  refers_to: string | null;
  body_hash: string;
  prev_hash: string;
  hash: string;
  text: string | null;
  data: string | null;
  pinned: number | null;
  redacted: number | null;
}

interface IncidentRow {
  id: string;
  title: string;
  detected_by: string;
  started_at: string;
  created_at: string;
  created_by: string;
  status: IncidentStatus;
  severity: Severity | null;
  acknowledged_at: string | null;
  mitigated_at: string | null;
  resolved_at: string | null;
  entry_count: number;
  last_entry_at: string | null;
  head_hash: string;
}

const ENTRY_COLUMNS = `e.rowid, e.id, e.incident_id, e.seq, e.kind, e.author, e.recorded_at, e.occurred_at, e.refers_to,
  e.body_hash, e.prev_hash, e.hash, b.text, b.data, f.pinned, f.redacted`;
const ENTRY_FROM = `entries e LEFT JOIN entry_bodies b ON b.entry_rowid = e.rowid LEFT JOIN entry_flags f ON f.entry_rowid = e.rowid`;
const STATUS_ORDER: IncidentStatus[] = ['detected', 'acknowledged', 'mitigated', 'resolved'];
const MAX_PAGE = 500;
/** Entries walked between two yields to the event loop when verifying in slices (a few ms of hashing). */
const VERIFY_SLICE = 2_000;

/**
 * The incident journal: append-only, hash-chained per incident, durable on every append.
 * Corrections and redactions are new entries; the only thing ever removed is a redacted body.
 */
export class Journal implements JournalPort {
  readonly path: string;
  private db: Database.Database;
  private statements: ReturnType<Journal['prepareStatements']>;
  private readonly currentState: JournalState;
  /** The background quick_check of an existing file, until it answers. */
  private check: BackgroundIntegrityCheck | undefined;
  /** Every SQL text prepared once: compiling a statement costs more than running it on an append. */
  private readonly prepared = new Map<string, Database.Statement>();
  /** Per incident: the chain prefix this connection has verified, and the file's data_version then. */
  private readonly verifiedPrefix = new Map<string, { connection: number; dataVersion: number; seq: number; hash: string }>();
  /** Which connection verifiedPrefix refers to: data_version is per connection. */
  private connection = 0;

  constructor(private readonly options: JournalOptions) {
    this.path = options.path;
    const opened = openJournalDatabase(options.path, options);
    this.db = opened.db;
    this.currentState = {
      access: opened.access,
      readOnlyBecause: opened.integrity === 'damaged' ? 'damaged' : opened.access === 'read-only' ? 'file' : null,
      integrity: {
        state: opened.integrity,
        checkedAt: opened.integrity === 'ok' || opened.integrity === 'damaged' || opened.integrity === 'new' ? this.now() : null,
        findings: opened.findings,
      },
      inMemoryCopy: opened.inMemoryCopy,
    };
    if (opened.integrity === 'damaged') this.currentState.access = 'read-only';
    this.statements = this.prepareStatements();
    if (opened.integrity === 'checking') this.startCheck();
  }

  /** True when nothing can be written: the file is read-only, or it is damaged. */
  get readOnly(): boolean {
    return this.currentState.access === 'read-only';
  }

  get state(): JournalState {
    return structuredClone(this.currentState);
  }

  /** Resolves once the background check has answered (at once when there is none). */
  async checked(): Promise<JournalState> {
    if (this.check) this.applyVerdict(await this.check.settled);
    return this.state;
  }

  private prepareStatements() {
    const db = this.db;
    return {
      incident: db.prepare<[string], IncidentRow>('SELECT * FROM incidents WHERE id = ?'),
      incidents: db.prepare<[], IncidentRow>('SELECT * FROM incidents ORDER BY started_at DESC, created_at DESC'),
      entryById: db.prepare<[string], EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id = ?`),
      allEntries: db.prepare<[string], EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.incident_id = ? ORDER BY e.seq`),
      entriesAfterLimited: db.prepare<[string, number, number], EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.incident_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`,
      ),
      entriesAfter: db.prepare<[string, number], EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.incident_id = ? AND e.seq > ? ORDER BY e.seq`,
      ),
      amendmentsOf: db.prepare<[string], { refers_to: string; id: string }>(
        "SELECT refers_to, id FROM entries WHERE kind = 'amendment' AND refers_to IN (SELECT value FROM json_each(?)) ORDER BY seq",
      ),
    };
  }

  close(): void {
    this.check?.cancel();
    this.check = undefined;
    if (!this.db.open) return;
    if (this.currentState.access === 'writable') {
      try {
        this.db.pragma('optimize');
      } catch {
        // Closing must not fail because statistics could not be refreshed.
      }
    }
    this.db.close();
  }

  // ── incidents ──────────────────────────────────────────────────────────────

  createIncident(input: NewIncident): Incident {
    const now = this.now();
    const startedAt = input.startedAt ?? now;
    if (startedAt > now) {
      throw new ConsoleError(JournalErrorCode.invalidEntry, 'An incident cannot start in the future; leave the start time empty for "now".');
    }
    const id = randomUUID();
    this.write('open the incident', () => {
      this.sql(
          `INSERT INTO incidents (id, title, detected_by, started_at, created_at, created_by, status, head_hash)
           VALUES (?, ?, ?, ?, ?, ?, 'detected', ?)`,
        )
        .run(id, input.title, input.detectedBy, startedAt, now, this.options.author, GENESIS_HASH);
      this.appendInTransaction(id, {
        kind: 'incident_opened',
        text: input.title,
        data: { title: input.title, detectedBy: input.detectedBy, startedAt },
        occurredAt: startedAt === now ? undefined : startedAt,
      });
    });
    const incident = this.getIncident(id);
    this.options.onIncidentChanged?.(incident);
    return incident;
  }

  listIncidents(): Incident[] {
    return this.read('list incidents', () => this.statements.incidents.all().map(toIncident));
  }

  getIncident(incidentId: string): Incident {
    const row = this.read('read the incident', () => this.statements.incident.get(incidentId));
    if (!row) throw new ConsoleError(JournalErrorCode.notFound, `No incident ${incidentId} in this journal`);
    return toIncident(row);
  }

  // ── entries ────────────────────────────────────────────────────────────────

  append<K extends EntryKind>(incidentId: string, entry: NewEntry<K>): TimelineEntry {
    const rowid = this.write(`append a ${entry.kind.replace('_', ' ')} entry`, () => this.appendInTransaction(incidentId, entry));
    if (entry.kind === 'redaction') this.eraseFromWal();
    const stored = this.entryByRowid(rowid);
    const incident = this.getIncident(incidentId);
    this.options.onAppended?.(stored, incident);
    this.options.onIncidentChanged?.(incident);
    return stored;
  }

  /**
   * Appends several entries in one durable transaction (imports, seeding a large journal): each is
   * checked and chained exactly as a single append; all are written or none.
   */
  appendBatch(incidentId: string, entries: readonly NewEntry[]): number {
    if (entries.length === 0) return 0;
    this.write(`append ${entries.length} entries`, () => {
      for (const entry of entries) this.appendInTransaction(incidentId, entry);
    });
    if (entries.some((entry) => entry.kind === 'redaction')) this.eraseFromWal();
    this.options.onIncidentChanged?.(this.getIncident(incidentId));
    return entries.length;
  }

  /** The entries with these ids (unknown ids are left out), e.g. the amendments a timeline shows. */
  entriesByIds(entryIds: readonly string[]): TimelineEntry[] {
    if (entryIds.length === 0) return [];
    return this.read('read entries', () =>
      this.withAmendments(
        this.sql<[string], EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.rowid`).all(
          JSON.stringify(entryIds),
        ),
      ),
    );
  }

  getEntry(entryId: string): TimelineEntry {
    const row = this.read('read the entry', () => this.statements.entryById.get(entryId));
    if (!row) throw new ConsoleError(JournalErrorCode.notFound, `No entry ${entryId} in this journal`);
    return this.withAmendments([row])[0]!;
  }

  allEntries(incidentId: string): TimelineEntry[] {
    this.getIncident(incidentId);
    return this.read('read the timeline', () => this.withAmendments(this.statements.allEntries.all(incidentId)));
  }

  listEntries(query: EntryQuery): EntryPage {
    const incident = this.getIncident(query.incidentId);
    const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE);
    const order = query.order ?? 'asc';
    const where = ['e.incident_id = @incidentId'];
    const params: Record<string, unknown> = { incidentId: query.incidentId, limit };
    if (query.kinds && query.kinds.length === 1) {
      // One kind: an equality, so (incident_id, kind, seq) serves the page already in order.
      where.push('e.kind = @kind');
      params.kind = query.kinds[0];
    } else if (query.kinds && query.kinds.length > 1) {
      where.push('e.kind IN (SELECT value FROM json_each(@kinds))');
      params.kinds = JSON.stringify(query.kinds);
    }
    // Pins are few: start from the partial index of pinned flags, never from a scan of the timeline.
    if (query.pinnedOnly) where.push('e.rowid IN (SELECT entry_rowid FROM entry_flags WHERE pinned = 1)');
    const filtered = where.length > 1;
    const countSql = `SELECT count(*) AS n FROM entries e WHERE ${where.join(' AND ')}`;
    if (query.afterSeq !== undefined) {
      where.push('e.seq > @afterSeq');
      params.afterSeq = query.afterSeq;
    }
    if (query.beforeSeq !== undefined) {
      where.push('e.seq < @beforeSeq');
      params.beforeSeq = query.beforeSeq;
    }
    return this.read('read the timeline', () => {
      const rows = this.sql<Record<string, unknown>, EntryRow>(
          `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE ${where.join(' AND ')} ORDER BY e.seq ${order === 'asc' ? 'ASC' : 'DESC'} LIMIT @limit`,
        )
        .all(params);
      // Unfiltered, the count is on the incident row already; filtered, it is an indexed count.
      const total = filtered
        ? (this.sql<Record<string, unknown>, { n: number }>(countSql).get(params)?.n ?? 0)
        : incident.entryCount;
      return { entries: this.withAmendments(rows), total };
    });
  }

  search(text: string, options: { incidentId?: string; limit?: number } = {}): SearchHit[] {
    const match = toFtsQuery(text);
    if (!match) return [];
    const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_PAGE);
    // CROSS JOIN keeps the index as the outer loop, read newest first, so LIMIT stops it early; left
    // to itself the planner may gather every hit of a common word and sort them (800 ms at 1M).
    return this.read('search the journal', () => {
      const rows = this.sql<Record<string, unknown>, EntryRow & { incident_title: string }>(
          `SELECT ${ENTRY_COLUMNS}, i.title AS incident_title
           FROM entry_search s CROSS JOIN entries e ON e.rowid = s.rowid
           LEFT JOIN entry_bodies b ON b.entry_rowid = e.rowid LEFT JOIN entry_flags f ON f.entry_rowid = e.rowid
           CROSS JOIN incidents i ON i.id = e.incident_id
           WHERE entry_search MATCH @match ${options.incidentId ? 'AND e.incident_id = @incidentId' : ''}
           ORDER BY s.rowid DESC LIMIT @limit`,
        )
        .all({ match, incidentId: options.incidentId, limit });
      const entries = this.withAmendments(rows);
      return entries.map((entry, index) => ({ entry, incidentTitle: rows[index]!.incident_title }));
    });
  }

  /**
   * Walks the chain and names the first entry that does not verify. The walk starts from genesis,
   * except when this connection already verified a prefix and no other connection has written to
   * the file since (SQLite's data_version): then only the entries after it are walked, so the
   * badge can be refreshed after every append of a 1,000,000-entry timeline. `full` forces genesis.
   */
  verify(incidentId: string, options: { full?: boolean } = {}): ChainVerification {
    const walk = this.startWalk(incidentId, options.full === true);
    return this.read('verify the chain', () => {
      for (const row of this.statements.entriesAfter.iterate(incidentId, walk.checked)) {
        const broken = walk.check(row);
        if (broken) return broken;
      }
      return walk.finish();
    });
  }

  /**
   * The same walk in slices, yielding to the event loop between them, so a long chain never holds
   * up an operator's append or a page of the timeline while the badge is being checked.
   */
  async verifyInSlices(incidentId: string, options: { full?: boolean; sliceSize?: number } = {}): Promise<ChainVerification> {
    const sliceSize = options.sliceSize ?? VERIFY_SLICE;
    const walk = this.startWalk(incidentId, options.full === true);
    walk.mayRequery = true;
    for (;;) {
      const rows = this.read('verify the chain', () => this.statements.entriesAfterLimited.all(incidentId, walk.checked, sliceSize));
      for (const row of rows) {
        const broken = walk.check(row);
        if (broken) return broken;
      }
      if (rows.length < sliceSize) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return this.read('verify the chain', () => walk.finish());
  }

  private startWalk(incidentId: string, full: boolean) {
    const incidentRow = this.read('verify the chain', () => this.statements.incident.get(incidentId));
    if (!incidentRow) throw new ConsoleError(JournalErrorCode.notFound, `No incident ${incidentId} in this journal`);
    const connection = this.connection;
    const dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    const known = full ? undefined : this.verifiedPrefix.get(incidentId);
    const resume =
      known && known.connection === connection && known.dataVersion === dataVersion && known.seq <= incidentRow.entry_count ? known : undefined;
    const redactedTargets = (): Set<string> =>
      new Set(
        this.sql<[string], { refers_to: string }>("SELECT refers_to FROM entries WHERE incident_id = ? AND kind = 'redaction'")
          .all(incidentId)
          .map((row) => row.refers_to),
      );
    let redacted = redactedTargets();
    let previous = resume?.hash ?? GENESIS_HASH;
    const walk = {
      checked: resume?.seq ?? 0,
      /** False while an iterator holds the connection (the synchronous walk). */
      mayRequery: false,
      /** Undefined while the chain holds; the verdict naming this entry when it does not. */
      check: (row: EntryRow): ChainVerification | undefined => {
        const broken = (reason: string): ChainVerification => ({
          ok: false,
          checked: walk.checked,
          headHash: incidentRow.head_hash,
          broken: { seq: row.seq, entryId: row.id, reason },
        });
        if (row.seq !== walk.checked + 1) return broken(`sequence jumps from ${walk.checked} to ${row.seq}`);
        if (row.prev_hash !== previous) return broken('does not link to the entry before it');
        if (row.text === null || row.data === null) {
          // A sliced walk reads them again: a redaction may have been appended meanwhile.
          if (!redacted.has(row.id) && !(walk.mayRequery && (redacted = redactedTargets()).has(row.id))) {
            return broken('body is missing and no redaction accounts for it');
          }
        } else if (bodyHash({ text: row.text, data: JSON.parse(row.data) as Record<string, unknown> }) !== row.body_hash) {
          return broken('body does not match its hash (edited after it was written)');
        }
        if (entryHash(previous, headerOf(row), row.body_hash) !== row.hash) return broken('entry hash does not match its contents');
        previous = row.hash;
        walk.checked += 1;
        return undefined;
      },
      finish: (): ChainVerification => {
        // Entries appended while a sliced walk was running were walked too: compare with the row as it is now.
        const head = this.statements.incident.get(incidentId)!;
        if (previous !== head.head_hash || walk.checked !== head.entry_count) {
          return {
            ok: false,
            checked: walk.checked,
            headHash: head.head_hash,
            broken: { seq: walk.checked + 1, entryId: '', reason: 'entries are missing after the last one found' },
          };
        }
        if (connection === this.connection) this.verifiedPrefix.set(incidentId, { connection, dataVersion, seq: walk.checked, hash: previous });
        return { ok: true, checked: walk.checked, headHash: head.head_hash };
      },
    };
    return walk;
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private appendInTransaction<K extends EntryKind>(incidentId: string, entry: NewEntry<K>): number {
    const incident = this.statements.incident.get(incidentId);
    if (!incident) throw new ConsoleError(JournalErrorCode.notFound, `No incident ${incidentId} in this journal`);
    const parsed = entryDataSchemas[entry.kind].safeParse(entry.data);
    if (!parsed.success) {
      throw new ConsoleError(JournalErrorCode.invalidEntry, `A ${entry.kind} entry's data is malformed: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    const target = this.checkReference(incidentId, entry);
    const now = this.now();
    const header: EntryHeader = {
      id: randomUUID(),
      incidentId,
      seq: incident.entry_count + 1,
      kind: entry.kind,
      author: this.options.author,
      recordedAt: now,
      occurredAt: entry.occurredAt ?? null,
      refersTo: entry.refersTo ?? null,
    };
    const body = { text: entry.text, data: parsed.data as Record<string, unknown> };
    const bodyHashHex = bodyHash(body);
    const hash = entryHash(incident.head_hash, header, bodyHashHex);
    const { lastInsertRowid } = this.sql(
        `INSERT INTO entries (id, incident_id, seq, kind, author, recorded_at, occurred_at, refers_to, body_hash, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(header.id, incidentId, header.seq, header.kind, header.author, now, header.occurredAt, header.refersTo, bodyHashHex, incident.head_hash, hash);
    const rowid = Number(lastInsertRowid);
    this.sql('INSERT INTO entry_bodies (entry_rowid, text, data) VALUES (?, ?, ?)').run(rowid, body.text, JSON.stringify(body.data));
    // Indexed exactly when a redaction will remove it again (see applyToTarget).
    if (body.text !== '') this.sql('INSERT INTO entry_search (rowid, text) VALUES (?, ?)').run(rowid, body.text);
    this.applyToTarget(entry.kind, target);
    this.sql('UPDATE incidents SET entry_count = entry_count + 1, last_entry_at = ?, head_hash = ? WHERE id = ?')
      .run(now, hash, incidentId);
    this.project(incident, entry, now);
    return rowid;
  }

  private checkReference(incidentId: string, entry: NewEntry): EntryRow | undefined {
    const needsTarget = REFERRING_KINDS.includes(entry.kind);
    if (!entry.refersTo) {
      if (needsTarget) throw new ConsoleError(JournalErrorCode.invalidEntry, `A ${entry.kind} must name the entry it applies to.`);
      return undefined;
    }
    const target = this.statements.entryById.get(entry.refersTo);
    if (!target || target.incident_id !== incidentId) {
      throw new ConsoleError(JournalErrorCode.invalidEntry, `Entry ${entry.refersTo} is not part of this incident.`);
    }
    if (entry.kind === 'redaction') {
      if (target.redacted === 1) throw new ConsoleError(JournalErrorCode.invalidEntry, `Entry #${target.seq} is already redacted.`);
      if (target.kind === 'redaction' || target.kind === 'incident_opened') {
        throw new ConsoleError(JournalErrorCode.invalidEntry, `A ${target.kind.replace('_', ' ')} entry cannot be redacted.`);
      }
      if (entry.text.trim() === '') throw new ConsoleError(JournalErrorCode.invalidEntry, 'A redaction needs a reason.');
    }
    if (entry.kind === 'amendment' && target.redacted === 1) {
      throw new ConsoleError(JournalErrorCode.invalidEntry, `Entry #${target.seq} is redacted; add a note instead of amending it.`);
    }
    return target;
  }

  /** Pins and redactions change how an earlier entry reads, never the entry itself. */
  private applyToTarget(kind: EntryKind, target: EntryRow | undefined): void {
    if (!target) return;
    if (kind === 'pin' || kind === 'unpin') {
      this.sql('INSERT INTO entry_flags (entry_rowid, pinned) VALUES (?, ?) ON CONFLICT (entry_rowid) DO UPDATE SET pinned = excluded.pinned')
        .run(target.rowid, kind === 'pin' ? 1 : 0);
    } else if (kind === 'redaction') {
      this.sql('DELETE FROM entry_bodies WHERE entry_rowid = ?').run(target.rowid);
      // The index is contentless: deleting a row means handing FTS5 the text that was indexed, which
      // (with its secure-delete option) takes those words out of the index pages, not just hides them.
      if (target.text !== null && target.text !== '') {
        this.sql("INSERT INTO entry_search (entry_search, rowid, text) VALUES ('delete', ?, ?)").run(target.rowid, target.text);
      }
      this.sql('INSERT INTO entry_flags (entry_rowid, redacted) VALUES (?, 1) ON CONFLICT (entry_rowid) DO UPDATE SET redacted = 1')
        .run(target.rowid);
    }
  }

  /** Keeps the incident row (severity, status and its timestamps) in step with what was journaled. */
  private project(incident: IncidentRow, entry: NewEntry, now: string): void {
    const at = entry.occurredAt ?? now;
    if (entry.kind === 'severity_changed') {
      const data = entry.data as { to: Severity };
      this.sql('UPDATE incidents SET severity = ? WHERE id = ?').run(data.to, incident.id);
    } else if (entry.kind === 'acknowledged') {
      this.moveStatus(incident, 'acknowledged', at);
    } else if (entry.kind === 'status_changed') {
      const data = entry.data as { to: IncidentStatus };
      this.moveStatus(incident, data.to, at);
    }
  }

  private moveStatus(incident: IncidentRow, to: IncidentStatus, at: string): void {
    // Reaching a later status fills the earlier timestamps that were skipped, never overwrites them.
    const reached = STATUS_ORDER.indexOf(to);
    this.sql(
        `UPDATE incidents SET status = @to,
           acknowledged_at = CASE WHEN @reached >= 1 THEN coalesce(acknowledged_at, @at) ELSE acknowledged_at END,
           mitigated_at = CASE WHEN @reached >= 2 THEN coalesce(mitigated_at, @at) ELSE mitigated_at END,
           resolved_at = CASE WHEN @reached >= 3 THEN coalesce(resolved_at, @at) ELSE NULL END
         WHERE id = @id`,
      )
      .run({ to, reached, at, id: incident.id });
  }

  private entryByRowid(rowid: number): TimelineEntry {
    const row = this.sql<[number], EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.rowid = ?`).get(rowid);
    return this.withAmendments([row!])[0]!;
  }

  private withAmendments(rows: EntryRow[]): TimelineEntry[] {
    const amendedBy = new Map<string, string[]>();
    if (rows.length > 0) {
      for (const link of this.statements.amendmentsOf.all(JSON.stringify(rows.map((row) => row.id)))) {
        const list = amendedBy.get(link.refers_to) ?? [];
        list.push(link.id);
        amendedBy.set(link.refers_to, list);
      }
    }
    return rows.map((row) => toEntry(row, amendedBy.get(row.id) ?? []));
  }

  private write<T>(doing: string, work: () => T): T {
    // The first write of a session waits for the check of the file: never a write before it.
    if (this.check && this.currentState.access === 'checking') this.applyVerdict(this.check.waitSync());
    // A checked file that could not be opened for writing (the disk was full): it may be possible now.
    if (this.currentState.writableFailure) {
      this.becomeWritable();
      if (!this.currentState.writableFailure) this.options.onStateChanged?.();
    }
    if (this.currentState.access !== 'writable') throw this.refusal(doing);
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      if (error instanceof ConsoleError) throw error;
      if (isCorruption(error)) this.damageMet(error);
      throw journalErrorFromSqlite(error, this.path, doing);
    }
  }

  private read<T>(doing: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof ConsoleError) throw error;
      if (isCorruption(error)) this.damageMet(error);
      throw journalErrorFromSqlite(error, this.path, doing);
    }
  }

  private refusal(doing: string): ConsoleError {
    const failure = this.currentState.writableFailure;
    if (failure) return new ConsoleError(failure.code, `Could not ${doing}: ${failure.message}`);
    if (this.currentState.readOnlyBecause === 'damaged') {
      const found = this.currentState.integrity.findings[0];
      return new ConsoleError(
        JournalErrorCode.damaged,
        `Could not ${doing}: the journal ${this.path} is damaged${found ? ` (SQLite's check: ${found})` : ''}, so it is open read-only and nothing is written to it. ${DAMAGED_JOURNAL_ADVICE}`,
      );
    }
    return new ConsoleError(
      JournalErrorCode.readOnly,
      `Could not ${doing}: the journal ${this.path} is read-only. Nothing was written; make the file writable and try again.`,
    );
  }

  /**
   * A redacted body's pages were overwritten (secure_delete), but the WAL still holds the earlier
   * copies of them: a checkpoint copies the new pages into the file and truncates the WAL, before
   * the redaction is reported done (so a SIGKILL right after it leaves nothing behind).
   */
  private eraseFromWal(): void {
    let busy = 0;
    try {
      busy = (this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0]?.busy ?? 0;
    } catch (error) {
      this.options.onWarning?.(
        `The redaction is recorded, but the redacted text could not yet be erased from ${this.path}-wal (${error instanceof Error ? error.message : String(error)}); it will be at the next checkpoint.`,
      );
      return;
    }
    if (busy) {
      this.options.onWarning?.(`The redaction is recorded, but another reader kept the redacted text in ${this.path}-wal for now; it is erased at the next checkpoint.`);
    }
  }

  private startCheck(): void {
    const check = new BackgroundIntegrityCheck(this.path, () => quickCheck(this.db), this.options.nativeBinding, () => this.options.clock.now());
    this.check = check;
    void check.settled.then((verdict) => this.applyVerdict(verdict));
  }

  /** Takes the check's answer once: a clean file becomes writable, a damaged one stays read-only for good. */
  private applyVerdict(verdict: IntegrityVerdict): void {
    if (!this.check || !this.db.open) return;
    this.check = undefined;
    const checkedAt = verdict.checkedAt.toISOString();
    if (!verdict.ok) {
      this.markDamaged(verdict.findings, checkedAt);
    } else {
      this.currentState.integrity = { state: 'ok', checkedAt, findings: [] };
      if (this.currentState.access === 'checking') this.becomeWritable();
    }
    this.options.onStateChanged?.();
  }

  private becomeWritable(): void {
    let writable: Database.Database;
    try {
      writable = openWritableJournal(this.path, this.options);
    } catch (error) {
      // It could be read but not opened for writing (a full disk, a disk gone read-only meanwhile).
      const failure = error instanceof ConsoleError ? error : journalErrorFromSqlite(error, this.path, 'open the journal for writing');
      this.currentState.access = 'read-only';
      this.currentState.readOnlyBecause = 'file';
      this.currentState.writableFailure = { code: failure.code, message: failure.message };
      return;
    }
    this.swapConnection(writable);
    this.currentState.access = 'writable';
    this.currentState.readOnlyBecause = null;
    delete this.currentState.writableFailure;
  }

  /** Damage met while the journal was in use: no further write, and the file is left as it is. */
  private damageMet(error: unknown): void {
    if (this.currentState.readOnlyBecause === 'damaged') return;
    this.check?.cancel();
    this.check = undefined;
    const wasWritable = this.currentState.access === 'writable';
    this.markDamaged([error instanceof Error ? error.message : String(error)], this.now());
    if (wasWritable) {
      // A read-only connection opened before the writing one closes keeps SQLite from
      // checkpointing into the damaged file on close (only the last connection does).
      try {
        this.swapConnection(openReadOnly(this.path, this.options.nativeBinding).db);
      } catch {
        // Keep the writing connection, unused: writes are refused from now on anyway.
      }
    }
    this.options.onStateChanged?.();
  }

  private markDamaged(findings: string[], checkedAt: string): void {
    this.currentState.integrity = { state: 'damaged', checkedAt, findings };
    this.currentState.access = 'read-only';
    this.currentState.readOnlyBecause = 'damaged';
  }

  private swapConnection(next: Database.Database): void {
    const previous = this.db;
    this.db = next;
    this.prepared.clear();
    this.verifiedPrefix.clear();
    this.connection += 1;
    this.statements = this.prepareStatements();
    previous.close();
  }

  private sql<P extends unknown[] | Record<string, unknown> = unknown[], R = unknown>(source: string): Database.Statement<P, R> {
    let statement = this.prepared.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.prepared.set(source, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}

function headerOf(row: EntryRow): EntryHeader {
  return {
    id: row.id,
    incidentId: row.incident_id,
    seq: row.seq,
    kind: row.kind,
    author: row.author,
    recordedAt: row.recorded_at,
    occurredAt: row.occurred_at,
    refersTo: row.refers_to,
  };
}

function toEntry(row: EntryRow, amendedBy: string[]): TimelineEntry {
  const redacted = row.redacted === 1;
  return {
    ...headerOf(row),
    kind: row.kind,
    text: redacted ? null : row.text,
    data: redacted || row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
    bodyHash: row.body_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
    pinned: row.pinned === 1,
    redacted,
    amendedBy,
  };
}

function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    title: row.title,
    detectedBy: row.detected_by,
    startedAt: row.started_at,
    createdAt: row.created_at,
    createdBy: row.created_by,
    status: row.status,
    severity: row.severity,
    acknowledgedAt: row.acknowledged_at,
    mitigatedAt: row.mitigated_at,
    resolvedAt: row.resolved_at,
    entryCount: row.entry_count,
    lastEntryAt: row.last_entry_at,
  };
}
