import { useState } from 'react';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useJournalStatus } from './journal-status';
import './journal.css';

/**
 * Says plainly when the journal cannot be used (a foreign, damaged or newer file: the app keeps
 * running and the file is left untouched), is damaged and open read-only (what the operator can
 * do: export what is readable, start a new journal beside it), or can only be read.
 */
export function JournalStatusBanner() {
  const status = useJournalStatus();
  if (!status) return null;
  if (!status.available) {
    return (
      <div className="journal-banner journal-banner-error" role="alert" data-testid="journal-banner">
        <strong>The journal cannot be opened: nothing can be recorded.</strong>
        <span>{status.error?.message ?? 'The journal file could not be opened.'}</span>
        <span className="muted">
          File: <span className="mono">{status.path}</span>
          {status.error ? ` · ${status.error.code}` : ''}
        </span>
        {status.canStartNew && <StartNewJournal path={status.path} />}
      </div>
    );
  }
  if (status.integrity?.state === 'damaged') {
    return (
      <div className="journal-banner journal-banner-error" role="alert" data-testid="journal-banner">
        <strong>The journal is damaged. It is open read-only: nothing will be written to it.</strong>
        <span>
          The timeline can still be read where the file is intact. SQLite&apos;s check found:{' '}
          <span className="mono">{status.integrity.findings.slice(0, 2).join('; ')}</span>
        </span>
        <span>
          <b>What you can do:</b> export what is readable (Post-mortem screen, one incident at a time), then start a new journal beside it. The damaged file is
          kept exactly as it is.
        </span>
        <span className="muted">
          File: <span className="mono">{status.path}</span> · checked {status.integrity.checkedAt?.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}
        </span>
        {status.canStartNew && <StartNewJournal path={status.path} />}
      </div>
    );
  }
  if (status.readOnly) {
    return (
      <div className="journal-banner journal-banner-warning" role="alert" data-testid="journal-banner">
        <strong>The journal is read-only: you can read the timeline, but notes and changes cannot be saved.</strong>
        <span className="muted">
          Make <span className="mono">{status.path}</span> (and its folder) writable and restart the console.
        </span>
      </div>
    );
  }
  return null;
}

/** Two steps, because it changes what the console records into from now on. */
function StartNewJournal({ path }: { path: string }) {
  const client = useClient();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  if (!confirming) {
    return (
      <span>
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Start a new journal beside it…
        </button>
      </span>
    );
  }
  return (
    <span className="journal-start-new">
      <span>
        The damaged file is renamed <span className="mono">{path}.damaged-…</span> (its bytes unchanged) and a new, empty journal takes its place.
      </span>
      <button
        type="button"
        className="button primary"
        onClick={() => {
          setError(undefined);
          // Every screen holds incidents of the old journal: start over from the new one.
          client
            .call('journal.startNew', {})
            .then(() => window.location.reload())
            .catch((failure: unknown) => setError(errorMessage(failure)));
        }}
      >
        Start the new journal
      </button>
      <button type="button" className="link-button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error && <span role="alert">{error}</span>}
    </span>
  );
}
