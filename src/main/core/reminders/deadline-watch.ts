import type { Incident } from '../../../shared/model';
import type { Clock } from '../clock';
import type { JournalPort } from '../journal/journal-port';
import { incidentsToCheck, PeriodicCheck } from '../periodic-check';

/** One kind of reminder: which deadline it watches, and what it does when that deadline passes. */
export interface Reminder<Level, Due> {
  /** The severity table in force (the active runbook's): a new table counts every deadline again. */
  levels: () => readonly Level[];
  /**
   * The incident's current deadline (ISO), or null when none runs. It may read the journal: it is
   * asked again only once the incident has a new entry or the table changed.
   */
  deadlineOf: (incident: Incident, levels: readonly Level[], now: Date) => string | null;
  /** Tells the operator the deadline passed (banner, notification, event); answers what `check()` reports. */
  announce: (incident: Incident, deadline: string) => Due;
}

/** Whether this console raises an incident's reminders now: its operator is the commander, or nobody is. */
export type RemindsHere = (incident: Incident) => boolean;

export interface DeadlineWatchDeps<Level, Due> {
  /** Where the incidents come from (resolved ones are skipped); an unavailable journal means no reminder. */
  journal: JournalPort;
  clock: Clock;
  reminder: Reminder<Level, Due>;
  /**
   * Whether this console raises the incident's reminders (its operator is the commander now, or
   * nobody is); every incident's when omitted. A deadline passed while command was elsewhere is
   * announced once command comes here.
   */
  remindsHere?: RemindsHere;
}

/**
 * The loop behind every reminder: looks at each open incident's deadline on the injected clock
 * and announces each deadline once when it passes. Every change that can move a deadline
 * (severity, acknowledgement, update posted, status) is a journal entry, so a deadline is kept
 * until the incident's entry count or the severity table changes. Tests move the clock and call
 * `check()`; the app calls `start()`, which checks every few seconds. Nothing here needs the network.
 */
export class DeadlineWatch<Level, Due> extends PeriodicCheck<Due> {
  /** incidentId → its deadline, valid while the entry count and the table are those it was computed with. */
  private readonly deadlines = new Map<string, { entryCount: number; levels: readonly Level[]; deadline: string | null }>();
  /** incidentId → the deadline already announced. */
  private readonly announced = new Map<string, string>();

  constructor(private readonly deps: DeadlineWatchDeps<Level, Due>) {
    super();
  }

  /** Announces every deadline that has passed and was not announced yet; answers what was announced. */
  check(): Due[] {
    const incidents = incidentsToCheck(this.deps.journal);
    const now = this.deps.clock.now();
    const due: Due[] = [];
    for (const incident of incidents) {
      if (incident.status === 'resolved') continue;
      if (this.deps.remindsHere && !this.deps.remindsHere(incident)) continue;
      const deadline = this.deadline(incident, now);
      if (deadline === null || now.toISOString() < deadline || this.announced.get(incident.id) === deadline) continue;
      this.announced.set(incident.id, deadline);
      due.push(this.deps.reminder.announce(incident, deadline));
    }
    return due;
  }

  private deadline(incident: Incident, now: Date): string | null {
    const levels = this.deps.reminder.levels();
    const cached = this.deadlines.get(incident.id);
    if (cached && cached.entryCount === incident.entryCount && cached.levels === levels) return cached.deadline;
    const deadline = this.deps.reminder.deadlineOf(incident, levels, now);
    this.deadlines.set(incident.id, { entryCount: incident.entryCount, levels, deadline });
    return deadline;
  }
}
