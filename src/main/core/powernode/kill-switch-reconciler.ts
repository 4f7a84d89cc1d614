import { performance } from 'node:perf_hooks';
import type { KillSwitchAction, KillSwitchState, ResumeMode } from '../../../shared/powernode-schemas';
import type { Clock } from '../clock';
import type { ApiEvent, ApiStatus } from './api-schemas';
import type { KillSwitchMonitor } from './kill-switch-monitor';
import type { PowernodeJournal } from './powernode-journal';
import { utcSecond } from './time-text';

/** A halt or resume that was sent and whose outcome is not known yet. */
export interface PendingOutcome {
  action: KillSwitchAction;
  profile: string;
  mode?: ResumeMode;
  /** The operator's words (reason or summary): the text of the entry that settles it. */
  text: string;
  /** The "sent, outcome unknown" entry, and where it went. */
  entryId: string | null;
  incidentId: string | null;
  titleIfNew: string;
  /** When the request was sent (console clock), and the server events known then. */
  sentAt: string;
  knownBefore: ReadonlySet<string>;
  /** Monotonic time it was registered: only a status or event list read after it may settle it. */
  registeredAt: number;
}

export interface KillSwitchReconcilerDeps {
  clock: Clock;
  journal: PowernodeJournal;
  monitor: KillSwitchMonitor;
  /** GET kill_switch/events, newest first. */
  fetchEvents: (profile: string) => Promise<ApiEvent[]>;
}

/** Server clocks drift: an event stamped this much before the request may still be its answer. */
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * The server's event list is the truth about halts and resumes. This keeps the journal in step
 * with it, one profile at a time (serialised, so nothing is journaled twice):
 * - it settles unknown outcomes: a new event of the asked kind confirms one ("confirmed: halted
 *   at T by U"); a status read after the failure that shows no change settles it as not applied
 *   (or unchanged, when the state already was what was asked);
 * - it journals, once each and keyed by the server's event id, every halt or resume made
 *   elsewhere (web UI, MCP, another operator) into the open incident it belongs to.
 * It reads the event list on connect, after every halt or resume, and when a poll's status shows
 * something new (another halt event, or halted ↔ running); otherwise it reuses the last list.
 */
export class KillSwitchReconciler {
  private readonly lastEvents = new Map<string, ApiEvent[]>();
  private readonly pending = new Map<string, PendingOutcome[]>();
  private readonly inFlight = new Map<string, number>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly deps: KillSwitchReconcilerDeps) {}

  /**
   * A halt or resume is about to be sent: until `done`, events of the profile are not journaled
   * as observed (the action's own answer will record its event). Returns the event ids known now.
   */
  beginAction(profile: string): { knownBefore: ReadonlySet<string>; done: () => void } {
    this.inFlight.set(profile, (this.inFlight.get(profile) ?? 0) + 1);
    const knownBefore = new Set((this.lastEvents.get(profile) ?? []).map((event) => event.id));
    let finished = false;
    return {
      knownBefore,
      done: () => {
        if (finished) return;
        finished = true;
        this.inFlight.set(profile, (this.inFlight.get(profile) ?? 1) - 1);
      },
    };
  }

  addPending(pending: Omit<PendingOutcome, 'registeredAt'>): void {
    const list = this.pending.get(pending.profile) ?? [];
    list.push({ ...pending, registeredAt: performance.now() });
    this.pending.set(pending.profile, list);
  }

  hasPending(profile: string): boolean {
    return (this.pending.get(profile)?.length ?? 0) > 0;
  }

  /** The monitor's hook after every answered status read (see the class comment for when events are read). */
  afterStatus(profile: string, status: ApiStatus, before: KillSwitchState, readEvents: boolean, askedAt: number): Promise<void> {
    const latest = status.latest_event?.id;
    const haltedChanged = before.lastKnown !== null && (before.lastKnown === 'halted') !== status.halted;
    const fetch =
      readEvents ||
      this.hasPending(profile) ||
      !this.lastEvents.has(profile) ||
      haltedChanged ||
      (latest !== undefined && !this.deps.journal.ledger.has(latest) && !(this.lastEvents.get(profile) ?? []).some((event) => event.id === latest));
    return this.enqueue(profile, () => this.reconcile(profile, { status, askedAt }, fetch));
  }

  /** After a halt or resume was answered: read the event list and catch up. */
  refresh(profile: string): Promise<void> {
    return this.enqueue(profile, () => this.reconcile(profile, null, true));
  }

  /** An event list read for another reason (the history panel): record what it shows. */
  noteEvents(profile: string, events: ApiEvent[]): Promise<void> {
    return this.enqueue(profile, async () => {
      this.lastEvents.set(profile, events);
      this.observe(profile, events);
    });
  }

  /** The newest event of this kind in the last event list read (for "already running since …"). */
  latestEvent(profile: string, type: KillSwitchAction): ApiEvent | undefined {
    return (this.lastEvents.get(profile) ?? []).find((event) => event.event_type === type);
  }

  private enqueue(profile: string, work: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(profile) ?? Promise.resolve();
    const next = previous.then(work).catch(() => undefined);
    this.queues.set(profile, next);
    return next;
  }

  private async reconcile(profile: string, read: { status: ApiStatus; askedAt: number } | null, fetch: boolean): Promise<void> {
    let eventsReadAt = -Infinity;
    if (fetch) {
      const startedAt = performance.now();
      try {
        this.lastEvents.set(profile, await this.deps.fetchEvents(profile));
        eventsReadAt = startedAt;
      } catch {
        // Unreadable now: unknown outcomes stay unknown (the monitor asks again soon), nothing is guessed.
        return;
      }
    }
    const events = this.lastEvents.get(profile) ?? [];
    for (const pending of [...(this.pending.get(profile) ?? [])]) {
      if (this.settle(pending, events, eventsReadAt, read)) {
        this.pending.set(
          profile,
          (this.pending.get(profile) ?? []).filter((other) => other !== pending),
        );
      }
    }
    this.observe(profile, events);
  }

  /** Settles one unknown outcome from a status and an event list read after it; false when they cannot tell yet. */
  private settle(pending: PendingOutcome, events: ApiEvent[], eventsReadAt: number, read: { status: ApiStatus; askedAt: number } | null): boolean {
    if (eventsReadAt < pending.registeredAt) return false;
    const now = this.deps.clock.now().toISOString();
    const upper = pending.action.toUpperCase();
    const match = this.candidates(pending, events)[0];
    const base = { action: pending.action, profile: pending.profile, mode: pending.mode, httpStatus: 200, settles: pending.entryId ?? undefined };
    let entry: { ok: boolean; result: 'confirmed' | 'unchanged' | 'not_applied'; outcome: string; serverEventId?: string; by?: string; occurredAt?: string };
    if (match) {
      entry = {
        ok: true,
        result: 'confirmed',
        outcome: `Confirmed: ${pending.action === 'halt' ? 'halted' : `resumed (mode ${match.resume_mode ?? pending.mode ?? 'full'})`} at ${utcSecond(match.created_at)} by ${personText(match.triggered_by)} (server event ${match.id}).`,
        serverEventId: match.id,
        by: personText(match.triggered_by),
        occurredAt: clampToNow(match.created_at, now),
      };
    } else if (read && read.askedAt >= pending.registeredAt) {
      const halted = read.status.halted;
      const asked = pending.action === 'halt' ? halted : !halted;
      if (asked) {
        const halt = read.status.latest_event;
        const already =
          pending.action === 'halt'
            ? `already halted${halt ? ` since ${utcSecond(read.status.since ?? halt.created_at)} by ${personText(halt.triggered_by)} (server event ${halt.id})` : ''}`
            : 'AI was already running';
        entry = { ok: true, result: 'unchanged', outcome: `Checked at ${utcSecond(now)}: ${already}, before this request: nothing changed.` };
      } else {
        entry = {
          ok: false,
          result: 'not_applied',
          outcome: `Checked at ${utcSecond(now)}: ${pending.action === 'halt' ? 'not halted (AI running)' : 'still halted'}, and the server's event list shows no ${pending.action} since the request: the ${upper} had not taken effect by then.`,
        };
      }
    } else {
      return false;
    }
    const { occurredAt, ...fields } = entry;
    this.deps.journal.killSwitch(pending.incidentId ?? undefined, pending.text, { ...base, ...fields }, pending.titleIfNew, occurredAt);
    this.deps.monitor.settle(pending.profile, { action: pending.action, result: entry.result, outcome: entry.outcome, at: now });
    return true;
  }

  /** Events that could be the answer to a pending request (oldest first): its kind, new since it was sent, not journaled. */
  private candidates(pending: PendingOutcome, events: ApiEvent[]): ApiEvent[] {
    const sentAt = Date.parse(pending.sentAt);
    return [...events]
      .reverse()
      .filter(
        (event) =>
          event.event_type === pending.action &&
          !pending.knownBefore.has(event.id) &&
          !this.deps.journal.ledger.has(event.id) &&
          Date.parse(event.created_at) >= sentAt - CLOCK_SLACK_MS,
      );
  }

  /** Journals each event not journaled yet (oldest first) into the open incident it belongs to. */
  private observe(profile: string, events: ApiEvent[]): void {
    if ((this.inFlight.get(profile) ?? 0) > 0) return;
    const pending = this.pending.get(profile) ?? [];
    const newest = events[0];
    const now = this.deps.clock.now().toISOString();
    for (const event of [...events].reverse()) {
      if (this.deps.journal.ledger.has(event.id)) continue;
      // An unknown outcome's own event is recorded when it is settled, as "confirmed".
      if (pending.some((outcome) => this.candidates(outcome, [event]).length > 0)) continue;
      const inEffect = event === newest && event.event_type === 'halt';
      const incidentId = this.deps.journal.incidentForEvent(event.created_at, inEffect);
      if (!incidentId) continue;
      const what =
        event.event_type === 'halt'
          ? `halted by ${personText(event.triggered_by)} at ${utcSecond(event.created_at)}, reason "${event.reason}"`
          : `resumed (mode ${event.resume_mode ?? 'full'}) by ${personText(event.triggered_by)} at ${utcSecond(event.created_at)}`;
      this.deps.journal.observed(
        incidentId,
        event.reason,
        {
          action: event.event_type,
          profile,
          mode: event.resume_mode ?? undefined,
          httpStatus: 200,
          ok: true,
          result: 'observed',
          outcome: `Observed on the server: ${what} (server event ${event.id}).`,
          serverEventId: event.id,
          by: personText(event.triggered_by),
        },
        clampToNow(event.created_at, now),
      );
    }
  }
}

export function personText(person: { name: string; email: string } | null): string {
  if (!person) return 'an unknown user';
  return person.name ? `${person.name} <${person.email}>` : person.email;
}

/** The server's time as the journal stores it (ms), never later than the console's now. */
function clampToNow(serverTime: string, now: string): string {
  const at = Date.parse(serverTime);
  if (Number.isNaN(at)) return now;
  return new Date(Math.min(at, Date.parse(now))).toISOString();
}
