/** One numbered step of the team database's schema; `schema_migrations` records each one applied. */
export interface SyncMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The team database's schema, versioned like the journal's. Rows are immutable (a trigger refuses
 * UPDATE and DELETE), so a console's push can only add, through sync_push. `ingest_seq` is assigned by
 * the server, in the order pushes commit (they take one advisory lock), so "everything after my
 * cursor" misses nothing.
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
      -- A console that joins an incident later reads that incident's rows from the start.
      CREATE INDEX sync_entries_by_incident ON sync_entries (incident_id, ingest_seq);

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

      -- One push is one statement, so one round trip: it commits whole or not at all, and a push
      -- whose answer was lost is either all in or not in (retried, it changes nothing either way).
      CREATE FUNCTION sync_push(
        incident_ids text[], devices text[], seqs integer[], hashes text[], entry_ids text[], entries json[],
        key_devices text[], key_fingerprints text[], key_public_keys text[]
      ) RETURNS json LANGUAGE plpgsql AS $$
      DECLARE
        inserted integer;
        conflicts json;
      BEGIN
        -- Held to the commit: ingest_seq is assigned and committed in one order, so a cursor never skips a row.
        PERFORM pg_advisory_xact_lock(1717002);
        INSERT INTO sync_device_keys (device_id, fingerprint, public_key)
          SELECT * FROM unnest(key_devices, key_fingerprints, key_public_keys) ON CONFLICT DO NOTHING;
        INSERT INTO sync_entries (incident_id, device, seq, hash, entry_id, entry)
          SELECT * FROM unnest(incident_ids, devices, seqs, hashes, entry_ids, entries) ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS inserted = ROW_COUNT;
        SELECT coalesce(json_agg(json_build_object(
                 'incidentId', e.incident_id, 'device', e.device, 'seq', e.seq, 'pushedHash', p.hash, 'storedHash', e.hash)
                 ORDER BY e.ingest_seq), '[]'::json)
          INTO conflicts
          FROM unnest(incident_ids, devices, seqs, hashes) AS p(incident_id, device, seq, hash)
          JOIN sync_entries e ON e.incident_id = p.incident_id AND e.device = p.device AND e.seq = p.seq AND e.hash <> p.hash;
        IF inserted > 0 THEN
          PERFORM pg_notify('incident_console_sync', inserted::text);
        END IF;
        RETURN json_build_object('inserted', inserted, 'conflicts', conflicts);
      END $$;
    `,
  },
];

export const SYNC_SCHEMA_VERSION = SYNC_MIGRATIONS.at(-1)?.version ?? 0;
