import type { KillSwitchState } from '../../../../shared/powernode-schemas';
import { DateTime } from '../../ui/DateTime';
import { formatDuration } from '../../format/time';
import { useConsoleNow } from '../../state/console-clock';
import { agoText } from '../../format/age';
import { clockTime, freshnessOf } from './kill-switch-freshness';
import { personLabel } from './person-label';

/**
 * One environment's kill switch as the server last confirmed it, with its age ticking: the
 * "current truth" shown on the chip, beside the halt and resume buttons and in their dialogs.
 * It says when an outcome is being confirmed, when the status has gone stale (past two poll
 * intervals) and when a 429 lets nothing out (until a clock time, counting down). `compact`
 * leaves out the reason, the problem and the 429 badge (a dialog says those in full).
 */
export function KillSwitchTruth({ state, compact = false, withProfile = false }: { state: KillSwitchState; compact?: boolean; withProfile?: boolean }) {
  const now = useConsoleNow();
  const fresh = freshnessOf(state, now);
  const shown = state.state === 'unknown' ? state.lastKnown : state.state === 'not_connected' ? null : state.state;
  const profile = withProfile ? `${state.profile}: ` : '';
  return (
    <span className="ks-truth" data-testid="killswitch-truth">
      <strong className={`ks-word ks-word-${kindOf(state)}`} data-testid={state.pending ? 'killswitch-pending' : undefined}>
        {profile}
        {state.pending ? `${state.pending.action} sent, confirming…` : WORDS[state.state]}
      </strong>
      {(state.pending || state.state === 'unknown') && shown && (
        <span className="ks-last-known">
          last confirmed: <strong>{shown === 'halted' ? 'HALTED' : 'running'}</strong>
        </span>
      )}
      {shown === 'halted' && (
        <span>
          {state.since && (
            <>
              since <DateTime iso={state.since} />{' '}
            </>
          )}
          halted by {personLabel(state.haltedBy)}
        </span>
      )}
      {shown === 'halted' && state.reason && !compact && <span className="ks-reason">“{state.reason}”</span>}
      {fresh.ageMs !== null && (
        <span className={fresh.stale ? 'ks-age ks-stale' : 'ks-age muted'} data-testid="killswitch-age" title={state.checkedAt ?? undefined}>
          {fresh.stale ? '⚠ not confirmed for ' : 'checked '}
          {fresh.stale ? agoText(fresh.ageMs).replace(' ago', '') : agoText(fresh.ageMs)}
        </span>
      )}
      {fresh.rateLimitLeftMs !== null && state.retryAfter && !compact && (
        <span className="ks-rate-limit" data-testid="killswitch-rate-limit" role="timer">
          429: no request before {clockTime(state.retryAfter)} ({formatDuration(fresh.rateLimitLeftMs)} left)
        </span>
      )}
      {state.pending && !compact && <span className="ks-problem">{state.pending.problem}</span>}
      {!state.pending && state.state === 'unknown' && state.problem && !compact && fresh.rateLimitLeftMs === null && (
        <span className="ks-problem">{state.problem}</span>
      )}
    </span>
  );
}

/** "Now, per the server: …": the truth shown beside the halt and resume buttons. */
export function ServerNow({ state, compact = false }: { state: KillSwitchState; compact?: boolean }) {
  return (
    <p className="ks-now">
      <span className="muted">Now, per the server: </span>
      <KillSwitchTruth state={state} compact={compact} />
    </p>
  );
}

const WORDS: Record<KillSwitchState['state'], string> = { halted: 'HALTED', running: 'AI running', unknown: 'state unknown', not_connected: 'not connected' };

/** What the chip's colour says: pending and unknown are warnings, never "failed". */
export function kindOf(state: KillSwitchState): 'pending' | 'halted' | 'running' | 'unknown' | 'not_connected' {
  return state.pending ? 'pending' : state.state;
}
