import { randomUUID } from 'node:crypto';
import { isReferringKind, referenceRefusal, textRefusal } from '../../../shared/entry-rules';
import { ConsoleError, errorMessage } from '../../../shared/errors';
import { entryDataSchemas, type EntryKind, type NewEntry, type TimelineEntry } from '../../../shared/model';
import { canonicalJson } from './canonical-json';
import { bodyHashOfJson, entryHash, type EntryHeader } from './chain';
import { OWN_CHAIN, type ChainHeads } from './chain-heads';
import type { IncidentProjection } from './incident-projection';
import type { JournalConnection } from './journal-connection';
import { toEntry, type EntryRow, type IncidentRow } from './journal-rows';
import type { SearchIndex } from './search-index';
import type { TimelineQueries } from './timeline-queries';

export interface EntryAppendOptions {
  /** Who is writing: the operator's name. */
  author: string;
  /** The console install writing (its device id), put in every header; absent, entries are written as before devices existed. */
  device?: string;
  now: () => string;
  /** Something the operator must know that is not a failure of the call (a redaction not yet erased from the WAL). */
  onWarning?: (message: string) => void;
}

const INSERT_ENTRY = `INSERT INTO entries (id, incident_id, seq, kind, author, recorded_at, occurred_at, refers_to, body_hash, prev_hash, hash, device)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** Without a device: what a journal of a schema before the device column takes (tests of old migrations). */
const INSERT_DEVICELESS_ENTRY = `INSERT INTO entries (id, incident_id, seq, kind, author, recorded_at, occurred_at, refers_to, body_hash, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_BODY = 'INSERT INTO entry_bodies (entry_rowid, text, data) VALUES (?, ?, ?)';
const SET_PINNED = 'INSERT INTO entry_flags (entry_rowid, pinned) VALUES (?, ?) ON CONFLICT (entry_rowid) DO UPDATE SET pinned = excluded.pinned';
const DELETE_BODY = 'DELETE FROM entry_bodies WHERE entry_rowid = ?';
const SET_REDACTED = 'INSERT INTO entry_flags (entry_rowid, redacted) VALUES (?, 1) ON CONFLICT (entry_rowid) DO UPDATE SET redacted = 1';

/** An entry just stored: as the timeline shows it, under its rowid, and its incident's row after it. */
export interface AppendedEntry {
  rowid: number;
  entry: TimelineEntry;
  incident: IncidentRow;
}

/**
 * The journal's one way in: an entry checked (its data by its kind's schema, what it refers to by
 * the entry rules), chained onto its incident, stored with its body, and applied to the entry it
 * refers to and to the incident row, all inside the caller's transaction. Its words are indexed
 * by the caller (SearchIndex), after the transaction or within it.
 */
export class EntryAppender {
  constructor(
    private readonly connection: JournalConnection,
    private readonly incidents: IncidentProjection,
    private readonly queries: TimelineQueries,
    private readonly search: SearchIndex,
    private readonly heads: ChainHeads,
    private readonly options: EntryAppendOptions,
  ) {}

  /**
   * Inside a write transaction: the entry as stored (built from what was written, not read back),
   * or throws and the caller's transaction writes nothing. `recordedAt` is given when the entry
   * states its own time (a checkpoint signs the time it is recorded at); the clock's now otherwise.
   */
  appendInTransaction<K extends EntryKind>(incidentId: string, entry: NewEntry<K>, recordedAt?: string): AppendedEntry {
    const incident = this.incidents.row(incidentId);
    // Callers are typed, but a kind comes from outside in the end: one the journal does not keep is refused in words.
    const schema = Object.hasOwn(entryDataSchemas, entry.kind) ? entryDataSchemas[entry.kind] : undefined;
    if (!schema) throw new ConsoleError('JOURNAL_INVALID_ENTRY', `"${String(entry.kind)}" is not a kind of entry the journal keeps; nothing was recorded.`);
    const parsed = schema.safeParse(entry.data);
    if (!parsed.success) {
      throw new ConsoleError('JOURNAL_INVALID_ENTRY', `A ${entry.kind} entry's data is malformed: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    const target = this.checkReference(incidentId, entry);
    const now = recordedAt ?? this.options.now();
    const { device } = this.options;
    // This journal's own chain of the incident: seq and prevHash run per device (migration 0005).
    const own = this.heads.own(incident);
    const header: EntryHeader = {
      id: randomUUID(),
      incidentId,
      seq: own.length + 1,
      kind: entry.kind,
      author: this.options.author,
      recordedAt: now,
      occurredAt: entry.occurredAt ?? null,
      refersTo: entry.refersTo ?? null,
      ...(device ? { device } : {}),
    };
    // Stored as it is hashed (canonical JSON): one serialisation, and a walk of the chain hashes the stored text as it is.
    const data = canonicalJson(parsed.data);
    const bodyHashHex = bodyHashOfJson(entry.text, data);
    const hash = entryHash(own.headHash, header, bodyHashHex);
    const columns = [header.id, incidentId, header.seq, header.kind, header.author, now, header.occurredAt, header.refersTo, bodyHashHex, own.headHash, hash];
    const { lastInsertRowid } = device
      ? this.connection.sql(INSERT_ENTRY).run(...columns, device)
      : this.connection.sql(INSERT_DEVICELESS_ENTRY).run(...columns);
    const rowid = Number(lastInsertRowid);
    this.connection.sql(INSERT_BODY).run(rowid, entry.text, data);
    this.heads.advance(incidentId, OWN_CHAIN, device ?? null, header.seq, hash);
    this.applyToTarget(entry.kind, target);
    const stored: EntryRow = {
      rowid,
      id: header.id,
      incident_id: incidentId,
      seq: header.seq,
      kind: entry.kind,
      author: header.author,
      recorded_at: now,
      occurred_at: header.occurredAt,
      refers_to: header.refersTo,
      body_hash: bodyHashHex,
      prev_hash: own.headHash,
      hash,
      device: device ?? null,
      text: entry.text,
      data,
      pinned: null,
      redacted: null,
    };
    // A new entry is pinned, amended or redacted by none yet.
    return { rowid, entry: toEntry(stored, []), incident: this.incidents.advance(incident, entry, hash, now) };
  }

  /**
   * A redacted body's pages were overwritten (secure_delete), but the WAL still holds the earlier
   * copies of them: a checkpoint copies the new pages into the file and truncates the WAL, before
   * the redaction is reported done (so a SIGKILL right after it leaves nothing behind).
   */
  eraseFromWal(): void {
    let busy: boolean;
    try {
      busy = this.connection.checkpointWal().busy;
    } catch (error) {
      this.options.onWarning?.(
        `The redaction is recorded, but the redacted text could not yet be erased from ${this.connection.path}-wal (${errorMessage(error)}); the checkpoints after it try again.`,
      );
      return;
    }
    if (busy) {
      this.options.onWarning?.(
        `The redaction is recorded, but another reader kept the redacted text in ${this.connection.path}-wal for now; it is erased by the first checkpoint after that reader is done (after the next entry, or when the console closes).`,
      );
    }
  }

  /** The entry referred to, once the entry rules allow what is done to it. */
  private checkReference(incidentId: string, entry: NewEntry): EntryRow | undefined {
    const referring = isReferringKind(entry.kind) ? entry.kind : undefined;
    if (!entry.refersTo) {
      if (referring) throw new ConsoleError('JOURNAL_INVALID_ENTRY', `A ${entry.kind} must name the entry it applies to.`);
      return undefined;
    }
    const target = this.queries.row(entry.refersTo);
    if (!target || target.incident_id !== incidentId) {
      throw new ConsoleError('JOURNAL_INVALID_ENTRY', `Entry ${entry.refersTo} is not part of this incident.`);
    }
    // A body is erased by the device that wrote it, in its own chain: every chain then accounts for its own missing bodies.
    if (referring === 'redaction' && (target.chain ?? OWN_CHAIN) !== OWN_CHAIN) {
      throw new ConsoleError(
        'JOURNAL_INVALID_ENTRY',
        `Entry #${target.seq} was written on another device: only that device can redact it; add an amendment instead.`,
      );
    }
    const refusal = referring && (referenceRefusal(referring, toEntry(target, [])) ?? textRefusal(referring, entry.text));
    if (refusal) throw new ConsoleError('JOURNAL_INVALID_ENTRY', refusal);
    return target;
  }

  /** Pins and redactions change how an earlier entry reads, never the entry itself. */
  applyToTarget(kind: EntryKind, target: EntryRow | undefined): void {
    if (!target) return;
    if (kind === 'pin' || kind === 'unpin') {
      this.connection.sql(SET_PINNED).run(target.rowid, kind === 'pin' ? 1 : 0);
    } else if (kind === 'redaction') {
      this.connection.sql(DELETE_BODY).run(target.rowid);
      if (target.text !== null) this.search.unindexInTransaction({ rowid: target.rowid, text: target.text });
      this.connection.sql(SET_REDACTED).run(target.rowid);
    }
  }
}
