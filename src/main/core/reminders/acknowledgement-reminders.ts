import type { SeverityLevel } from '../../../shared/runbook';
import { deriveSeverityState, SEVERITY_STATE_KINDS } from '../../../shared/severity-timing';
import type { Clock } from '../clock';
import type { JournalPort } from '../journal/journal-port';
import type { Notifier } from '../notifier';
import { DeadlineWatch, type RemindsHere } from './deadline-watch';

export interface AcknowledgementRemindersDeps {
  journal: JournalPort;
  /** The active runbook's severity table (targets per severity). */
  severities: () => readonly SeverityLevel[];
  clock: Clock;
  notifier: Notifier;
  /** Whether this console raises the incident's reminders now ; every incident's when omitted. */
  remindsHere?: RemindsHere;
}

/**
 * Tells the operator, once per deadline, that an incident's acknowledgement target was missed:
 * a banner and, in the desktop app, an OS notification that shows with the window in the
 * background. The deadline comes from the journal, exactly as the top bar's countdown has it.
 * `check()` answers the ids of the incidents it announced.
 */
export class AcknowledgementReminders extends DeadlineWatch<SeverityLevel, string> {
  constructor(deps: AcknowledgementRemindersDeps) {
    super({
      journal: deps.journal,
      clock: deps.clock,
      remindsHere: deps.remindsHere,
      reminder: {
        levels: deps.severities,
        deadlineOf: (incident, levels, now) =>
          incident.severity === null || incident.acknowledgedAt !== null
            ? null
            : (deriveSeverityState(deps.journal.entriesOfKinds(incident.id, SEVERITY_STATE_KINDS), levels, now).clock?.deadline ?? null),
        announce: (incident, deadline) => {
          deps.notifier.notify({
            level: 'error',
            title: `Acknowledge: ${incident.title}`,
            body: `The ${incident.severity} acknowledgement target passed at ${deadline.slice(11, 16)} UTC. Acknowledge it in the top bar, or escalate.`,
            incidentId: incident.id,
          });
          return incident.id;
        },
      },
    });
  }
}
