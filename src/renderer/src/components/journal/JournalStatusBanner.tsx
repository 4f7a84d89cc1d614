import { useJournalStatus } from '../../state/journal-status';

/**
 * Says plainly when the journal cannot be used (a foreign, damaged or newer file: the app keeps
 * running and the file is left untouched) or can only be read (nothing new can be recorded).
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
          File: <span className="mono">{status.path}</span>{status.error ? ` · ${status.error.code}` : ''}
        </span>
      </div>
    );
  }
  if (status.readOnly) {
    return (
      <div className="journal-banner journal-banner-warning" role="alert" data-testid="journal-banner">
        <strong>The journal is read-only: you can read the timeline, but notes and changes cannot be saved.</strong>
        <span className="muted">
          Make <span className="mono">{status.path}</span> writable and restart the console.
        </span>
      </div>
    );
  }
  return null;
}
