import { ConsoleError } from '../../../shared/errors';
import type { Incident, IncidentStatus, NewEntry, Severity } from '../../../shared/model';
import { GENESIS_HASH } from './chain';
import type { JournalConnection } from './journal-connection';
import { toIncident, type IncidentRow } from './journal-rows';

export interface NewIncident {
  title: string;
  detectedBy: string;
  startedAt?: string;
  drill?: boolean;
}

const STATUS_ORDER: IncidentStatus[] = ['detected', 'acknowledged', 'mitigated', 'resolved'];

const INCIDENT_BY_ID = 'SELECT * FROM incidents WHERE id = ?';
const INCIDENTS_NEWEST_FIRST = 'SELECT * FROM incidents ORDER BY started_at DESC, created_at DESC';
const INSERT_INCIDENT = `INSERT INTO incidents (id, title, detected_by, started_at, created_at, created_by, status, head_hash)
  VALUES (?, ?, ?, ?, ?, ?, 'detected', ?)`;
// The drill column is named only for a drill, so a journal at a schema before drills (a migration's test) still opens incidents.
const INSERT_DRILL = `INSERT INTO incidents (id, title, detected_by, started_at, created_at, created_by, status, head_hash, drill)
  VALUES (?, ?, ?, ?, ?, ?, 'detected', ?, 1)`;
// No RETURNING: with foreign keys on, it cost SQLite ten times the UPDATE itself (27 µs against 2.6 µs per append).
const ADVANCE_HEAD = 'UPDATE incidents SET entry_count = entry_count + 1, last_entry_at = ?, head_hash = ? WHERE id = ?';
const SET_SEVERITY = 'UPDATE incidents SET severity = ? WHERE id = ?';
const COUNT_IMPORTED = 'UPDATE incidents SET entry_count = entry_count + ?, last_entry_at = ? WHERE id = ?';
const RESET_DERIVED = `UPDATE incidents SET status = 'detected', severity = NULL, acknowledged_at = NULL, mitigated_at = NULL, resolved_at = NULL WHERE id = ?`;
/** What the incident row derives from, in the merged timeline's order (index entries_merged's key). */
const DERIVING_ENTRIES = `SELECT e.kind, e.occurred_at, e.recorded_at, b.data FROM entries e LEFT JOIN entry_bodies b ON b.entry_rowid = e.rowid
  WHERE e.incident_id = ? AND e.kind IN ('severity_changed', 'acknowledged', 'status_changed')
  ORDER BY coalesce(e.occurred_at, e.recorded_at), e.recorded_at, e.device, e.seq`;
const FROM_OPENING_ENTRY = `UPDATE incidents SET
    title = json_extract(o.data, '$.title'), detected_by = json_extract(o.data, '$.detectedBy'), started_at = json_extract(o.data, '$.startedAt'),
    created_at = o.recorded_at, created_by = o.author
  FROM (SELECT b.data, e.recorded_at, e.author FROM entries e JOIN entry_bodies b ON b.entry_rowid = e.rowid
        WHERE e.incident_id = ? AND e.kind = 'incident_opened' AND e.seq = 1 LIMIT 1) AS o
  WHERE incidents.id = ?`;
const HAS_OTHER_CHAINS = "SELECT 1 AS found FROM chains WHERE incident_id = ? AND chain <> '' LIMIT 1";
// Reaching a later status fills the earlier timestamps that were skipped, never overwrites them.
const MOVE_STATUS = `UPDATE incidents SET status = @to,
    acknowledged_at = CASE WHEN @reached >= 1 THEN coalesce(acknowledged_at, @at) ELSE acknowledged_at END,
    mitigated_at = CASE WHEN @reached >= 2 THEN coalesce(mitigated_at, @at) ELSE mitigated_at END,
    resolved_at = CASE WHEN @reached >= 3 THEN coalesce(resolved_at, @at) ELSE NULL END
  WHERE id = @id`;

/**
 * The incidents table: a projection of the timeline (severity, status and its times, entry count,
 * chain head) kept current in the same transaction as each entry, so listing incidents never
 * walks a timeline.
 */
export class IncidentProjection {
  constructor(
    private readonly connection: JournalConnection,
    /** Whether the file has chains per device (schema 5): before it, an incident has one chain. */
    private readonly perDevice: () => boolean = () => false,
  ) {}

  list(): Incident[] {
    return this.connection.read('list incidents', () => this.connection.sql<[], IncidentRow>(INCIDENTS_NEWEST_FIRST).all().map(toIncident));
  }

  get(incidentId: string): Incident {
    return toIncident(this.connection.read('read the incident', () => this.row(incidentId)));
  }

  /** The row as stored (inside a transaction, or a walk of the chain); throws when there is none. */
  row(incidentId: string): IncidentRow {
    const row = this.connection.sql<[string], IncidentRow>(INCIDENT_BY_ID).get(incidentId);
    if (!row) throw new ConsoleError('JOURNAL_NOT_FOUND', `No incident ${incidentId} in this journal`);
    return row;
  }

  /** The new incident's row, at the start of its chain; its first entry is appended next. */
  insert(id: string, input: NewIncident & { startedAt: string }, now: string, author: string): void {
    this.connection.sql(input.drill ? INSERT_DRILL : INSERT_INCIDENT).run(id, input.title, input.detectedBy, input.startedAt, now, author, GENESIS_HASH);
  }

  /** After an entry was stored: what it says (severity, status) is applied and the head moves onto it; returns the row then. */
  advance(incident: IncidentRow, entry: NewEntry, hash: string, now: string): IncidentRow {
    const at = entry.occurredAt ?? now;
    let changed = true;
    if (entry.kind === 'severity_changed') {
      this.connection.sql(SET_SEVERITY).run((entry.data as { to: Severity }).to, incident.id);
    } else if (entry.kind === 'acknowledged') {
      this.moveStatus(incident.id, 'acknowledged', at);
    } else if (entry.kind === 'status_changed') {
      this.moveStatus(incident.id, (entry.data as { to: IncidentStatus }).to, at);
    } else {
      changed = false;
    }
    this.connection.sql(ADVANCE_HEAD).run(now, hash, incident.id);
    // With other devices' chains, the row is the fold of the merged timeline (see rederive), whatever came last here.
    if (changed && this.perDevice() && this.connection.sql(HAS_OTHER_CHAINS).get(incident.id)) this.rederive(incident.id);
    // `incident` was read in this write transaction: for most entries the row is it with the head moved; otherwise read again.
    return changed ? this.row(incident.id) : { ...incident, entry_count: incident.entry_count + 1, last_entry_at: now, head_hash: hash };
  }

  /** Inside a write: entries taken from other consoles' chains counted in, the latest recorded time kept. */
  countImported(incident: IncidentRow, added: number, lastEntryAt: string): void {
    this.connection.sql(COUNT_IMPORTED).run(added, lastEntryAt || null, incident.id);
  }

  /**
   * Inside a write: status, severity and their times derived again from every entry that sets them,
   * in the merged timeline's order. Entries of other devices arrive in any order (a bundle carried
   * for hours, a pull after a partition), so applying each as it comes would make the outcome
   * depend on arrival; folding the same entry set in one order gives every console the same row.
   */
  rederive(incidentId: string): void {
    // A joined incident's row takes what the commander's opening entry says, once it has arrived.
    this.connection.sql(FROM_OPENING_ENTRY).run(incidentId, incidentId);
    this.connection.sql(RESET_DERIVED).run(incidentId);
    const rows = this.connection
      .sql<[string], { kind: string; occurred_at: string | null; recorded_at: string; data: string | null }>(DERIVING_ENTRIES)
      .all(incidentId);
    for (const row of rows) {
      if (row.data === null) continue;
      const data = JSON.parse(row.data) as { to?: string };
      const at = row.occurred_at ?? row.recorded_at;
      if (row.kind === 'severity_changed') this.connection.sql(SET_SEVERITY).run(data.to, incidentId);
      else if (row.kind === 'acknowledged') this.moveStatus(incidentId, 'acknowledged', at);
      else this.moveStatus(incidentId, data.to as IncidentStatus, at);
    }
  }

  private moveStatus(incidentId: string, to: IncidentStatus, at: string): void {
    this.connection.sql(MOVE_STATUS).run({ to, reached: STATUS_ORDER.indexOf(to), at, id: incidentId });
  }
}
