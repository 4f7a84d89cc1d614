import Database from 'better-sqlite3';

/**
 * Who wrote an incident as one full count by SQLite says, first writer first: what the journal's
 * counted-since and counted-in-turns answers must equal.
 */
export function writersCountedBySqlite(path: string, incidentId: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT author, device, count(*) AS entries, min(recorded_at) AS firstAt, max(recorded_at) AS lastAt
         FROM entries WHERE incident_id = ? GROUP BY author, device ORDER BY min(rowid)`,
      )
      .all(incidentId);
  } finally {
    db.close();
  }
}
