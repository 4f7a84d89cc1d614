import pg from 'pg';
import { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import { ExchangeEntry, ExchangeKey } from '../../../shared/chain-exchange-schemas';
import { firstIssue } from '../reports/bundle-shapes';
import { SYNC_MIGRATIONS, SYNC_SCHEMA_VERSION } from './sync-migrations';
import { chainDevice, type PulledPage, type SyncConflict, type SyncDeviceKey, type SyncEntry } from './sync-shapes';
import type { TeamDatabaseAddress } from './team-database-address';

/** The NOTIFY channel a push wakes the other consoles on (a wake-up only: the rows are the truth). */
export const SYNC_CHANNEL = 'incident_console_sync';

/** Advisory lock key for migrating (pushes take 1717002 inside sync_push). */
const MIGRATE_LOCK = 1_717_001;

/** What sync_push answers (see sync-migrations.ts). */
const PushAnswer = z.object({
  inserted: z.number().int().nonnegative(),
  conflicts: z.array(z.object({ incidentId: z.string(), device: z.string(), seq: z.number().int(), pushedHash: z.string(), storedHash: z.string() })),
});

export interface SyncDatabaseOptions {
  /** How long connecting may take (default 10 s). */
  connectTimeoutMs?: number;
  /** How long one query may take before the connection is given up (default 30 s). */
  queryTimeoutMs?: number;
}

export interface PushResult {
  /** Rows the database did not have. */
  inserted: number;
  /** Rows it already had, identical (a replay, or another console relayed them first). */
  alreadyThere: number;
  conflicts: SyncConflict[];
}

/**
 * One connection to the team database: migrate, push immutable rows, pull after a cursor, and
 * LISTEN for the wake-up. Every failure is a ConsoleError in plain words; after one, the caller
 * closes this connection and opens a new one (which re-pulls from its cursor).
 */
export class SyncDatabase {
  private closed = false;

  private constructor(
    private readonly client: pg.Client,
    /** The database's own id (sync_identity): a cursor belongs to one database, not to a host name. */
    readonly databaseId: string,
  ) {}

  static async connect(address: TeamDatabaseAddress, onLost: (message: string) => void, options: SyncDatabaseOptions = {}): Promise<SyncDatabase> {
    const client = new pg.Client({
      host: address.host,
      port: address.port,
      user: address.user,
      password: address.password,
      database: address.database,
      ssl: address.tls ? { rejectUnauthorized: true, servername: address.host } : false,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      query_timeout: options.queryTimeoutMs ?? 30_000,
      keepAlive: true,
      application_name: 'incident-console',
    });
    // Without a listener pg's 'error' event would crash the process; a lost connection is reported instead.
    let connected = false;
    client.on('error', (error) => {
      if (connected) onLost(describe(error));
    });
    client.on('end', () => {
      if (connected) onLost('the team database closed the connection');
    });
    try {
      await client.connect();
      connected = true;
      await migrate(client);
      const identity = await client.query<{ id: string }>('SELECT id::text AS id FROM sync_identity');
      const databaseId = identity.rows[0]?.id;
      if (!databaseId) throw new ConsoleError('SYNC_DATABASE_FAILED', 'The team database has no sync_identity row; it was changed by hand.');
      return new SyncDatabase(client, databaseId);
    } catch (error) {
      connected = false;
      await client.end().catch(() => undefined);
      throw asConsoleError(error, 'connect to the team database');
    }
  }

  /** Calls `wake` on every NOTIFY from a push (this console's own included: a pull then finds nothing new). */
  async listen(wake: () => void): Promise<void> {
    this.client.on('notification', (message) => {
      if (message.channel === SYNC_CHANNEL) wake();
    });
    await this.run('listen for pushes', () => this.client.query(`LISTEN ${SYNC_CHANNEL}`));
  }

  /**
   * Inserts what the database does not have, in one transaction: `ON CONFLICT DO NOTHING`, so a
   * replay, or a retry of a push whose outcome was unknown, changes nothing. A row for an
   * (incident, device, seq) the database holds with another hash is added beside it and reported.
   */
  push(entries: readonly SyncEntry[], deviceKeys: readonly SyncDeviceKey[]): Promise<PushResult> {
    return this.run('push entries', async () => {
      const answer = await this.client.query<{ result: unknown }>('SELECT sync_push($1, $2, $3, $4, $5, $6, $7, $8, $9) AS result', [
        entries.map((entry) => entry.incidentId),
        entries.map(chainDevice),
        entries.map((entry) => entry.seq),
        entries.map((entry) => entry.hash),
        entries.map((entry) => entry.id),
        entries.map((entry) => JSON.stringify(entry)),
        deviceKeys.map((key) => key.deviceId),
        deviceKeys.map((key) => key.fingerprint),
        deviceKeys.map((key) => key.publicKey),
      ]);
      const parsed = PushAnswer.safeParse(answer.rows[0]?.result);
      if (!parsed.success)
        throw new ConsoleError('SYNC_DATABASE_FAILED', `The team database answered a push with something else than its result (${firstIssue(parsed.error)}).`);
      return { inserted: parsed.data.inserted, alreadyThere: entries.length - parsed.data.inserted, conflicts: parsed.data.conflicts };
    });
  }

  /** Up to `limit` rows after the cursor, in ingest order, each parsed as an exchange entry, with the keys of their devices. */
  pull(after: number, limit: number): Promise<PulledPage> {
    return this.run('pull entries', () =>
      this.page('SELECT ingest_seq, entry::text FROM sync_entries WHERE ingest_seq > $1 ORDER BY ingest_seq LIMIT $2', [after, limit], after),
    );
  }

  /** One incident's rows in (after, through], in ingest order: what a console that joined it later has not read. */
  pullIncident(incidentId: string, after: number, through: number, limit: number): Promise<PulledPage> {
    return this.run('pull an incident', () =>
      this.page(
        `SELECT ingest_seq, entry::text FROM sync_entries
         WHERE incident_id = $1 AND ingest_seq > $2 AND ingest_seq <= $3 ORDER BY ingest_seq LIMIT $4`,
        [incidentId, after, through, limit],
        after,
      ),
    );
  }

  /** ingest_seq is selected as itself (pg hands a bigint over as a string): `ingest_seq::text` would make ORDER BY sort it as text. */
  private async page(query: string, values: unknown[], after: number): Promise<PulledPage> {
    const rows = await this.client.query<{ ingest_seq: string; entry: string }>(query, values);
    const entries = rows.rows.map((row) => ({ ingestSeq: Number(row.ingest_seq), entry: parseEntry(row.entry, row.ingest_seq) }));
    const devices = [...new Set(entries.map(({ entry }) => chainDevice(entry)))];
    const keys =
      devices.length === 0
        ? []
        : (
            await this.client.query<{ device_id: string; fingerprint: string; public_key: string }>(
              'SELECT device_id, fingerprint, public_key FROM sync_device_keys WHERE device_id = ANY($1::text[]) ORDER BY ingest_seq',
              [devices],
            )
          ).rows.map((row) => parseKey(row));
    return { entries, deviceKeys: keys, through: entries.at(-1)?.ingestSeq ?? after };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.removeAllListeners('notification');
    await this.client.end().catch(() => undefined);
  }

  private async run<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw asConsoleError(error, doing);
    }
  }
}

/**
 * Brings the schema to this console's version in one transaction, under a lock (two consoles
 * starting at once do not both migrate). A schema newer than this console knows is refused
 * before anything is written: CREATE happens only when schema_migrations does not exist.
 */
async function migrate(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    const exists = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
    let current = 0;
    if (exists.rows[0]?.present) {
      const version = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
      current = version.rows[0]?.version ?? 0;
    } else {
      await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    }
    if (current > SYNC_SCHEMA_VERSION) {
      throw new ConsoleError(
        'SYNC_SCHEMA_NEWER',
        `The team database's schema is version ${current}, newer than this console knows (${SYNC_SCHEMA_VERSION}); it is left untouched. Update this console to sync with it.`,
      );
    }
    for (const migration of SYNC_MIGRATIONS.filter((step) => step.version > current)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function parseEntry(text: string, ingestSeq: string): SyncEntry {
  const parsed = ExchangeEntry.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new ConsoleError(
      'SYNC_DATABASE_FAILED',
      `Row ${ingestSeq} of the team database is not an entry (${firstIssue(parsed.error)}); nothing after it was pulled.`,
    );
  }
  return parsed.data;
}

function parseKey(row: { device_id: string; fingerprint: string; public_key: string }): SyncDeviceKey {
  const parsed = ExchangeKey.safeParse({ deviceId: row.device_id, publicKey: row.public_key, fingerprint: row.fingerprint });
  if (!parsed.success) throw new ConsoleError('SYNC_DATABASE_FAILED', `A device key in the team database is malformed (${firstIssue(parsed.error)}).`);
  return parsed.data;
}

function asConsoleError(error: unknown, doing: string): ConsoleError {
  if (error instanceof ConsoleError) return error;
  return new ConsoleError('SYNC_DATABASE_FAILED', `Could not ${doing}: ${describe(error)}.`);
}

/** pg's and Node's errors in one line, the server's own words when it sent some. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const text = error.message || code || error.name;
    return code === 'ECONNREFUSED' ? `nothing answers at that address (${text})` : text;
  }
  return String(error);
}
