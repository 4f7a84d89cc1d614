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
  constructor(private readonly connection: JournalConnection) {}

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
    // `incident` was read in this write transaction: for most entries the row is it with the head moved; otherwise read again.
    return changed ? this.row(incident.id) : { ...incident, entry_count: incident.entry_count + 1, last_entry_at: now, head_hash: hash };
  }

  private moveStatus(incidentId: string, to: IncidentStatus, at: string): void {
    this.connection.sql(MOVE_STATUS).run({ to, reached: STATUS_ORDER.indexOf(to), at, id: incidentId });
  }
}
