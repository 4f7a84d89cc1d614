import { useCaptures, type Capture, type CaptureStore } from './capture-store';

const STATE_LABELS: Record<Capture['state'], string> = {
  pending: 'Recording…',
  failed: 'Not recorded',
  unknown: 'Outcome unknown',
};

/**
 * The notes typed in quick capture that the journal has not acknowledged, above the newest entry:
 * pending until durable (then they become the timeline's first row), or not recorded with their
 * text, the reason and a way to try again.
 */
export function PendingCaptures({ store, incidentId }: { store: CaptureStore; incidentId: string }) {
  const captures = useCaptures(store, incidentId);
  if (captures.length === 0) return null;
  return (
    <div className="pending-captures" aria-label="Notes not yet recorded">
      {captures.map((capture) => (
        <article
          key={capture.key}
          className={`entry entry-capture entry-capture-${capture.state}`}
          data-testid="pending-capture"
          data-state={capture.state}
          aria-label={`Note ${STATE_LABELS[capture.state].toLowerCase()}`}
          aria-busy={capture.state === 'pending'}
        >
          <header className="entry-header">
            <span className="entry-seq">…</span>
            <span className="kind-badge kind-note">Note</span>
            <span className={`state-badge capture-state-${capture.state}`}>{STATE_LABELS[capture.state]}</span>
            {capture.state !== 'pending' && (
              <span className="entry-actions">
                {capture.state === 'failed' ? (
                  <button type="button" className="link-button" onClick={() => store.retry(capture.key)}>
                    Try again
                  </button>
                ) : (
                  <button type="button" className="link-button" onClick={() => store.checkAgain(capture.key)}>
                    Check again
                  </button>
                )}
                <button type="button" className="link-button danger-link" onClick={() => store.discard(capture.key)}>
                  Discard
                </button>
              </span>
            )}
          </header>
          <div className="entry-body">
            <p className="entry-text">{capture.text}</p>
          </div>
          {capture.reason && (
            <p className="capture-error" role="alert">
              {capture.state === 'failed' ? 'Not recorded' : 'Not known whether it was recorded'}: {capture.reason}
            </p>
          )}
        </article>
      ))}
    </div>
  );
}
