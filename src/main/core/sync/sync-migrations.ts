/** One numbered step of the team database's schema; `schema_migrations` records each one applied. */
export interface SyncMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The team database's schema, versioned like the journal's. Rows are immutable (a trigger refuses
 * UPDATE and DELETE), so a console's push can only add. `ingest_seq` is assigned by the server, in
 * the order pushes commit (they take one advisory lock), so "everything after my cursor" misses nothing.
 * The unique key includes the hash: a second, different entry for the same (incident, device, seq)
 * is kept beside the first, never over it, so every puller sees the equivocation and refuses it.
 */
export const SYNC_MIGRATIONS: readonly SyncMigration[] = [
  {
    version: 1,
    name: 'entries and device keys',
    sql: `
      CREATE TABLE sync_identity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now(),
        only_row boolean NOT NULL DEFAULT true UNIQUE CHECK (only_row)
      );
      INSERT INTO sync_identity DEFAULT VALUES;

      CREATE TABLE sync_entries (
        ingest_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id text NOT NULL,
        device text NOT NULL,
        seq integer NOT NULL,
        entry_id text NOT NULL,
        hash text NOT NULL,
        entry json NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (incident_id, device, seq, hash)
      );

      CREATE TABLE sync_device_keys (
        ingest_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        device_id text NOT NULL,
        fingerprint text NOT NULL,
        public_key text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (device_id, fingerprint)
      );

      CREATE FUNCTION sync_rows_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incident console sync rows are immutable (% on %)', TG_OP, TG_TABLE_NAME;
      END $$;
      CREATE TRIGGER sync_entries_immutable BEFORE UPDATE OR DELETE ON sync_entries
        FOR EACH ROW EXECUTE FUNCTION sync_rows_are_immutable();
      CREATE TRIGGER sync_device_keys_immutable BEFORE UPDATE OR DELETE ON sync_device_keys
        FOR EACH ROW EXECUTE FUNCTION sync_rows_are_immutable();
    `,
  },
];

export const SYNC_SCHEMA_VERSION = SYNC_MIGRATIONS.at(-1)?.version ?? 0;
