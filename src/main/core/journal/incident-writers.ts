import type { JournalConnection } from './journal-connection';

/** One (author, device) pair that wrote into an incident, and how much and when. */
export interface IncidentWriter {
  author: string;
  /** null for entries written before consoles had device ids. */
  device: string | null;
  entries: number;
  firstAt: string;
  lastAt: string;
}

const WRITERS_OF_INCIDENT = `SELECT author, device, count(*) AS entries, min(recorded_at) AS firstAt, max(recorded_at) AS lastAt
  FROM entries WHERE incident_id = ? GROUP BY author, device ORDER BY min(rowid)`;

/** Who wrote into an incident from which device (the Team screen), counted by SQLite rather than by reading every entry. */
export function incidentWriters(connection: JournalConnection, incidentId: string): IncidentWriter[] {
  return connection.read('read who wrote the incident', () => connection.sql<[string], IncidentWriter>(WRITERS_OF_INCIDENT).all(incidentId));
}
