import type { Migration } from './migration';

/**
 * Drills: an incident can be opened as an exercise (its opening entry says so, inside the chain),
 * and every drill can be removed in one step. The journal itself keeps the line between the two:
 * whether an incident is a drill never changes once it is opened, a real incident's row cannot be
 * deleted, and the entries stay append-only except for a drill's. Each incident has a chain of its
 * own, so removing drills leaves every other chain verifying exactly as before. A journal written
 * before this version holds no drill (its opening entries could not say so): nothing is backfilled.
 */
export const drills: Migration = {
  version: 4,
  name: 'drills',
  up(db) {
    db.exec(`
      ALTER TABLE incidents ADD COLUMN drill INTEGER NOT NULL DEFAULT 0 CHECK (drill IN (0, 1));
      CREATE INDEX incidents_drills ON incidents (id) WHERE drill = 1;

      CREATE TRIGGER incidents_drill_is_fixed BEFORE UPDATE OF drill ON incidents
      BEGIN SELECT RAISE(ABORT, 'whether an incident is a drill never changes'); END;
      CREATE TRIGGER incidents_only_drills_are_removed BEFORE DELETE ON incidents WHEN OLD.drill = 0
      BEGIN SELECT RAISE(ABORT, 'only a drill can be removed; a real incident is kept'); END;

      DROP TRIGGER entries_are_append_only_delete;
      CREATE TRIGGER entries_are_append_only_delete BEFORE DELETE ON entries
      WHEN NOT EXISTS (SELECT 1 FROM incidents WHERE id = OLD.incident_id AND drill = 1)
      BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
    `);
  },
};
