import type { CadenceLevel } from '../../../shared/comms-cadence';
import type { UpdateDue } from '../../../shared/comms-schemas';
import type { Incident } from '../../../shared/model';
import type { Clock } from '../clock';
import { DeadlineWatch } from '../deadline-watch';
import type { EventBus } from '../event-bus';
import type { JournalPort } from '../journal/journal-port';
import type { Notifier } from '../notifier';
import { cadenceEntriesFrom, type CadenceEntries } from './cadence-entries';
import { bundledCadenceLevels, type CadenceLevels } from './runbook-cadence';
import { computeUpdateCadence } from './update-cadence';

export interface UpdateRemindersDeps {
  journal: JournalPort;
  /** Every incident (the service skips resolved ones); empty when the journal is unavailable. */
  listIncidents: () => Incident[];
  clock: Clock;
  events: EventBus;
  /** The in-app banner, and the OS notification in the desktop app. */
  notifier: Notifier;
  cadenceEntries?: CadenceEntries;
  /** The runbook's severity table; the bundled runbook's when omitted. */
  cadenceLevels?: CadenceLevels;
}

/**
 * Pushes `comms.updateDue` (and a notification: banner, OS notification) once each time an
 * incident's next internal update falls due.
 */
export class UpdateReminders {
  /** incidentId → next due time, valid while the incident's entry count is unchanged. */
  private readonly dueCache = new Map<string, { dueAt: string | null; incident: Incident; levels: readonly CadenceLevel[] }>();
  private readonly cadenceEntries: CadenceEntries;
  private readonly watch: DeadlineWatch;

  constructor(private readonly deps: UpdateRemindersDeps) {
    this.cadenceEntries = deps.cadenceEntries ?? cadenceEntriesFrom(deps.journal);
    this.watch = new DeadlineWatch({
      listIncidents: deps.listIncidents,
      clock: deps.clock,
      deadlineOf: (incident, now) => this.dueAt(incident, now),
      onDue: ({ incident, deadline }) => {
        this.deps.events.emit('comms.updateDue', toUpdateDue(incident, deadline));
        this.deps.notifier.notify({
          level: 'warning',
          title: `Update due: ${incident.title}`,
          body: `Internal update due for "${incident.title}" (${incident.severity ?? 'no severity'}): post it, then record it under Comms.`,
          incidentId: incident.id,
        });
      },
    });
  }

  start(intervalMs?: number): void {
    this.watch.start(intervalMs);
  }

  stop(): void {
    this.watch.stop();
  }

  /** Announces every update that is due now and was not announced yet; returns what it announced. */
  check(): UpdateDue[] {
    return this.watch.check().map(({ incident, deadline }) => toUpdateDue(incident, deadline));
  }

  private dueAt(incident: Incident, now: Date): string | null {
    // A runbook loaded from disk brings a new table, which also invalidates the cache.
    const levels = (this.deps.cadenceLevels ?? bundledCadenceLevels)();
    const cached = this.dueCache.get(incident.id);
    // Every change (update posted, severity, status) is an entry, so the count says when to recompute.
    if (cached && cached.incident.entryCount === incident.entryCount && cached.levels === levels) return cached.dueAt;
    const dueAt = computeUpdateCadence(incident, this.cadenceEntries(incident.id), now, levels).nextUpdateDueAt;
    this.dueCache.set(incident.id, { dueAt, incident, levels });
    return dueAt;
  }
}

function toUpdateDue(incident: Incident, dueAt: string): UpdateDue {
  return { incidentId: incident.id, incidentTitle: incident.title, severity: incident.severity, dueAt };
}
