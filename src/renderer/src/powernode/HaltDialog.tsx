import { useState } from 'react';
import type { KillSwitchState } from '../../../shared/powernode-schemas';
import { call } from '../api/client';
import { useAction } from '../api/use-action';
import { Dialog } from '../components/Dialog';
import { useCurrentIncident } from '../state/current-incident';
import { useNavigation } from '../state/navigation';

/** HALT: a required one-sentence reason, the target profile, and an explicit confirm. */
export function HaltDialog({ open, onClose, connected }: { open: boolean; onClose: () => void; connected: KillSwitchState[] }) {
  const { incidentId, setIncidentId } = useCurrentIncident();
  const navigation = useNavigation();
  const [profile, setProfile] = useState('');
  const [reason, setReason] = useState('');
  const target = profile || connected[0]?.profile || '';
  const reasonOk = reason.trim().length >= 5;

  const halt = useAction(async () => {
    const result = await call('killSwitch.halt', { profile: target, reason: reason.trim(), incidentId });
    if (result.incidentId && result.incidentId !== incidentId) setIncidentId(result.incidentId);
  });
  const { busy, error } = halt;

  const close = () => {
    setReason('');
    halt.clearError();
    onClose();
  };
  const submit = async () => {
    if (await halt.run()) close();
  };

  return (
    <Dialog
      open={open}
      title="HALT all AI activity"
      tone="danger"
      onClose={close}
      footer={
        <>
          <button type="button" className="button" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={() => void submit()} disabled={busy || !reasonOk || !target}>
            {busy ? 'Halting…' : `HALT ${target}`}
          </button>
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
              <select value={target} onChange={(event) => setProfile(event.target.value)} aria-label="Environment">
                {connected.map((state) => (
                  <option key={state.profile} value={state.profile}>
                    {state.profile}
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
              autoFocus
              placeholder="e.g. Agents are sending duplicate refunds to customers"
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
        </>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
