import type { CadenceLevel } from '../../../shared/comms-cadence';
import type { UpdateDue } from '../../../shared/comms-schemas';
import type { Incident } from '../../../shared/model';
import type { Clock } from '../clock';
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
 * Pushes `comms.updateDue` (and a notification: banner, OS notification) once each time an incident's next internal
 * update falls due. It reads the injected clock, so tests move time and call `check()`; the app
 * calls `start()` which checks every few seconds. Nothing here needs the network.
 */
export class UpdateReminders {
  /** incidentId → the due time already announced, so each due time is announced once. */
  private readonly announced = new Map<string, string>();
  /** incidentId → next due time, valid while the incident's entry count is unchanged. */
  private readonly dueCache = new Map<string, { dueAt: string | null; incident: Incident; levels: readonly CadenceLevel[] }>();
  private timer: ReturnType<typeof setInterval> | undefined;

  private readonly cadenceEntries: CadenceEntries;

  constructor(private readonly deps: UpdateRemindersDeps) {
    this.cadenceEntries = deps.cadenceEntries ?? cadenceEntriesFrom(deps.journal);
  }

  start(intervalMs = 5_000): void {
    this.stop();
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Announces every update that is due now and was not announced yet; returns what it announced. */
  check(): UpdateDue[] {
    let incidents: Incident[];
    try {
      incidents = this.deps.listIncidents();
    } catch {
      return []; // The journal is unavailable; its own status explains why.
    }
    const now = this.deps.clock.now();
    const announced: UpdateDue[] = [];
    for (const incident of incidents) {
      if (incident.status === 'resolved') continue;
      const dueAt = this.dueAt(incident, now);
      if (dueAt === null || now.toISOString() < dueAt || this.announced.get(incident.id) === dueAt) continue;
      this.announced.set(incident.id, dueAt);
      const due: UpdateDue = { incidentId: incident.id, incidentTitle: incident.title, severity: incident.severity, dueAt };
      this.deps.events.emit('comms.updateDue', due);
      this.deps.notifier.notify({
        level: 'warning',
        title: `Update due: ${incident.title}`,
        body: `Internal update due for "${incident.title}" (${incident.severity ?? 'no severity'}): post it, then record it under Comms.`,
        incidentId: incident.id,
      });
      announced.push(due);
    }
    return announced;
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
