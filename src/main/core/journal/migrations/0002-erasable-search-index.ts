import type { Migration } from './migration';

/**
 * The full-text index, rebuilt so that a redaction erases the words it held. A contentless_delete
 * table only marks a deleted row (its words stay in the index pages until some later merge); a
 * plain contentless table with FTS5's secure-delete removes them when the row is deleted with the
 * original text, which the journal has in entry_bodies until that moment. Rebuilding from the
 * bodies also drops whatever earlier redactions left behind (secure_delete zeroes the freed pages).
 */
export const erasableSearchIndex: Migration = {
  version: 2,
  name: 'erasable search index',
  up(db) {
    db.exec(`
      DROP TABLE entry_search;
      CREATE VIRTUAL TABLE entry_search USING fts5 (text, content = '', tokenize = 'unicode61 remove_diacritics 2');
      INSERT INTO entry_search (entry_search, rank) VALUES ('secure-delete', 1);
      INSERT INTO entry_search (rowid, text) SELECT entry_rowid, text FROM entry_bodies WHERE text <> '';
    `);
  },
};
