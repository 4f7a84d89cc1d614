import type { Incident } from '../../shared/model';
import type { JournalPort } from './journal/journal-port';

/**
 * A check the app runs every few seconds in the background (reminders, interval checkpoints): its
 * timer never keeps the process alive, and tests call `check()` on their own clock instead.
 */
export abstract class PeriodicCheck<Result> {
  private timer: ReturnType<typeof setInterval> | undefined;

  start(intervalMs = 5_000): void {
    this.stop();
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  abstract check(): Result[];
}

/** The incidents to check, or none while the journal is unavailable (its own status explains why). */
export function incidentsToCheck(journal: JournalPort): Incident[] {
  try {
    return journal.listIncidents();
  } catch {
    return [];
  }
}
