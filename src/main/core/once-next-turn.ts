/**
 * A piece of work run in the next turn of the event loop, once however often it was asked for in
 * this one, and never after `close()`: work that may wait until the current call has answered
 * (indexing a note's words, copying the WAL) without running once per call that asked for it.
 */
export class OnceNextTurn {
  private scheduled = false;
  private closed = false;

  constructor(private readonly work: () => void) {}

  /** The next turn runs the work, unless it is already due to or this was closed. */
  ask(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.closed) this.work();
    });
  }

  /** Nothing runs after this, not even what was asked for in this turn. */
  close(): void {
    this.closed = true;
  }
}
