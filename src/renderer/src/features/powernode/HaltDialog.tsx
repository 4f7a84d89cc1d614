import { useState } from 'react';
import { actionIncidentTitle } from '../../../../shared/action-incident-title';
import type { KillSwitchState } from '../../../../shared/powernode-schemas';
import { useClient } from '../../api/client-context';
import { formatDuration } from '../../format/time';
import { useNavigation } from '../../state/navigation';
import { agoText } from '../../format/age';
import { clockTime } from './kill-switch-freshness';
import { KillSwitchActionDialog } from './KillSwitchActionDialog';
import { ServerNow } from './KillSwitchTruth';

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
  const [profile, setProfile] = useState('');
  const [reason, setReason] = useState('');
  const target = profile || connected[0]?.profile || '';
  const state = connected.find((candidate) => candidate.profile === target);

  return (
    <KillSwitchActionDialog
      action="halt"
      title="HALT all AI activity"
      tone="danger"
      open={open}
      onClose={onClose}
      profile={target}
      state={state}
      incidentTitle={actionIncidentTitle('halt', target, reason)}
      send={(incidentId, despiteRateLimit) => client.call('killSwitch.halt', { profile: target, reason: reason.trim(), incidentId, despiteRateLimit })}
      onReset={() => setReason('')}
      canSubmit={reason.trim().length >= 5 && target !== ''}
      submitLabel={({ busy, after, rateLimited }) => (busy ? 'Halting…' : `${after ? 'HALT again: ' : 'HALT '}${target}${rateLimited ? ' anyway' : ''}`)}
      submitClassName="button danger"
      stateWithError
    >
      {({ busy, after, fresh, rateLimited, willOpenIncident, close }) =>
        connected.length === 0 ? (
          <>
            <p className="error-text" role="alert">
              Not connected to any Powernode: there is nothing to halt from here yet.
            </p>
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
              Suspends every AI agent, loop and schedule on <strong>{target}</strong>, cancels running executions and demotes trust tiers. It is journaled with
              your reason.
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
            {willOpenIncident && (
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
                Powernode asked this console to wait (429) until {clockTime(state.retryAfter)}, {formatDuration(fresh!.rateLimitLeftMs!)} from now. “HALT{' '}
                {target} anyway” sends it now; the server may refuse it with 429 again.
              </p>
            )}
          </>
        )
      }
    </KillSwitchActionDialog>
  );
}
