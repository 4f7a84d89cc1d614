import type { Migration } from './migration';

/**
 * Chains per device (issue 17): within an incident each device appends to its own chain, so
 * seq and prev_hash run per (incident, chain). `chain` is '' for this journal's own chain and the
 * writing device's id for a chain received from another console. Every entry written so far is
 * this journal's own (its entries before migration 3 have no device in their hashed header and
 * still belong to it), so they all go to chain '' and no hash changes.
 *
 * Dropping UNIQUE(incident_id, seq) takes a table rebuild (SQLite cannot drop a constraint):
 * the rowids are copied as they are (the search index, entry_bodies and entry_flags key on them),
 * and the append-only triggers are made again on the new table. The migration runs with foreign
 * keys off (see migrate()) and is checked with foreign_key_check before it commits.
 *
 * `chains` holds each chain's head (device, length, last hash), kept in the same transaction as
 * every entry, so an append or an import never counts a chain.
 */
export const deviceChains: Migration = {
  version: 5,
  name: 'device chains',
  up(db) {
    db.exec(`
      CREATE TABLE entries_by_device (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        author TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        occurred_at TEXT,
        refers_to TEXT REFERENCES entries (id),
        body_hash TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        device TEXT,
        chain TEXT NOT NULL DEFAULT '',
        UNIQUE (incident_id, chain, seq)
      ) STRICT;
      INSERT INTO entries_by_device (rowid, id, incident_id, seq, kind, author, recorded_at, occurred_at, refers_to, body_hash, prev_hash, hash, device, chain)
        SELECT rowid, id, incident_id, seq, kind, author, recorded_at, occurred_at, refers_to, body_hash, prev_hash, hash, device, '' FROM entries;
      DROP TABLE entries;
      ALTER TABLE entries_by_device RENAME TO entries;

      CREATE INDEX entries_by_seq ON entries (incident_id, seq);
      CREATE INDEX entries_by_kind ON entries (incident_id, kind, seq);
      CREATE INDEX entries_by_reference ON entries (refers_to) WHERE refers_to IS NOT NULL;
      -- The merged timeline's order: occurred-at (else recorded-at), then recorded-at, then device.
      CREATE INDEX entries_merged ON entries (incident_id, coalesce(occurred_at, recorded_at), recorded_at, device, seq);

      CREATE TRIGGER entries_are_append_only_update BEFORE UPDATE ON entries
      BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
      CREATE TRIGGER entries_are_append_only_delete BEFORE DELETE ON entries
      WHEN NOT EXISTS (SELECT 1 FROM incidents WHERE id = OLD.incident_id AND drill = 1)
      BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;

      CREATE TABLE chains (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        chain TEXT NOT NULL,
        device TEXT,
        length INTEGER NOT NULL CHECK (length >= 0),
        head_hash TEXT NOT NULL,
        PRIMARY KEY (incident_id, chain)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO chains (incident_id, chain, device, length, head_hash)
        SELECT i.id, '', (SELECT e.device FROM entries e WHERE e.incident_id = i.id AND e.device IS NOT NULL ORDER BY e.seq DESC LIMIT 1), i.entry_count, i.head_hash
        FROM incidents i;
      CREATE TRIGGER chains_never_shrink BEFORE UPDATE ON chains WHEN NEW.length < OLD.length
      BEGIN SELECT RAISE(ABORT, 'a chain only grows'); END;
      CREATE TRIGGER chains_of_real_incidents_are_kept BEFORE DELETE ON chains
      WHEN NOT EXISTS (SELECT 1 FROM incidents WHERE id = OLD.incident_id AND drill = 1)
      BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
    `);
  },
};
