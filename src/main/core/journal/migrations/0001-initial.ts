import type { Migration } from './migration';

/**
 * Incidents (a projection kept current in the same transaction as each entry), the append-only
 * entries with their hash chain, bodies apart (a redaction deletes a body, never an entry),
 * derived flags for fast "pinned only", and a contentless full-text index.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        detected_by TEXT NOT NULL,
        started_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('detected', 'acknowledged', 'mitigated', 'resolved')),
        severity TEXT CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
        acknowledged_at TEXT,
        mitigated_at TEXT,
        resolved_at TEXT,
        entry_count INTEGER NOT NULL DEFAULT 0,
        last_entry_at TEXT,
        head_hash TEXT NOT NULL
      ) STRICT;

      CREATE TABLE entries (
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
        UNIQUE (incident_id, seq)
      ) STRICT;
      CREATE INDEX entries_by_kind ON entries (incident_id, kind, seq);
      CREATE INDEX entries_by_reference ON entries (refers_to) WHERE refers_to IS NOT NULL;

      CREATE TRIGGER entries_are_append_only_update BEFORE UPDATE ON entries
      BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
      CREATE TRIGGER entries_are_append_only_delete BEFORE DELETE ON entries
      BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;

      CREATE TABLE entry_bodies (
        entry_rowid INTEGER PRIMARY KEY REFERENCES entries (rowid),
        text TEXT NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER entry_bodies_are_never_edited BEFORE UPDATE ON entry_bodies
      BEGIN SELECT RAISE(ABORT, 'entry bodies are never edited; amend or redact instead'); END;

      CREATE TABLE entry_flags (
        entry_rowid INTEGER PRIMARY KEY REFERENCES entries (rowid),
        pinned INTEGER NOT NULL DEFAULT 0,
        redacted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX entry_flags_pinned ON entry_flags (entry_rowid) WHERE pinned = 1;

      CREATE VIRTUAL TABLE entry_search USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
    `);
  },
};
