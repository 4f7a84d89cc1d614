import type { EntryData } from '../../../shared/model';
import type { Clock } from '../clock';
import type { JournalPort } from '../journal/journal-port';

export interface JournalOutcome {
  /** The incident the entry went into, or null when it could not be journaled. */
  incidentId: string | null;
  /** Plain words when journaling failed (the call itself has still happened). */
  problem: string | null;
}

/**
 * Writes Powernode calls into the timeline: what was asked (the operator's words as the text),
 * the HTTP status and the outcome in words. Tokens and passwords never reach here: callers pass
 * only the reason/summary, the profile and the answer's description.
 */
export class PowernodeJournal {
  constructor(
    private readonly journal: JournalPort,
    private readonly operator: string,
    private readonly clock: Clock,
  ) {}

  /**
   * A state change must be journaled even with no incident open: then a new incident is opened,
   * titled from what happened. A journal failure never undoes or blocks the call; it is reported.
   */
  killSwitch(incidentId: string | undefined, text: string, data: EntryData<'killswitch_call'>, titleIfNew: string): JournalOutcome {
    return this.write(incidentId, titleIfNew, (target) => this.journal.append(target, { kind: 'killswitch_call', text, data }));
  }

  call(incidentId: string | undefined, text: string, data: EntryData<'powernode_call'>, titleIfNew: string | null): JournalOutcome {
    return this.write(incidentId, titleIfNew, (target) => this.journal.append(target, { kind: 'powernode_call', text, data }));
  }

  private write(incidentId: string | undefined, titleIfNew: string | null, append: (target: string) => void): JournalOutcome {
    const problems: string[] = [];
    if (incidentId) {
      try {
        append(incidentId);
        return { incidentId, problem: null };
      } catch (error) {
        problems.push(`incident ${incidentId}: ${messageOf(error)}`);
      }
    }
    if (titleIfNew === null) return { incidentId: null, problem: problems[0] ?? null };
    try {
      const incident = this.journal.createIncident({ title: titleIfNew, detectedBy: this.operator, startedAt: this.clock.now().toISOString() });
      append(incident.id);
      return { incidentId: incident.id, problem: problems.length > 0 ? `Journaled into a new incident because ${problems.join('; ')}` : null };
    } catch (error) {
      problems.push(messageOf(error));
      return { incidentId: null, problem: `NOT journaled: ${problems.join('; ')}` };
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
