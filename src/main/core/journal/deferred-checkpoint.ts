import { OnceNextTurn } from '../once-next-turn';

/**
 * Commits between two checkpoints of the WAL. A note is two commits (its durable one, then its
 * words'), about 16 WAL frames in all (measured): 128 commits are about the 1,000 frames at which
 * SQLite's own autocheckpoint would have copied the WAL.
 */
export const COMMITS_PER_CHECKPOINT = 128;

/**
 * Commits made without the event loop turning (a script's loop of appends) after which the WAL is
 * copied right in the commit, as SQLite's autocheckpoint would: a WAL left to grow makes every read
 * search more of it, and its first copy a long stall.
 */
const COMMITS_BEFORE_COPYING_IN_PLACE = 2 * COMMITS_PER_CHECKPOINT;

/**
 * Copies the WAL into the journal file in the turn of the event loop after a commit, instead of
 * inside it. SQLite's autocheckpoint (turned off on the writing connection) ran in the COMMIT of
 * every 60th or so note, so that note was acknowledged only after the copy and two more fsyncs:
 * the slowest 1 to 2 % of appends. A checkpoint adds nothing to what survives a crash or a power
 * cut (the WAL was made durable before the acknowledgement), so it can wait for the next turn.
 */
export class DeferredCheckpoint {
  private commits = 0;
  private readonly nextTurn = new OnceNextTurn(() => this.copy());

  /** `checkpoint` copies the WAL (PASSIVE: never waits for a reader or blocks a writer) and must not throw. */
  constructor(
    private readonly checkpoint: () => void,
    private readonly every = COMMITS_PER_CHECKPOINT,
    private readonly inPlaceAfter = COMMITS_BEFORE_COPYING_IN_PLACE,
  ) {}

  /** A write transaction committed; `now` when the WAL should not wait for more of them. */
  committed(now = false): void {
    this.commits += 1;
    if (this.commits >= this.inPlaceAfter) this.copy();
    else if (now || this.commits >= this.every) this.soon();
  }

  /** The next turn of the event loop copies the WAL. */
  soon(): void {
    this.nextTurn.ask();
  }

  private copy(): void {
    this.commits = 0;
    this.checkpoint();
  }

  /** Nothing is copied after this: closing the connection checkpoints it anyway. */
  close(): void {
    this.nextTurn.close();
  }
}
