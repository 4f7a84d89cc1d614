import { useState } from 'react';
import type { ErrorIssue } from '../../../../shared/errors';
import { ConsoleError, errorMessage } from '../../../../shared/errors';
import type { RunbookInfo } from '../../../../shared/triage-schemas';
import { useClient } from '../../api/client-context';
import { useRunbook } from './triage-store';
import { DateTime } from '../../ui/DateTime';
import { Panel } from '../../ui/Panel';

/** Which runbook drives triage, and loading another file with the same schema. */
export function RunbookSource({ info }: { info: RunbookInfo }) {
  const client = useClient();
  const { replace } = useRunbook();
  const [path, setPath] = useState('');
  const [error, setError] = useState<{ message: string; issues: ErrorIssue[] }>();
  const [busy, setBusy] = useState(false);
  const load = async () => {
    setBusy(true);
    setError(undefined);
    try {
      replace(await client.call('runbook.load', { path }));
      setPath('');
    } catch (failure) {
      setError({ message: errorMessage(failure), issues: failure instanceof ConsoleError ? (failure.issues ?? []) : [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title="Runbook">
      <p>
        <strong>{info.runbook.name}</strong>{' '}
        <span className="muted" data-testid="runbook-origin">
          {info.origin.kind === 'bundled' ? '(shipped with the console)' : `(from ${info.origin.path})`}, loaded <DateTime iso={info.loadedAt} />
        </span>
      </p>
      <form
        className="runbook-load"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <input type="text" aria-label="Runbook file path" placeholder="/path/to/runbook.json" value={path} onChange={(event) => setPath(event.target.value)} />
        <button type="submit" className="button" disabled={busy || !path.trim()}>
          Load another runbook
        </button>
      </form>
      {error && (
        <div className="error-text" role="alert">
          <p>{error.message}</p>
          {error.issues.length > 1 && (
            <ul>
              {error.issues.slice(0, 20).map((issue) => (
                <li key={`${issue.path}:${issue.message}`} className="mono">
                  {issue.path}: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Panel>
  );
}
