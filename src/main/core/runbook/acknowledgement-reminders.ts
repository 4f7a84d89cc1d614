import type { Incident, TimelineEntry } from '../../../shared/model';
import type { SeverityLevel } from '../../../shared/runbook';
import { deriveSeverityState } from '../../../shared/severity-timing';
import type { Clock } from '../clock';
import { DeadlineWatch } from '../deadline-watch';
import type { Notifier } from '../notifier';

export interface AcknowledgementRemindersDeps {
  /** Every incident (resolved ones are skipped); empty when the journal is unavailable. */
  listIncidents: () => Incident[];
  allEntries: (incidentId: string) => TimelineEntry[];
  /** The active runbook's severity table (targets per severity). */
  severities: () => readonly SeverityLevel[];
  clock: Clock;
  notifier: Notifier;
}

/**
 * Tells the operator, once per deadline, that an incident's acknowledgement target was missed:
 * a banner and, in the desktop app, an OS notification that shows with the window in the
 * background. The deadline comes from the journal, exactly as the top bar's countdown has it.
 */
export class AcknowledgementReminders {
  /** incidentId → deadline (null: none running), valid while the entry count is unchanged. */
  private readonly deadlines = new Map<string, { entryCount: number; levels: readonly SeverityLevel[]; deadline: string | null }>();
  private readonly watch: DeadlineWatch;

  constructor(private readonly deps: AcknowledgementRemindersDeps) {
    this.watch = new DeadlineWatch({
      listIncidents: deps.listIncidents,
      clock: deps.clock,
      deadlineOf: (incident, now) =>
        incident.severity === null || incident.acknowledgedAt !== null ? null : this.deadline(incident, now),
      onDue: ({ incident, deadline }) =>
        this.deps.notifier.notify({
          level: 'error',
          title: `Acknowledge: ${incident.title}`,
          body: `The ${incident.severity} acknowledgement target passed at ${deadline.slice(11, 16)} UTC. Acknowledge it in the top bar, or escalate.`,
          incidentId: incident.id,
        }),
    });
  }

  start(intervalMs?: number): void {
    this.watch.start(intervalMs);
  }

  stop(): void {
    this.watch.stop();
  }

  /** Announces every target missed since the last check; returns the incidents announced. */
  check(): string[] {
    return this.watch.check().map(({ incident }) => incident.id);
  }

  private deadline(incident: Incident, now: Date): string | null {
    const levels = this.deps.severities();
    const cached = this.deadlines.get(incident.id);
    // Every change that moves the deadline (severity, acknowledgement) is an entry.
    if (cached && cached.entryCount === incident.entryCount && cached.levels === levels) return cached.deadline;
    const deadline = deriveSeverityState(this.deps.allEntries(incident.id), levels, now).clock?.deadline ?? null;
    this.deadlines.set(incident.id, { entryCount: incident.entryCount, levels, deadline });
    return deadline;
  }
}
