import { useState } from 'react';
import { actionIncidentTitle } from '../../../../shared/action-incident-title';
import type { ResumeMode } from '../../../../shared/powernode-schemas';
import { useClient } from '../../api/client-context';
import { formatDuration } from '../../format/time';
import { clockTime } from './kill-switch-freshness';
import { KillSwitchActionDialog } from './KillSwitchActionDialog';
import { useKillSwitchStates } from './kill-switch-store';
import { ServerNow } from './KillSwitchTruth';

/**
 * Resume: the operator's remediation summary (kept in the journal; the server takes only the
 * mode). Like HALT, it shows the server's current state beside the button, opens an incident
 * when none is open, and keeps an unknown or "nothing changed" answer on screen until settled.
 */
export function ResumeDialog({ open, onClose, profile }: { open: boolean; onClose: () => void; profile: string }) {
  const client = useClient();
  const { states } = useKillSwitchStates();
  const [summary, setSummary] = useState('');
  const [mode, setMode] = useState<ResumeMode>('full');
  const state = states.find((candidate) => candidate.profile === profile);

  return (
    <KillSwitchActionDialog
      action="resume"
      title={`Resume AI activity on ${profile}`}
      open={open}
      onClose={onClose}
      profile={profile}
      state={state}
      incidentTitle={actionIncidentTitle('resume', profile, `${mode} mode`)}
      send={(incidentId, despiteRateLimit) => client.call('killSwitch.resume', { profile, summary: summary.trim(), mode, incidentId, despiteRateLimit })}
      onReset={() => setSummary('')}
      canSubmit={summary.trim().length >= 5}
      submitLabel={({ busy, after, rateLimited }) => (busy ? 'Resuming…' : `${after ? 'Resume again' : 'Resume'} (${mode})${rateLimited ? ' anyway' : ''}`)}
      submitClassName="button primary"
    >
      {({ answered, after, fresh, rateLimited, willOpenIncident }) => (
        <>
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
              <input type="radio" name="resume-mode" checked={mode === 'full'} onChange={() => setMode('full')} /> Full: restore the snapshot taken at the halt
              (agents, loops, schedules)
            </label>
            <label>
              <input type="radio" name="resume-mode" checked={mode === 'minimal'} onChange={() => setMode('minimal')} /> Minimal: lift the halt with the
              server's minimal restore
            </label>
          </fieldset>
          {willOpenIncident && (
            <p className="pn-info">
              No incident is open: Resume first opens the incident “{actionIncidentTitle('resume', profile, `${mode} mode`)}” and journals into it.
            </p>
          )}
          {state && !answered && <ServerNow state={state} compact />}
          {rateLimited && state?.retryAfter && !after && (
            <p className="pn-warning" role="status">
              Powernode asked this console to wait (429) until {clockTime(state.retryAfter)}, {formatDuration(fresh!.rateLimitLeftMs!)} from now; “Resume
              anyway” sends it now.
            </p>
          )}
        </>
      )}
    </KillSwitchActionDialog>
  );
}
