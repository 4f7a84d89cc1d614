import { OnceNextTurn } from '../once-next-turn';
import type { JournalConnection } from './journal-connection';

/** A body's text to be indexed under its entry's rowid. */
export interface IndexedText {
  rowid: number;
  text: string;
}

const INDEX_TEXT = 'INSERT INTO entry_search (rowid, text) VALUES (?, ?)';
const UNINDEX_TEXT = "INSERT INTO entry_search (entry_search, rowid, text) VALUES ('delete', ?, ?)";
const LAST_INDEXED = 'SELECT max(rowid) AS rowid FROM entry_search';
/** Texts indexed in one transaction beyond which the WAL is copied in the next turn, as after a batch. */
const TEXTS_LIKE_A_BATCH = 64;
const TEXTS_AFTER = "SELECT entry_rowid AS rowid, text FROM entry_bodies WHERE entry_rowid > ? AND text <> '' ORDER BY entry_rowid";

/**
 * The full-text index, kept off the path of a single append: an entry is durable (and
 * acknowledged) once its row and body are, and its words are indexed right after, in a
 * transaction of their own that does not wait for the disk. The index is derived from the bodies,
 * so nothing is lost that way: every search, batch and redaction brings it up to date first, and
 * what a crash or a power cut left unindexed is found when the journal is opened, by rowid (the
 * index holds every body with text up to its highest rowid, and none after it), and indexed then.
 */
export class SearchIndex {
  /** Committed texts not indexed yet, in rowid order. */
  private pending: IndexedText[] = [];
  private lookedForUnindexed = false;
  private readonly nextTurn = new OnceNextTurn(() => this.bringUpToDate());

  constructor(private readonly connection: JournalConnection) {}

  /**
   * Before the first write or search of this journal, outside any transaction (so that only
   * committed rows are seen): the texts the last session committed but did not get to index.
   */
  prepare(): void {
    if (this.lookedForUnindexed) return;
    try {
      this.connection.read('read the search index', () => {
        const last = this.connection.sql<[], { rowid: number | null }>(LAST_INDEXED).get()?.rowid ?? 0;
        const known = new Set(this.pending.map((entry) => entry.rowid));
        const unindexed = this.connection.sql<[number], IndexedText>(TEXTS_AFTER).all(last);
        this.pending = [...unindexed.filter((entry) => !known.has(entry.rowid)), ...this.pending].sort((a, b) => a.rowid - b.rowid);
      });
      this.lookedForUnindexed = true;
    } catch {
      // A journal that cannot be read is not written to either; looked for again next time.
    }
  }

  /** A committed entry's text, indexed soon (and before any search reads the index). */
  indexLater(entry: IndexedText): void {
    if (entry.text !== '') this.pending.push(entry);
    this.soon();
  }

  /** Brings the index up to date right after the current call (when the journal became writable, after an append). */
  soon(): void {
    this.nextTurn.ask();
  }

  /**
   * Indexes what is pending when the journal can be written at once; otherwise (the file is being
   * checked, or read-only) searches read the index as it is. A failure (a full disk) leaves the
   * texts pending for the next attempt: the index is derived, never a reason for a call to fail.
   */
  bringUpToDate(): void {
    this.prepare();
    if (this.pending.length === 0 || !this.connection.writable) return;
    const texts = this.pending.length;
    try {
      this.connection.writeRebuildable('index the timeline for search', () => this.indexInTransaction([]));
      // Many texts at once (after a script's appends, or what a crash left unindexed) fill the WAL like a batch.
      if (texts > TEXTS_LIKE_A_BATCH) this.connection.checkpointSoon();
    } catch {
      // Still pending.
    }
  }

  /** Inside a write transaction (a batch): what is pending first, then these, so the index never skips a rowid. */
  indexInTransaction(entries: readonly IndexedText[]): void {
    const taken = this.pending;
    this.pending = [];
    this.connection.onRollback(() => (this.pending = [...taken, ...this.pending]));
    for (const entry of [...taken, ...entries]) if (entry.text !== '') this.connection.sql(INDEX_TEXT).run(entry.rowid, entry.text);
  }

  /**
   * Inside a write transaction (a redaction): takes an entry's words out of the index. The index
   * is contentless: deleting a row means handing FTS5 the text that was indexed, which (with its
   * secure-delete option) takes those words out of the index pages, not just hides them.
   */
  unindexInTransaction(entry: IndexedText): void {
    this.indexInTransaction([]);
    if (entry.text !== '') this.connection.sql(UNINDEX_TEXT).run(entry.rowid, entry.text);
  }

  /** Indexes what is pending, then stops. */
  close(): void {
    this.bringUpToDate();
    this.nextTurn.close();
  }
}
