import { useEffect, useMemo, useState } from 'react';
import { sectionById, type Runbook } from '../../../../shared/runbook';
import { walkTriage, type TriageChoice } from '../../../../shared/triage';
import type { SeverityStatus } from '../../../../shared/triage-schemas';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { Panel } from '../../ui/Panel';
import { Checklists } from './Checklists';
import { RunbookSource } from './RunbookSource';
import { SeverityChooser } from './SeverityChooser';
import { SeverityPanel } from './SeverityPanel';
import { TriageFlow } from './TriageFlow';
import { useConsoleNow } from '../../state/console-clock';
import { useCurrentIncident } from '../../state/current-incident';
import { useTriageDraft } from './triage-draft';
import { useRunbook, useSeverityStatus } from './triage-store';
import './triage.css';
import { ErrorText } from '../../ui/ErrorText';

/** Guided triage: the runbook's decision tree, the severity it justifies, and the sections to work. */
export function TriageView() {
  const { incidentId } = useCurrentIncident();
  const { info, error: runbookError } = useRunbook();
  const { status, error: statusError } = useSeverityStatus(incidentId);
  const now = useConsoleNow();

  return (
    <div className="view triage-view">
      <h1 className="view-title">Triage</h1>
      <ErrorText error={runbookError} />
      <ErrorText error={statusError} />
      {!incidentId && <NoIncident />}
      {info && incidentId && status && (
        <>
          <div className="triage-columns">
            <TriagePanel key={incidentId} runbook={info.runbook} runbookLoadedAt={info.loadedAt} incidentId={incidentId} status={status} />
            <SeverityPanel runbook={info.runbook} incidentId={incidentId} status={status} now={now} />
          </div>
          <Checklists runbook={info.runbook} incidentId={incidentId} status={status} />
        </>
      )}
      {info && <RunbookSource info={info} />}
    </div>
  );
}

function TriagePanel({
  runbook,
  runbookLoadedAt,
  incidentId,
  status,
}: {
  runbook: Runbook;
  runbookLoadedAt: string;
  incidentId: string;
  status: SeverityStatus;
}) {
  // Kept above the screens: moving to another screen and back finds the answers where they were.
  const { choices, again, draft } = useTriageDraft(incidentId);
  const setChoices = (next: TriageChoice[]) => draft.set({ choices: next });
  const setAgain = (value: boolean) => draft.set({ again: value });
  // Another runbook loaded since the answers were given may not have the same questions: start over.
  useEffect(() => draft.follow(runbookLoadedAt), [runbookLoadedAt, draft]);
  const walk = useMemo(() => {
    try {
      return walkTriage(runbook, choices);
    } catch {
      return walkTriage(runbook, []);
    }
  }, [runbook, choices]);

  if (status.triage && !again && choices.length === 0) {
    return (
      <Panel
        title="Triage"
        actions={
          <button type="button" className="button" onClick={() => setAgain(true)}>
            Triage again
          </button>
        }
      >
        <ol className="triage-path" aria-label="Triage path journaled">
          {status.triage.path.map((step) => (
            <li key={step.questionId}>
              <span className="muted">{step.question}</span>
              <strong>{step.answer}</strong>
            </li>
          ))}
        </ol>
        <p>
          Suggested <strong>{status.triage.suggested}</strong>; sections:{' '}
          {status.triage.sections.map((id) => sectionById(runbook, id)?.title ?? id).join(' → ')}
        </p>
      </Panel>
    );
  }

  const done = !walk.next && walk.suggested !== undefined;
  return (
    <Panel
      title="Triage"
      actions={
        choices.length > 0 && (
          <button type="button" className="button" onClick={() => setChoices([])}>
            Start over
          </button>
        )
      }
    >
      <TriageFlow runbook={runbook} walk={walk} choices={choices} onChange={setChoices} />
      {done && (
        <div className="triage-outcome" data-testid="triage-outcome">
          <p className="outcome-severity">
            Suggested severity:{' '}
            <strong className={`sev-text sev-${walk.suggested!.toLowerCase()}`} data-testid="suggested-severity">
              {walk.suggested}
            </strong>
            {walk.unsure && <span className="muted"> — escalated: {runbook.rules.unsure}</span>}
          </p>
          <ol className="outcome-sections" aria-label="Sections to work, in order" data-testid="outcome-sections">
            {walk.sections.map((id) => (
              <li key={id} className={`category-${sectionById(runbook, id)?.category ?? ''}`}>
                <a href={`#section-${id}`}>{sectionById(runbook, id)?.title ?? id}</a>
              </li>
            ))}
          </ol>
          <SeverityChooser
            runbook={runbook}
            incidentId={incidentId}
            current={status.current}
            suggested={walk.suggested}
            answers={choices}
            onDone={() => draft.reset()}
          />
        </div>
      )}
    </Panel>
  );
}

/** Triage needs an incident to journal into; opening one here saves a trip when the page just fired. */
function NoIncident() {
  const client = useClient();
  const { setIncidentId } = useCurrentIncident();
  const [title, setTitle] = useState('');
  const [detectedBy, setDetectedBy] = useState('alert');
  const [error, setError] = useState<string>();
  const open = async () => {
    try {
      const incident = await client.call('incidents.create', { title, detectedBy });
      setIncidentId(incident.id);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <Panel title="No incident selected">
      <p className="muted">Pick an incident in the top bar, or open one now.</p>
      <form
        className="open-incident"
        onSubmit={(event) => {
          event.preventDefault();
          void open();
        }}
      >
        <input
          type="text"
          aria-label="Incident title"
          placeholder="What is happening, in a few words"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <input type="text" aria-label="Detected by" value={detectedBy} onChange={(event) => setDetectedBy(event.target.value)} />
        <button type="submit" className="button primary" disabled={!title.trim()}>
          Open incident
        </button>
      </form>
      <ErrorText error={error} />
    </Panel>
  );
}
