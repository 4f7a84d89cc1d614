import type { EntryData, Incident } from '../../../shared/model';
import { errorMessage } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { JournalPort } from '../journal/journal-port';
import { KillSwitchLedger } from './kill-switch-ledger';

export interface JournalOutcome {
  /** The incident the entry went into, or null when it could not be journaled. */
  incidentId: string | null;
  /** The entry written, or null. */
  entryId: string | null;
  /** Plain words when journaling failed (the call itself has still happened). */
  problem: string | null;
}

/**
 * Writes Powernode calls into the timeline: what was asked (the operator's words as the text),
 * the HTTP status and the outcome in words. Tokens and passwords never reach here: callers pass
 * only the reason/summary, the profile and the answer's description.
 *
 * One incident per action: a call made with no incident open goes into an incident opened for it,
 * and every later call without one goes into that same incident while it stays open (ten refused
 * halts make one incident, not ten).
 */
export class PowernodeJournal {
  readonly ledger: KillSwitchLedger;
  /** The incident opened here for calls that named none. */
  private openedForActions: string | undefined;
  /** The incident the operator last acted in: where changes seen on the server belong first. */
  private lastActionIncident: string | undefined;

  constructor(
    private readonly journal: JournalPort,
    private readonly operator: string,
    private readonly clock: Clock,
  ) {
    this.ledger = new KillSwitchLedger(journal);
  }

  /**
   * A state change must be journaled even with no incident open (see the class comment). A
   * journal failure never undoes or blocks the call; it is reported.
   */
  killSwitch(incidentId: string | undefined, text: string, data: EntryData<'killswitch_call'>, titleIfNew: string, occurredAt?: string): JournalOutcome {
    const outcome = this.write(incidentId, titleIfNew, (target) => this.journal.append(target, { kind: 'killswitch_call', text, data, occurredAt }).id);
    if (outcome.entryId && data.serverEventId) this.ledger.add(data.serverEventId);
    return outcome;
  }

  /** A change made elsewhere, into the incident it belongs to (it opens none). */
  observed(incidentId: string, text: string, data: EntryData<'killswitch_call'>, occurredAt: string): JournalOutcome {
    return this.killSwitch(incidentId, text, data, '', occurredAt);
  }

  call(incidentId: string | undefined, text: string, data: EntryData<'powernode_call'>, titleIfNew: string | null): JournalOutcome {
    return this.write(incidentId, titleIfNew, (target) => this.journal.append(target, { kind: 'powernode_call', text, data }).id);
  }

  /**
   * Where a kill-switch event seen on the server belongs: an open incident that had started by
   * then (any open one for the halt in effect now), a real one before a drill, preferring the one
   * the operator last acted in, else the most recently active. None when no incident is open.
   */
  incidentForEvent(eventAt: string, haltInEffect: boolean): string | null {
    let open: Incident[];
    try {
      open = this.journal.listIncidents().filter((incident) => incident.status !== 'resolved');
    } catch {
      return null;
    }
    const started = open.filter((incident) => haltInEffect || Date.parse(incident.startedAt) <= Date.parse(eventAt));
    // A real change belongs to a real incident: a drill takes one only when no real incident is open (removing drills would lose it).
    const real = started.filter((incident) => !incident.drill);
    const candidates = real.length > 0 ? real : started;
    const preferred = candidates.find((incident) => incident.id === this.lastActionIncident);
    if (preferred) return preferred.id;
    const active = (incident: Incident) => incident.lastEntryAt ?? incident.createdAt;
    return candidates.sort((a, b) => (active(a) < active(b) ? 1 : active(a) > active(b) ? -1 : 0))[0]?.id ?? null;
  }

  private write(incidentId: string | undefined, titleIfNew: string | null, append: (target: string) => string): JournalOutcome {
    const problems: string[] = [];
    if (incidentId) {
      try {
        const entryId = append(incidentId);
        this.lastActionIncident = incidentId;
        return { incidentId, entryId, problem: null };
      } catch (error) {
        problems.push(`incident ${incidentId}: ${errorMessage(error)}`);
      }
    }
    if (titleIfNew === null || titleIfNew === '')
      return { incidentId: null, entryId: null, problem: problems.length > 0 ? `NOT journaled: ${problems.join('; ')}` : null };
    try {
      const target = this.incidentForActions(titleIfNew);
      const entryId = append(target);
      this.lastActionIncident = target;
      return { incidentId: target, entryId, problem: problems.length > 0 ? `Journaled into incident ${target} because ${problems.join('; ')}` : null };
    } catch (error) {
      problems.push(errorMessage(error));
      return { incidentId: null, entryId: null, problem: `NOT journaled: ${problems.join('; ')}` };
    }
  }

  /** The incident opened for earlier calls that named none, while it is open; else a new one. */
  private incidentForActions(title: string): string {
    if (this.openedForActions) {
      try {
        if (this.journal.getIncident(this.openedForActions).status !== 'resolved') return this.openedForActions;
      } catch {
        // Gone or unreadable: open another.
      }
    }
    const incident = this.journal.createIncident({ title, detectedBy: this.operator, startedAt: this.clock.now().toISOString() });
    this.openedForActions = incident.id;
    return incident.id;
  }
}
