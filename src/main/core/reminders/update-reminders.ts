import type { UpdateDue } from '../../../shared/comms-schemas';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { JournalPort } from '../journal/journal-port';
import type { Notifier } from '../notifier';
import { DeadlineWatch, type RemindsHere } from './deadline-watch';
import { bundledCadenceLevels, updateCadence, type CadenceLevel, type CadenceLevels } from './update-cadence';

export interface UpdateRemindersDeps {
  journal: JournalPort;
  clock: Clock;
  events: EventBus;
  /** The in-app banner, and the OS notification in the desktop app. */
  notifier: Notifier;
  /** The runbook's severity table; the bundled runbook's when omitted. */
  cadenceLevels?: CadenceLevels;
  /** Whether this console raises the incident's reminders now ; every incident's when omitted. */
  remindsHere?: RemindsHere;
}

/**
 * Pushes `comms.updateDue` (and a notification: banner, OS notification) once each time an
 * incident's next internal update falls due.
 */
export class UpdateReminders extends DeadlineWatch<CadenceLevel, UpdateDue> {
  constructor(deps: UpdateRemindersDeps) {
    super({
      journal: deps.journal,
      clock: deps.clock,
      remindsHere: deps.remindsHere,
      reminder: {
        levels: deps.cadenceLevels ?? bundledCadenceLevels,
        deadlineOf: (incident, levels, now) => updateCadence(deps.journal, incident, now, levels).nextUpdateDueAt,
        announce: (incident, dueAt) => {
          const due: UpdateDue = { incidentId: incident.id, incidentTitle: incident.title, severity: incident.severity, dueAt };
          deps.events.emit('comms.updateDue', due);
          deps.notifier.notify({
            level: 'warning',
            title: `Update due: ${incident.title}`,
            body: `Internal update due for "${incident.title}" (${incident.severity ?? 'no severity'}): post it, then record it under Comms.`,
            incidentId: incident.id,
          });
          return due;
        },
      },
    });
  }
}
