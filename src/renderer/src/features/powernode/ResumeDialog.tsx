import { useState } from 'react';
import { actionIncidentTitle } from '../../../../shared/action-incident-title';
import type { ResumeMode } from '../../../../shared/powernode-schemas';
import { useClient } from '../../api/client-context';
import { Dialog } from '../../ui/Dialog';
import { formatDuration } from '../../format/time';
import { useConsoleNow } from '../../state/console-clock';
import { ActionOutcome } from './ActionOutcome';
import { clockTime, freshnessOf } from './kill-switch-freshness';
import { ServerNow } from './KillSwitchTruth';
import { useKillSwitchAction } from './use-kill-switch-action';
import { useKillSwitchStates } from './kill-switch-store';

/**
 * Resume: the operator's remediation summary (kept in the journal; the server takes only the
 * mode). Like HALT, it shows the server's current state beside the button, opens an incident
 * when none is open, and keeps an unknown or "nothing changed" answer on screen until settled.
 */
export function ResumeDialog({ open, onClose, profile }: { open: boolean; onClose: () => void; profile: string }) {
  const client = useClient();
  const { states } = useKillSwitchStates();
  const now = useConsoleNow();
  const [summary, setSummary] = useState('');
  const [mode, setMode] = useState<ResumeMode>('full');
  const state = states.find((candidate) => candidate.profile === profile);
  const fresh = state ? freshnessOf(state, now) : undefined;
  const rateLimited = fresh?.rateLimitLeftMs != null;
  const summaryOk = summary.trim().length >= 5;
  const close = () => {
    setSummary('');
    resume.reset();
    onClose();
  };
  const resume = useKillSwitchAction(
    profile,
    actionIncidentTitle('resume', profile, `${mode} mode`),
    (incidentId) => client.call('killSwitch.resume', { profile, summary: summary.trim(), mode, incidentId, despiteRateLimit: rateLimited || undefined }),
    close,
  );
  const { busy, error, answered, checkError, after } = resume;

  return (
    <Dialog
      open={open}
      title={`Resume AI activity on ${profile}`}
      onClose={close}
      footer={
        <>
          {after && (
            <button type="button" className="button" onClick={() => void resume.checkStatus()} disabled={busy}>
              Check status
            </button>
          )}
          <button type="button" className="button" onClick={close} disabled={busy}>
            {answered ? 'Close' : 'Cancel'}
          </button>
          {!(answered && state?.state === 'running' && !state.pending) && (
            <button type="button" className="button primary" onClick={() => void resume.submit()} disabled={busy || !summaryOk}>
              {busy ? 'Resuming…' : `${after ? 'Resume again' : 'Resume'} (${mode})${rateLimited ? ' anyway' : ''}`}
            </button>
          )}
        </>
      }
    >
      <label className="field">
        <span>Remediation summary (required, kept in the journal)</span>
        <textarea
          aria-label="Remediation summary"
          rows={3}
          value={summary}
          placeholder="What was fixed, and why it is safe to resume"
          onChange={(event) => setSummary(event.target.value)}
        />
      </label>
      <fieldset className="ks-modes">
        <legend>Mode</legend>
        <label>
          <input type="radio" name="resume-mode" checked={mode === 'full'} onChange={() => setMode('full')} /> Full: restore the
          snapshot taken at the halt (agents, loops, schedules)
        </label>
        <label>
          <input type="radio" name="resume-mode" checked={mode === 'minimal'} onChange={() => setMode('minimal')} /> Minimal: lift the
          halt with the server's minimal restore
        </label>
      </fieldset>
      {resume.willOpenIncident && (
        <p className="pn-info">No incident is open: Resume first opens the incident “{actionIncidentTitle('resume', profile, `${mode} mode`)}” and journals into it.</p>
      )}
      {state && !answered && <ServerNow state={state} compact />}
      {rateLimited && state?.retryAfter && !after && (
        <p className="pn-warning" role="status">
          Powernode asked this console to wait (429) until {clockTime(state.retryAfter)}, {formatDuration(fresh!.rateLimitLeftMs!)} from now; “Resume anyway” sends it now.
        </p>
      )}
      {answered && <ActionOutcome action="resume" answered={answered} state={state} />}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {checkError && (
        <p className="error-text" role="alert">
          {checkError}
        </p>
      )}
    </Dialog>
  );
}
