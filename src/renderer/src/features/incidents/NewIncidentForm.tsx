import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Incident } from '../../../../shared/model';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { ErrorText } from '../../ui/ErrorText';
import { useFieldIssues } from '../../ui/field-issues';

const DETECTION_SUGGESTIONS = ['Monitoring alert', 'Customer report', 'Engineer noticed', 'Status page / third party'];

/** `<input type="datetime-local">` speaks local wall time; the journal stores UTC with milliseconds. */
function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function nowForInput(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Title, how it was detected, and when it started (now unless backdated to the first symptom). */
export function NewIncidentForm({ focusRequest, onCreated }: { focusRequest?: object; onCreated: (incident: Incident) => void }) {
  const client = useClient();
  const [title, setTitle] = useState('');
  const [detectedBy, setDetectedBy] = useState('');
  const [startedAt, setStartedAt] = useState('');
  const [drill, setDrill] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);

  // Asked again (a new request object), the title takes the focus again.
  useEffect(() => {
    if (focusRequest) titleRef.current?.focus();
  }, [focusRequest]);

  const create = useAction(async () => {
    const incident = await client.call('incidents.create', { title, detectedBy, startedAt: localInputToIso(startedAt), drill });
    setTitle('');
    setDrill(false);
    setDetectedBy('');
    setStartedAt('');
    onCreated(incident);
  });
  const { busy, error } = create;
  const issues = useFieldIssues(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await create.run();
  };

  return (
    <form className="new-incident-form" onSubmit={(event) => void submit(event)} aria-label="New incident">
      <label className="field">
        <span>Title</span>
        <input
          ref={titleRef}
          type="text"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          placeholder="API returning 502s"
          required
          maxLength={200}
          {...issues.input('title')}
        />
        {issues.message('title')}
      </label>
      <label className="field">
        <span>How it was detected</span>
        <input
          type="text"
          list="detection-suggestions"
          value={detectedBy}
          onChange={(event) => setDetectedBy(event.target.value)}
          placeholder="Monitoring alert, customer report…"
          required
          maxLength={200}
          {...issues.input('detectedBy')}
        />
        {issues.message('detectedBy')}
        <datalist id="detection-suggestions">
          {DETECTION_SUGGESTIONS.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>Started (your local time; empty = now)</span>
        <input
          type="datetime-local"
          step="1"
          value={startedAt}
          max={nowForInput()}
          onChange={(event) => setStartedAt(event.target.value)}
          {...issues.input('startedAt')}
        />
        {issues.message('startedAt')}
      </label>
      <label className="drill-choice">
        <input type="checkbox" checked={drill} onChange={(event) => setDrill(event.target.checked)} />
        <span>
          This is a drill <span className="muted">(an exercise against staging or the fake Powernode: badged everywhere, left out of the metrics)</span>
        </span>
      </label>
      <div className="new-incident-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {drill ? 'Open drill' : 'Open incident'}
        </button>
        <ErrorText error={error} />
      </div>
    </form>
  );
}
