import type { Migration } from './migration';

/**
 * Device identity for signed evidence. Each entry written from now on names the console install
 * (device) that wrote it; entries written before have none (their hashes are unchanged: the
 * header leaves an absent device out). The device keys the journal's checkpoints were signed
 * with are kept here too, so an export carries every public key its signatures need even when
 * the device file beside the journal is lost. Keys, like entries, are never edited or removed.
 */
export const deviceEvidence: Migration = {
  version: 3,
  name: 'device evidence',
  up(db) {
    db.exec(`
      ALTER TABLE entries ADD COLUMN device TEXT;

      CREATE TABLE device_keys (
        fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) = 64),
        device_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX device_keys_by_device ON device_keys (device_id);

      CREATE TRIGGER device_keys_are_kept_update BEFORE UPDATE ON device_keys
      BEGIN SELECT RAISE(ABORT, 'device keys are never edited'); END;
      CREATE TRIGGER device_keys_are_kept_delete BEFORE DELETE ON device_keys
      BEGIN SELECT RAISE(ABORT, 'device keys are never removed'); END;
    `);
  },
};
