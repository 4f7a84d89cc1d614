import { nextTurn } from '../next-turn';
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
 * The writers of an incident's entries in a rowid range. NOT INDEXED keeps SQLite on the table's
 * rowid range (only the entries since), where the incident index would walk every entry of it.
 */
const WRITERS_BETWEEN = `SELECT author, device, count(*) AS entries, min(recorded_at) AS firstAt, max(recorded_at) AS lastAt,
  min(rowid) AS firstRowid, max(rowid) AS lastRowid
  FROM entries NOT INDEXED WHERE rowid > ? AND rowid <= ? AND incident_id = ? GROUP BY author, device`;
const LAST_ROWID = 'SELECT max(rowid) AS last FROM entries';

/** Rows of the file counted in one turn of the event loop by a first count (tens of ms here). */
const ROWS_PER_TURN = 20_000;

interface Counted {
  generation: number;
  /** The incident's last entry counted: none of its entries at or below it is left to count. */
  lastRowid: number;
  writers: Map<string, WriterRow>;
}

/**
 * Who wrote into an incident from which device (the Team screen and the top bar's commander, read
 * after every append), counted by SQLite once and then only over the entries added since. An
 * incident's entries are never removed (a drill's go with the whole incident) and every new one,
 * appended or imported, gets a rowid above those it has, so what was counted stays counted.
 *
 * The first count of a long incident is done in turns of the event loop (ofInTurns): in one go it
 * held main's thread for a second at 1,000,000 entries, the first time the Team screen or the top
 * bar asked after the console opened, with the kill switch waiting behind it.
 */
export class IncidentWriters {
  private readonly counted = new Map<string, Counted>();

  /** rowsPerTurn: ROWS_PER_TURN, fewer where a test stages a race with a few thousand rows. */
  constructor(
    private readonly connection: JournalConnection,
    private readonly rowsPerTurn = ROWS_PER_TURN,
  ) {}

  /** Counted up to the last entry, in one go: quick once the incident has been counted before. */
  private of(incidentId: string): IncidentWriter[] {
    return this.connection.read('read who wrote the incident', () => {
      const counted = this.countedSoFar(incidentId);
      this.count(counted, incidentId, counted.lastRowid, Number.MAX_SAFE_INTEGER);
      return listed(counted);
    });
  }

  /**
   * The same answer, the rows not counted yet read rowsPerTurn at a time with the event loop
   * turning in between, so other calls are answered meanwhile; entries appended meanwhile are
   * counted too, in the last turn, with the answer. `entries` is how many the incident holds (its
   * row's count): a count made in turns that does not come to it is made again in one go, since a
   * drill deleted meanwhile can give a new entry a rowid below where the turns had got to.
   */
  async ofInTurns(incidentId: string, entries: () => number): Promise<IncidentWriter[]> {
    let scanned = 0;
    let inTurns = false;
    let writers: Map<string, WriterRow> | undefined;
    for (;;) {
      const more = this.connection.read('read who wrote the incident', () => {
        const counted = this.countedSoFar(incidentId);
        // Started again on another file: from its first row.
        if (counted.writers !== writers) [scanned, writers] = [0, counted.writers];
        const last = this.connection.sql<[], { last: number | null }>(LAST_ROWID).get()?.last ?? 0;
        // Rows at or below the incident's last counted entry hold nothing of it left to count.
        const from = Math.max(scanned, counted.lastRowid);
        if (last - from <= this.rowsPerTurn) return false;
        scanned = from + this.rowsPerTurn;
        this.count(counted, incidentId, from, scanned);
        return true;
      });
      if (!more) break;
      inTurns = true;
      await nextTurn();
    }
    const answer = this.of(incidentId);
    if (!inTurns || answer.reduce((sum, writer) => sum + writer.entries, 0) === entries()) return answer;
    this.counted.delete(incidentId);
    return this.of(incidentId);
  }

  /** What is counted of the incident on the file open now: kept, or started again on another file. */
  private countedSoFar(incidentId: string): Counted {
    const { generation } = this.connection;
    const known = this.counted.get(incidentId);
    // Counted on the file as it was before the open's check made it writable: still counted.
    const counted =
      known && this.connection.continues(known.generation) ? { ...known, generation } : { generation, lastRowid: 0, writers: new Map<string, WriterRow>() };
    this.counted.set(incidentId, counted);
    return counted;
  }

  /** Adds the incident's entries with rowids in (after, upTo] to what is counted. */
  private count(counted: Counted, incidentId: string, after: number, upTo: number): void {
    const rows = this.connection.sql<[number, number, string], WriterRow>(WRITERS_BETWEEN).all(after, upTo, incidentId);
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
  }
}

/** The writers, first writer first. */
function listed(counted: Counted): IncidentWriter[] {
  return [...counted.writers.values()]
    .sort((a, b) => a.firstRowid - b.firstRowid)
    .map(({ author, device, entries, firstAt, lastAt }) => ({ author, device, entries, firstAt, lastAt }));
}
