import { useState } from 'react';
import type { ResumeMode } from '../../../shared/powernode-schemas';
import { call } from '../api/client';
import { useAction } from '../api/use-action';
import { Dialog } from '../components/Dialog';
import { useCurrentIncident } from '../state/current-incident';

/** Resume: the operator's remediation summary (kept in the journal; the server takes only the mode). */
export function ResumeDialog({ open, onClose, profile }: { open: boolean; onClose: () => void; profile: string }) {
  const { incidentId, setIncidentId } = useCurrentIncident();
  const [summary, setSummary] = useState('');
  const [mode, setMode] = useState<ResumeMode>('full');
  const summaryOk = summary.trim().length >= 5;

  const resume = useAction(async () => {
    const result = await call('killSwitch.resume', { profile, summary: summary.trim(), mode, incidentId });
    if (result.incidentId && result.incidentId !== incidentId) setIncidentId(result.incidentId);
  });
  const { busy, error } = resume;

  const close = () => {
    setSummary('');
    resume.clearError();
    onClose();
  };
  const submit = async () => {
    if (await resume.run()) close();
  };

  return (
    <Dialog
      open={open}
      title={`Resume AI activity on ${profile}`}
      onClose={close}
      footer={
        <>
          <button type="button" className="button" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="button primary" onClick={() => void submit()} disabled={busy || !summaryOk}>
            {busy ? 'Resuming…' : `Resume (${mode})`}
          </button>
        </>
      }
    >
      <label className="field">
        <span>Remediation summary (required, kept in the journal)</span>
        <textarea
          aria-label="Remediation summary"
          rows={3}
          value={summary}
          autoFocus
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
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
