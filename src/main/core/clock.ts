/**
 * Time is injected so tests can pin it and fast-forward it: every time core journals, shows or
 * compares with a deadline comes from a Clock, and nothing else in core reads the wall clock
 * (Date.now(), new Date()). Only spans and order within this process (how long an export took,
 * whether a status was read after a request was sent) use the monotonic performance.now().
 */
export interface Clock {
  now(): Date;
}

/** The real time: what the app runs on unless a start time is given (`--clock-start`). */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at a chosen instant and then runs at real speed; `advance` jumps it.
 * Used by tests and demos (`--clock-start`) so exported times are predictable.
 */
export class AdjustableClock implements Clock {
  private offsetMs: number;

  constructor(
    start: Date,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = start.getTime() - realNow();
  }

  /** A clock that stands still until advanced: what unit tests want. */
  static frozen(at: Date): AdjustableClock {
    return new AdjustableClock(at, () => 0);
  }

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
