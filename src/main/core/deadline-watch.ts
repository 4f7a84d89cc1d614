import type { Incident } from '../../shared/model';
import type { Clock } from './clock';

export interface DueDeadline {
  incident: Incident;
  deadline: string;
}

export interface DeadlineWatchDeps {
  /** Every incident (resolved ones are skipped); may throw while the journal is unavailable. */
  listIncidents: () => Incident[];
  clock: Clock;
  /** The incident's current deadline (ISO), or null when none runs. */
  deadlineOf: (incident: Incident, now: Date) => string | null;
  onDue: (due: DueDeadline) => void;
}

/**
 * The loop behind every reminder: looks at each open incident's deadline on the injected clock
 * and reports each deadline once when it passes. Tests move the clock and call `check()`; the app
 * calls `start()`, which checks every few seconds. Nothing here needs the network.
 */
export class DeadlineWatch {
  /** incidentId → the deadline already reported. */
  private readonly reported = new Map<string, string>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: DeadlineWatchDeps) {}

  start(intervalMs = 5_000): void {
    this.stop();
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reports every deadline that has passed and was not reported yet; returns them. */
  check(): DueDeadline[] {
    let incidents: Incident[];
    try {
      incidents = this.deps.listIncidents();
    } catch {
      return []; // The journal is unavailable; its own status explains why.
    }
    const now = this.deps.clock.now();
    const due: DueDeadline[] = [];
    for (const incident of incidents) {
      if (incident.status === 'resolved') continue;
      const deadline = this.deps.deadlineOf(incident, now);
      if (deadline === null || now.toISOString() < deadline || this.reported.get(incident.id) === deadline) continue;
      this.reported.set(incident.id, deadline);
      const item = { incident, deadline };
      this.deps.onDue(item);
      due.push(item);
    }
    return due;
  }
}
