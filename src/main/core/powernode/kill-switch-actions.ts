import type { z } from 'zod';
import { actionIncidentTitle } from '../../../shared/action-incident-title';
import type { EntryData } from '../../../shared/model';
import type { Impact, KillSwitchAction, KillSwitchActionResult, KillSwitchState, Profile, ResumeMode } from '../../../shared/powernode-schemas';
import { ConsoleError, errorMessage } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { Handlers } from '../handlers';
import type { PowernodeHttp } from './http-client';
import type { KillSwitchMonitor } from './kill-switch-monitor';
import { personText, type KillSwitchReconciler } from './kill-switch-reconciler';
import * as api from './powernode-api';
import { httpStatusOf, mayHaveActed, PowernodeError } from './powernode-error';
import type { JournalOutcome, PowernodeJournal } from './powernode-journal';
import type { SessionManager } from './session-manager';
import { utcSecond } from './time-text';

export interface KillSwitchActionsDeps {
  clock: Clock;
  profileNamed: (name: string) => Profile;
  httpFor: (profile: Profile) => PowernodeHttp;
  sessions: SessionManager;
  monitor: KillSwitchMonitor;
  reconciler: KillSwitchReconciler;
  journal: PowernodeJournal;
}

interface ActionRequest {
  action: KillSwitchAction;
  profile: string;
  /** The operator's words: the halt reason, or the remediation summary of a resume. */
  text: string;
  mode?: ResumeMode;
  incidentId?: string;
  despiteRateLimit?: boolean;
}

type ActionResult = z.input<typeof KillSwitchActionResult>;

/**
 * Halt and resume, told truthfully. Each answer falls in one of four cases, journaled as such:
 * - changed (200 with its event): done, recorded with the server's event id;
 * - unchanged (409): information, "already halted by X since T: nothing changed" (no milestone);
 * - unknown (the request may have reached the server: timeout after sending, hang-up, 5xx, an
 *   unreadable 2xx): "HALT sent, outcome unknown", the chip says "confirming…" at once and the
 *   status is read right away; the reconciler settles it from the status and the event list;
 * - refused before acting (401, 403, 429, connection refused…): "not carried out", thrown.
 * Nothing is ever retried behind the operator's back.
 */
export function createKillSwitchActions(deps: KillSwitchActionsDeps): Handlers<'killSwitch.halt' | 'killSwitch.resume'> {
  async function run(request: ActionRequest): Promise<ActionResult> {
    const { action, profile: profileName, text, mode } = request;
    const profile = deps.profileNamed(profileName);
    const http = deps.httpFor(profile);
    const upper = action.toUpperCase();
    const titleIfNew = actionIncidentTitle(action, profileName, action === 'halt' ? text : `${mode ?? 'full'} mode`);
    const base = { action, profile: profileName, mode: action === 'resume' ? mode : undefined };
    const write = (data: Omit<EntryData<'killswitch_call'>, 'action' | 'profile' | 'mode'>): JournalOutcome =>
      deps.journal.killSwitch(request.incidentId, text, { ...base, ...data }, titleIfNew);

    const sentAt = deps.clock.now().toISOString();
    const flight = deps.reconciler.beginAction(profileName);
    let requestFailure: unknown;
    let change: api.StateChange;
    try {
      change = await deps.sessions.withToken(
        profileName,
        async (token) => {
          try {
            return action === 'halt'
              ? await api.halt(http, token, text, request.despiteRateLimit)
              : await api.resume(http, token, mode ?? 'full', request.despiteRateLimit);
          } catch (error) {
            requestFailure = error;
            throw error;
          }
        },
        { despiteRateLimit: request.despiteRateLimit },
      );
    } catch (error) {
      const problem = errorMessage(error);
      if (error === requestFailure && mayHaveActed(error)) {
        const outcome = `${upper} sent, outcome unknown: ${problem} Confirming with the server's status and event list…`;
        const logged = write({ httpStatus: httpStatusOf(error), ok: false, result: 'unknown', outcome });
        deps.reconciler.addPending({
          action,
          profile: profileName,
          mode: base.mode,
          text,
          entryId: logged.entryId,
          incidentId: logged.incidentId,
          titleIfNew,
          sentAt,
          knownBefore: flight.knownBefore,
        });
        deps.monitor.markPending(profileName, { action, sentAt, problem });
        flight.done();
        // Settle now: outside the poll's back-off, within the rate limit (check() honours a 429 window).
        void deps.monitor.check(profileName, { readEvents: true });
        return {
          state: deps.monitor.current(profileName),
          result: 'unknown',
          alreadyInState: false,
          outcome: withProblem(outcome, logged.problem),
          incidentId: logged.incidentId,
        };
      }
      const logged = write({ httpStatus: httpStatusOf(error), ok: false, result: 'refused', outcome: `${upper} not carried out: ${problem}` });
      flight.done();
      void deps.monitor.check(profileName);
      throw withJournalNote(error, logged.problem);
    }

    flight.done();
    if (change.kind === 'already') {
      const state = await deps.monitor.check(profileName, { readEvents: true });
      const outcome = `${alreadyText(action, state, deps.reconciler)}: nothing changed (409: ${change.message}).`;
      const logged = write({ httpStatus: 409, ok: true, result: 'unchanged', outcome });
      return { state, result: 'unchanged', alreadyInState: true, outcome: withProblem(outcome, logged.problem), incidentId: logged.incidentId };
    }
    const event = change.data.event;
    const outcome =
      action === 'halt'
        ? `Halted: all AI activity on ${profileName} suspended by ${personText(event.triggered_by)} at ${utcSecond(event.created_at)} (server event ${event.id}).${impactText(event.impact)}`
        : `Resumed (mode ${event.resume_mode ?? mode}) on ${profileName} by ${personText(event.triggered_by)} at ${utcSecond(event.created_at)} (server event ${event.id}).`;
    const logged = write({ httpStatus: change.httpStatus, ok: true, result: 'changed', outcome, serverEventId: event.id, by: personText(event.triggered_by) });
    const state = deps.monitor.apply(profileName, change.data.kill_switch_status);
    // After every halt or resume the server's history is read: changes made elsewhere meanwhile are journaled too.
    void deps.reconciler.refresh(profileName);
    return { state, result: 'changed', alreadyInState: false, outcome: withProblem(outcome, logged.problem), incidentId: logged.incidentId };
  }

  // Both handlers are `run`; they differ only in what the operator's words are called.
  return {
    'killSwitch.halt': ({ reason, ...request }) => run({ action: 'halt', text: reason, ...request }),
    'killSwitch.resume': ({ summary, ...request }) => run({ action: 'resume', text: summary, ...request }),
  };
}

/** "Already halted by X since T", from the status read after the 409 (or as much as is known). */
function alreadyText(action: KillSwitchAction, state: KillSwitchState, reconciler: KillSwitchReconciler): string {
  if (action === 'halt') {
    if (state.state !== 'halted') return 'Already halted';
    const by = state.haltedBy ? ` by ${personText(state.haltedBy)}` : '';
    const since = state.since ? ` since ${utcSecond(state.since)}` : '';
    return `Already halted${by}${since}`;
  }
  const resumed = reconciler.latestEvent(state.profile, 'resume');
  const since = state.state === 'running' && resumed ? ` since ${utcSecond(resumed.created_at)} (resumed by ${personText(resumed.triggered_by)})` : '';
  return `Not halted: AI already running${since}`;
}

function impactText(impact: Impact | null | undefined): string {
  if (!impact) return '';
  return ` Impact: ${impact.cancelledExecutions} executions and ${impact.cancelledTasks} tasks cancelled, ${impact.pausedLoops} loops paused, ${impact.demotedAgents} agents demoted.`;
}

function withProblem(outcome: string, problem: string | null): string {
  return problem ? `${outcome} (${problem})` : outcome;
}

/** The failure with what went wrong in the journal added, whatever failed (a journal note is never dropped). */
export function withJournalNote(error: unknown, problem: string | null): unknown {
  if (!problem) return error;
  if (error instanceof PowernodeError) return error.withMessage(withProblem(error.message, problem));
  const failure = ConsoleError.from(error);
  return new ConsoleError(failure.code, withProblem(failure.message, problem), failure.issues);
}
