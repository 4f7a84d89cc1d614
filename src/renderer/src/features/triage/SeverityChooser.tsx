import { useEffect, useState } from 'react';
import { Severity } from '../../../../shared/model';
import type { Runbook } from '../../../../shared/runbook';
import { compareSeverity, isDowngrade, isUpgrade } from '../../../../shared/triage';
import { useClient } from '../../api/client-context';
import type { TriageChoice } from '../../../../shared/triage';
import { errorMessage } from '../../../../shared/errors';
import { ErrorText } from '../../ui/ErrorText';

/**
 * Picks the severity to journal. The triage suggestion is preselected; going lower than it is an
 * under-call and asks for a reason, as does any change once a severity is set (up or down).
 */
export function SeverityChooser({
  runbook,
  incidentId,
  current,
  suggested,
  answers,
  onDone,
}: {
  runbook: Runbook;
  incidentId: string;
  current: Severity | null;
  /** Set when choosing from a finished triage. */
  suggested?: Severity;
  answers?: TriageChoice[];
  onDone?: () => void;
}) {
  const client = useClient();
  const [choice, setChoice] = useState<Severity>(suggested ?? current ?? 'SEV2');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setChoice(suggested ?? current ?? 'SEV2'), [suggested, current]);

  const underCall = suggested !== undefined && compareSeverity(choice, suggested) < 0;
  const downgrade = isDowngrade(current, choice);
  const change = current !== null && choice !== current;
  const needsReason = underCall || change;
  const unchanged = choice === current;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await client.call('triage.setSeverity', { incidentId, severity: choice, reason, answers });
      setReason('');
      onDone?.();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="severity-chooser">
      <div className="sev-options" role="radiogroup" aria-label="Severity">
        {Severity.options.map((level) => {
          const row = runbook.severities.find((candidate) => candidate.id === level);
          return (
            <label key={level} className={`sev-option sev-${level.toLowerCase()}${choice === level ? ' chosen' : ''}`}>
              <input type="radio" name={`severity-${incidentId}`} value={level} checked={choice === level} onChange={() => setChoice(level)} />
              <strong>
                {level}
                {level === suggested && <span className="suggested-tag"> suggested</span>}
                {level === current && <span className="suggested-tag"> current</span>}
              </strong>
              <span className="muted">{row?.definition}</span>
            </label>
          );
        })}
      </div>
      {underCall && (
        <p className="rule-banner warning" role="alert" data-testid="under-call-warning">
          Triage suggested {suggested}; {choice} is an under-call. {runbook.rules.severityChanges} {runbook.rules.unsure}
        </p>
      )}
      {downgrade && !underCall && <p className="muted">{runbook.rules.severityChanges} Say why it is lower now.</p>}
      {isUpgrade(current, choice) && (
        <p className="rule-banner warning" role="note">
          {runbook.rules.severityChanges} Upgrading now means the first call was too low: say what changed, and call high next time (
          {runbook.rules.unsure.toLowerCase()}).
        </p>
      )}
      {needsReason && (
        <label className="field">
          <span>{downgrade ? 'Why downgrade?' : underCall ? 'Why lower than suggested?' : 'Why upgrade?'}</span>
          <input type="text" value={reason} onChange={(event) => setReason(event.target.value)} placeholder="One sentence for the journal" />
        </label>
      )}
      <ErrorText error={error} />
      <div>
        <button
          type="button"
          className="button primary"
          data-testid="set-severity"
          disabled={busy || unchanged || (needsReason && !reason.trim())}
          onClick={() => void submit()}
        >
          {current === null ? `Declare ${choice}` : `Change to ${choice}`}
        </button>
      </div>
    </div>
  );
}
