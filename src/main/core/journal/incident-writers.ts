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

interface WriterRow extends IncidentWriter {
  firstRowid: number;
  lastRowid: number;
}

/**
 * The writers of an incident's entries after a rowid. NOT INDEXED keeps SQLite on the table's
 * rowid range (only the entries since), where the incident index would walk every entry of it.
 */
const WRITERS_AFTER = `SELECT author, device, count(*) AS entries, min(recorded_at) AS firstAt, max(recorded_at) AS lastAt,
  min(rowid) AS firstRowid, max(rowid) AS lastRowid
  FROM entries NOT INDEXED WHERE rowid > ? AND incident_id = ? GROUP BY author, device`;

interface Counted {
  generation: number;
  lastRowid: number;
  writers: Map<string, WriterRow>;
}

/**
 * Who wrote into an incident from which device (the Team screen and the top bar's commander, read
 * after every append), counted by SQLite once and then only over the entries added since: a full
 * count of a 1,000,000-entry incident took a second. An incident's entries are never removed (a
 * drill's go with the whole incident) and every new one, appended or imported, gets a rowid above
 * those it has, so what was counted stays counted.
 */
export class IncidentWriters {
  private readonly counted = new Map<string, Counted>();

  constructor(private readonly connection: JournalConnection) {}

  of(incidentId: string): IncidentWriter[] {
    return this.connection.read('read who wrote the incident', () => {
      const { generation } = this.connection;
      const known = this.counted.get(incidentId);
      // Counted on the file as it was before the open's check made it writable: still counted.
      const counted =
        known && this.connection.continues(known.generation) ? { ...known, generation } : { generation, lastRowid: 0, writers: new Map<string, WriterRow>() };
      const rows = this.connection.sql<[number, string], WriterRow>(WRITERS_AFTER).all(counted.lastRowid, incidentId);
      for (const row of rows) {
        const key = JSON.stringify([row.author, row.device]);
        const seen = counted.writers.get(key);
        counted.writers.set(
          key,
          seen
            ? {
                ...seen,
                entries: seen.entries + row.entries,
                // Entries imported later may have been recorded earlier (another console's clock).
                firstAt: row.firstAt < seen.firstAt ? row.firstAt : seen.firstAt,
                lastAt: row.lastAt > seen.lastAt ? row.lastAt : seen.lastAt,
                lastRowid: row.lastRowid,
              }
            : row,
        );
        if (row.lastRowid > counted.lastRowid) counted.lastRowid = row.lastRowid;
      }
      this.counted.set(incidentId, counted);
      return [...counted.writers.values()]
        .sort((a, b) => a.firstRowid - b.firstRowid)
        .map(({ author, device, entries, firstAt, lastAt }) => ({ author, device, entries, firstAt, lastAt }));
    });
  }
}
