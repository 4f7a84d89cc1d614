import type { EntryKind, Incident, IncidentStatus, Severity, TimelineEntry } from '../../../shared/model';
import type { EntryHeader } from './chain';
import type { ChainedEntry } from './chain-link';

/** An entry as SQLite returns it: the append-only row, its body (gone once redacted) and its derived flags. */
export interface EntryRow {
  rowid: number;
  id: string;
  incident_id: string;
  seq: number;
  kind: EntryKind;
  author: string;
  recorded_at: string;
  occurred_at: string | null;
  refers_to: string | null;
  /** The device that wrote it; null in entries written before devices existed (absent before schema 3). */
  device?: string | null;
  /** '' for this journal's own chain, else the device id of the chain it came in (absent before schema 5). */
  chain?: string;
  body_hash: string;
  prev_hash: string;
  hash: string;
  text: string | null;
  data: string | null;
  pinned: number | null;
  redacted: number | null;
}

export interface IncidentRow {
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
  /** Absent at schema versions before drills (0004). */
  drill?: number;
}

/**
 * What every entry query selects (an EntryRow): entries `e` joined to their bodies `b` and flags
 * `f`. Every column of `e`, so the same statements read a journal of any schema (the device
 * column came with schema 3).
 */
export const ENTRY_COLUMNS = 'e.*, b.text, b.data, f.pinned, f.redacted';
export const ENTRY_JOINS = 'LEFT JOIN entry_bodies b ON b.entry_rowid = e.rowid LEFT JOIN entry_flags f ON f.entry_rowid = e.rowid';
export const ENTRY_FROM = `entries e ${ENTRY_JOINS}`;

/**
 * What a walk of the chain reads of each entry, as an array (`raw()`): only what the chain commits
 * to, without the flags or anything the walk knows already (the incident). Reading a column costs
 * more than hashing it on a long chain, so nothing else is read. A journal of a schema before
 * devices (3) has no device column: NULL stands for it.
 */
export const chainColumns = (hasDeviceColumn: boolean): string =>
  `e.seq, e.id, e.kind, e.author, e.recorded_at, e.occurred_at, e.refers_to, e.body_hash, e.prev_hash, e.hash, b.text, b.data, ${hasDeviceColumn ? 'e.device' : 'NULL'}`;
/**
 * The next entries of a chain, in order, as arrays (see chainColumns): parameters incident, then
 * the chain when `perDevice` (schema 5: one chain per device), then seq and limit. Before schema 5
 * an incident has one chain.
 */
export const entriesAfter = (hasDeviceColumn: boolean, perDevice = false): string => `SELECT ${chainColumns(hasDeviceColumn)} FROM entries e
  LEFT JOIN entry_bodies b ON b.entry_rowid = e.rowid WHERE e.incident_id = ? ${perDevice ? 'AND e.chain = ?' : ''} AND e.seq > ? ORDER BY e.seq LIMIT ?`;
export type ChainRow = [
  seq: number,
  id: string,
  kind: string,
  author: string,
  recordedAt: string,
  occurredAt: string | null,
  refersTo: string | null,
  bodyHash: string,
  prevHash: string,
  hash: string,
  text: string | null,
  data: string | null,
  device: string | null,
];

/** The entry as the chain committed to it, whatever its flags say: what verification walks. */
export function toChainedEntry(incidentId: string, row: ChainRow): ChainedEntry {
  const [seq, id, kind, author, recordedAt, occurredAt, refersTo, bodyHash, prevHash, hash, text, data, device] = row;
  const header: EntryHeader = { id, incidentId, seq, kind, author, recordedAt, occurredAt, refersTo };
  if (device !== null) header.device = device;
  // The data as stored: linkBreak hashes the stored text as it is, and parses it only when that does not match.
  return { header, text, data, bodyHash, prevHash, hash };
}

/**
 * An entry row from the same query read as an array (`raw()`), its values named by the statement's
 * columns: the keys are set in one order every time, so every row has the same shape.
 */
export function entryRowOf(columns: readonly string[], values: readonly unknown[]): EntryRow {
  const row: Record<string, unknown> = {};
  for (let index = 0; index < columns.length; index += 1) row[columns[index]!] = values[index];
  return row as unknown as EntryRow;
}

/** Most entries carry no data: `{}` needs no parsing. */
function parseData(data: string): Record<string, unknown> {
  return data === '{}' ? {} : (JSON.parse(data) as Record<string, unknown>);
}

/** The entry as the timeline shows it: a redacted body left out, with its pin and amendments. */
export function toEntry(row: EntryRow, amendedBy: string[]): TimelineEntry {
  const redacted = row.redacted === 1;
  // One literal of one shape (no spread of the header): an export or a page builds thousands of these.
  return {
    id: row.id,
    incidentId: row.incident_id,
    seq: row.seq,
    kind: row.kind,
    author: row.author,
    recordedAt: row.recorded_at,
    occurredAt: row.occurred_at,
    refersTo: row.refers_to,
    device: row.device ?? null,
    text: redacted ? null : row.text,
    data: redacted || row.data === null ? null : parseData(row.data),
    bodyHash: row.body_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
    pinned: row.pinned === 1,
    redacted,
    amendedBy,
  };
}

export function toIncident(row: IncidentRow): Incident {
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
    drill: row.drill === 1,
  };
}
