import { renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { errorMessage } from '../../../shared/errors';
import { tightenMode } from '../files/private-files';

export const SYNC_STATE_FILE_NAME = 'team-sync.sqlite';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS pull_cursor (database_id TEXT PRIMARY KEY, ingest_seq INTEGER NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS pushed (
    database_id TEXT NOT NULL, incident_id TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (database_id, incident_id, device)
  ) STRICT;
  CREATE TABLE IF NOT EXISTS confirmed (database_id TEXT PRIMARY KEY, at TEXT NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS caught_up (database_id TEXT NOT NULL, incident_id TEXT NOT NULL, PRIMARY KEY (database_id, incident_id)) STRICT;
`;

/**
 * Where sync stands with each team database (by the database's own id): the pull cursor, how far
 * each chain is known to be in the database, and when that was last confirmed. Kept apart from the
 * journal because all of it can be rebuilt: losing it only means pulling and pushing again, which
 * change nothing (imports and inserts are idempotent). So a damaged file is set aside and started anew.
 * Each step is written after the work it records is durable, never before.
 */
export class SyncStateFile {
  private opened: Database.Database | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly nativeBinding?: string,
    private readonly onSetAside?: (path: string, movedTo: string | null, reason: string) => void,
  ) {}

  /** Opened at the first use (a team database reached): a console that syncs with none writes no such file. */
  private get db(): Database.Database {
    this.opened ??= openOrSetAside(join(this.dataDir, SYNC_STATE_FILE_NAME), this.nativeBinding, this.onSetAside);
    return this.opened;
  }

  cursor(databaseId: string): number {
    const row = this.db.prepare<[string], { ingest_seq: number }>('SELECT ingest_seq FROM pull_cursor WHERE database_id = ?').get(databaseId);
    return row?.ingest_seq ?? 0;
  }

  /** Moves the cursor on, never back (a page read twice after a reconnect ends where it ended). */
  advanceCursor(databaseId: string, ingestSeq: number): void {
    this.db
      .prepare(
        'INSERT INTO pull_cursor (database_id, ingest_seq) VALUES (?, ?) ON CONFLICT (database_id) DO UPDATE SET ingest_seq = max(ingest_seq, excluded.ingest_seq)',
      )
      .run(databaseId, ingestSeq);
  }

  /** Per device: the last seq of this incident's chains the database is known to hold. */
  pushedThrough(databaseId: string, incidentId: string): Map<string, number> {
    const rows = this.db
      .prepare<[string, string], { device: string; seq: number }>('SELECT device, seq FROM pushed WHERE database_id = ? AND incident_id = ?')
      .all(databaseId, incidentId);
    return new Map(rows.map((row) => [row.device, row.seq]));
  }

  recordPushed(databaseId: string, incidentId: string, through: ReadonlyMap<string, number>): void {
    const upsert = this.db.prepare(
      'INSERT INTO pushed (database_id, incident_id, device, seq) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET seq = max(seq, excluded.seq)',
    );
    this.db.transaction(() => {
      for (const [device, seq] of through) upsert.run(databaseId, incidentId, device, seq);
    })();
  }

  /** The incidents read from the database's start (all but those opened or joined since the last cycle). */
  caughtUp(databaseId: string): Set<string> {
    const rows = this.db.prepare<[string], { incident_id: string }>('SELECT incident_id FROM caught_up WHERE database_id = ?').all(databaseId);
    return new Set(rows.map((row) => row.incident_id));
  }

  recordCaughtUp(databaseId: string, incidentId: string): void {
    this.db.prepare('INSERT INTO caught_up (database_id, incident_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(databaseId, incidentId);
  }

  lastConfirmed(databaseId: string): string | null {
    return this.db.prepare<[string], { at: string }>('SELECT at FROM confirmed WHERE database_id = ?').get(databaseId)?.at ?? null;
  }

  recordConfirmed(databaseId: string, at: string): void {
    this.db.prepare('INSERT INTO confirmed (database_id, at) VALUES (?, ?) ON CONFLICT DO UPDATE SET at = excluded.at').run(databaseId, at);
  }

  close(): void {
    this.opened?.close();
    this.opened = undefined;
  }
}

/**
 * The file, or a new one after setting a damaged one aside, or (a read-only or full disk) a state
 * kept in memory for this run: sync state is never a reason for the console not to start.
 */
function openOrSetAside(
  path: string,
  nativeBinding: string | undefined,
  onSetAside?: (path: string, movedTo: string | null, reason: string) => void,
): Database.Database {
  let reason: string;
  try {
    return open(path, nativeBinding);
  } catch (error) {
    reason = errorMessage(error);
  }
  try {
    const movedTo = `${path}.damaged-${Date.now()}`;
    renameSync(path, movedTo);
    onSetAside?.(path, movedTo, reason);
    return open(path, nativeBinding);
  } catch (error) {
    onSetAside?.(path, null, `${reason}; the team sync state is kept in memory for this run (${errorMessage(error)})`);
    return open(':memory:', nativeBinding);
  }
}

function open(path: string, nativeBinding: string | undefined): Database.Database {
  const db = new Database(path, { nativeBinding });
  try {
    if (path !== ':memory:') tightenMode(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    if (path !== ':memory:') for (const suffix of ['-wal', '-shm']) tightenMode(`${path}${suffix}`);
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
