import { useState } from 'react';
import { actionIncidentTitle } from '../../../../shared/action-incident-title';
import type { KillSwitchState } from '../../../../shared/powernode-schemas';
import { useClient } from '../../api/client-context';
import { Dialog } from '../../ui/Dialog';
import { formatDuration } from '../../format/time';
import { useConsoleNow } from '../../state/console-clock';
import { useNavigation } from '../../state/navigation';
import { ActionOutcome } from './ActionOutcome';
import { agoText, clockTime, freshnessOf } from './kill-switch-freshness';
import { ServerNow } from './KillSwitchTruth';
import { useKillSwitchAction } from './use-kill-switch-action';

/**
 * HALT: a required one-sentence reason, the target profile, and an explicit confirm. The current
 * truth stands beside the button (with a warning when it is stale or a 429 window lasts); the
 * button itself is never disabled by the console's back-off. With no incident open, the first
 * attempt opens one. Once answered: done closes; "nothing changed" and an unknown outcome stay
 * open, offering "Check status" and "HALT again" beside the server's state (no "HALT again"
 * once the server shows the platform halted).
 */
export function HaltDialog({ open, onClose, connected }: { open: boolean; onClose: () => void; connected: KillSwitchState[] }) {
  const client = useClient();
  const navigation = useNavigation();
  const now = useConsoleNow();
  const [profile, setProfile] = useState('');
  const [reason, setReason] = useState('');
  const target = profile || connected[0]?.profile || '';
  const state = connected.find((candidate) => candidate.profile === target);
  const fresh = state ? freshnessOf(state, now) : undefined;
  const rateLimited = fresh?.rateLimitLeftMs != null;
  const reasonOk = reason.trim().length >= 5;
  const close = () => {
    setReason('');
    halt.reset();
    onClose();
  };
  const halt = useKillSwitchAction(
    target,
    actionIncidentTitle('halt', target, reason),
    (incidentId) => client.call('killSwitch.halt', { profile: target, reason: reason.trim(), incidentId, despiteRateLimit: rateLimited || undefined }),
    close,
  );
  const { busy, error, answered, checkError, after } = halt;

  return (
    <Dialog
      open={open}
      title="HALT all AI activity"
      tone="danger"
      onClose={close}
      footer={
        <>
          {after && state && (
            <button type="button" className="button" onClick={() => void halt.checkStatus()} disabled={busy}>
              Check status
            </button>
          )}
          <button type="button" className="button" onClick={close} disabled={busy}>
            {answered ? 'Close' : 'Cancel'}
          </button>
          {!(answered && state?.state === 'halted' && !state.pending) && (
            <button type="button" className="button danger" onClick={() => void halt.submit()} disabled={busy || !reasonOk || !target}>
              {busy ? 'Halting…' : `${after ? 'HALT again: ' : 'HALT '}${target}${rateLimited ? ' anyway' : ''}`}
            </button>
          )}
        </>
      }
    >
      {connected.length === 0 ? (
        <>
          <p className="error-text">Not connected to any Powernode: there is nothing to halt from here yet.</p>
          <p>
            <button
              type="button"
              className="button primary"
              onClick={() => {
                close();
                navigation.navigate('powernode');
              }}
            >
              Log in on the Powernode screen
            </button>
          </p>
        </>
      ) : (
        <>
          <p>
            Suspends every AI agent, loop and schedule on <strong>{target}</strong>, cancels running executions and demotes trust
            tiers. It is journaled with your reason.
          </p>
          {connected.length > 1 && (
            <label className="field">
              <span>Environment</span>
              <select value={target} onChange={(event) => setProfile(event.target.value)} aria-label="Environment" disabled={busy}>
                {connected.map((candidate) => (
                  <option key={candidate.profile} value={candidate.profile}>
                    {candidate.profile}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>Reason (one sentence, required)</span>
            <input
              type="text"
              aria-label="Reason"
              value={reason}
              maxLength={300}
              placeholder="e.g. Agents are sending duplicate refunds to customers"
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
          {halt.willOpenIncident && (
            <p className="pn-info" data-testid="halt-opens-incident">
              No incident is open: HALT first opens the incident “{actionIncidentTitle('halt', target, reason || '…')}” and journals into it.
            </p>
          )}
          {state && !after && <ServerNow state={state} compact />}
          {fresh?.stale && fresh.ageMs !== null && !after && (
            <p className="pn-warning" role="status">
              The server has not confirmed this state for {agoText(fresh.ageMs).replace(' ago', '')}: it may have changed. You can still halt.
            </p>
          )}
          {rateLimited && state?.retryAfter && !after && (
            <p className="pn-warning" role="status" data-testid="halt-rate-limited">
              Powernode asked this console to wait (429) until {clockTime(state.retryAfter)}, {formatDuration(fresh!.rateLimitLeftMs!)} from now. “HALT {target}{' '}
              anyway” sends it now; the server may refuse it with 429 again.
            </p>
          )}
          {answered && <ActionOutcome action="halt" answered={answered} state={state} />}
        </>
      )}
      {error && (
        <>
          <p className="error-text" role="alert">
            {error}
          </p>
          {state && <ServerNow state={state} />}
        </>
      )}
      {checkError && (
        <p className="error-text" role="alert">
          {checkError}
        </p>
      )}
    </Dialog>
  );
}
