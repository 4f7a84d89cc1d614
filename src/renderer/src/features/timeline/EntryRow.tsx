import { memo, useState, type KeyboardEvent } from 'react';
import { mayApply, textRefusal } from '../../../../shared/entry-rules';
import type { TimelineEntry } from '../../../../shared/model';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { DateTime } from '../../ui/DateTime';
import { Dialog } from '../../ui/Dialog';
import { focusWhenShown } from '../../ui/focus-when-shown';
import { EntryBody, KIND_LABELS } from './EntryBody';
import { useReferencedEntries } from './use-referenced-entries';
import { ErrorText } from '../../ui/ErrorText';

/**
 * One timeline entry: when, who, what kind, its body, its state (pinned, amended, redacted) and
 * actions. Memoised: while scrolling only the rows coming into view render.
 */
export const EntryRow = memo(function EntryRow({
  entry,
  query,
  canWrite,
  ownDevice,
}: {
  entry: TimelineEntry;
  query: string;
  canWrite: boolean;
  /** This console's device id: entries written elsewhere say from which device. */
  ownDevice?: string;
}) {
  const client = useClient();
  const referenced = useReferencedEntries([...(entry.refersTo ? [entry.refersTo] : []), ...entry.amendedBy]);
  const target = entry.refersTo ? referenced.get(entry.refersTo) : undefined;
  const amendments = entry.amendedBy.map((id) => referenced.get(id)).filter((found): found is TimelineEntry => found !== undefined);
  const [amending, setAmending] = useState(false);
  const [draft, setDraft] = useState('');
  const [redacting, setRedacting] = useState(false);
  const [reason, setReason] = useState('');
  // A pin, a correction or a redaction is a new entry that refers to this one.
  const {
    busy,
    error,
    run: append,
  } = useAction((kind: 'pin' | 'unpin' | 'amendment' | 'redaction', text: string) =>
    client.call('journal.append', { incidentId: entry.incidentId, kind, text, refersTo: entry.id }),
  );

  const saveAmendment = async () => {
    if (textRefusal('amendment', draft)) return;
    if (await append('amendment', draft)) setAmending(false);
  };

  const onAmendKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void saveAmendment();
    } else if (event.key === 'Escape') {
      setAmending(false);
    }
  };

  // The journal's own rules decide which actions are offered: what it would refuse is not shown.
  const pinAction = entry.pinned ? 'unpin' : 'pin';
  const classes = ['entry', `entry-kind-${entry.kind}`, entry.pinned ? 'entry-pinned' : '', entry.redacted ? 'entry-redacted' : ''];
  return (
    <article className={classes.join(' ')} data-testid="timeline-entry" data-seq={entry.seq} aria-label={`Entry ${entry.seq}`} tabIndex={-1}>
      <header className="entry-header">
        <span className="entry-seq">#{entry.seq}</span>
        <span className={`kind-badge kind-${entry.kind}`}>{KIND_LABELS[entry.kind]}</span>
        <DateTime iso={entry.recordedAt} className="entry-time" />
        {entry.occurredAt && (
          <span className="entry-occurred">
            occurred <DateTime iso={entry.occurredAt} />
          </span>
        )}
        <span className="entry-author">{entry.author}</span>
        <DeviceLabel device={entry.device} ownDevice={ownDevice} />
        {entry.pinned && <span className="state-badge state-pinned">Pinned</span>}
        {entry.amendedBy.length > 0 && <span className="state-badge state-amended">Amended</span>}
        {entry.redacted && <span className="state-badge state-redacted">Redacted</span>}
        {canWrite && (
          <span className="entry-actions">
            {mayApply(pinAction, entry) && (
              <button type="button" className="link-button" disabled={busy} onClick={() => void append(pinAction, '')}>
                {entry.pinned ? 'Unpin' : 'Pin'}
              </button>
            )}
            {mayApply('amendment', entry) && (
              <button
                type="button"
                className="link-button"
                disabled={busy}
                onClick={() => {
                  setDraft(amendments.at(-1)?.text ?? entry.text ?? '');
                  setAmending(true);
                }}
              >
                Amend
              </button>
            )}
            {mayApply('redaction', entry) && (entry.device === null || ownDevice === undefined || entry.device === ownDevice) && (
              <button type="button" className="link-button danger-link" disabled={busy} onClick={() => setRedacting(true)}>
                Redact
              </button>
            )}
          </span>
        )}
      </header>
      <div className={amendments.length > 0 ? 'entry-body superseded' : 'entry-body'}>
        <EntryBody entry={entry} query={query} target={target} />
      </div>
      {amendments.map((amendment) => (
        <div key={amendment.id} className="entry-amendment" data-testid="entry-amendment">
          <span className="muted">
            Corrected in #{amendment.seq} by {amendment.author}, <DateTime iso={amendment.recordedAt} />:
          </span>{' '}
          {amendment.redacted ? <em className="muted">correction redacted</em> : amendment.text}
        </div>
      ))}
      {amending && (
        <div className="entry-amend-form">
          <label className="field">
            <span>Correction (Enter saves, Shift+Enter new line, Escape cancels)</span>
            <textarea
              ref={focusWhenShown}
              rows={2}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={onAmendKey}
              aria-label="Correction"
            />
          </label>
          <div className="row-actions">
            <button
              type="button"
              className="button primary"
              disabled={busy || textRefusal('amendment', draft) !== undefined}
              onClick={() => void saveAmendment()}
            >
              Save correction
            </button>
            <button type="button" className="button" onClick={() => setAmending(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <ErrorText error={error} />
      {redacting && (
        <Dialog
          open
          title={`Redact entry #${entry.seq}?`}
          tone="danger"
          onClose={() => setRedacting(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setRedacting(false)}>
                Cancel
              </button>
              <button
                type="button"
                className="button danger"
                disabled={busy || textRefusal('redaction', reason) !== undefined}
                onClick={() =>
                  void append('redaction', reason).then((ok) => {
                    if (ok) {
                      setRedacting(false);
                      setReason('');
                    }
                  })
                }
              >
                Redact entry
              </button>
            </>
          }
        >
          <p>
            The body of entry #{entry.seq} will be removed from the journal for good. Its hash stays, so the chain still verifies, and the redaction itself is
            recorded with your reason.
          </p>
          <label className="field">
            <span>Reason (required)</span>
            <input
              type="text"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              placeholder="Contained a customer's password"
              aria-label="Reason"
            />
          </label>
          <ErrorText error={error} />
        </Dialog>
      )}
    </article>
  );
});

/** Which console wrote it: "this console", or another device's short id (the Team screen lists their key fingerprints). */
function DeviceLabel({ device, ownDevice }: { device: string | null; ownDevice: string | undefined }) {
  if (device === null || ownDevice === undefined) return null;
  if (device === ownDevice)
    return (
      <span className="entry-device" title={`Written on this console (device ${device})`}>
        this console
      </span>
    );
  return (
    <span className="entry-device entry-device-other" title={`Written on another console: device ${device}`} data-testid="entry-device">
      from device {device.slice(0, 4)} {device.slice(4, 8)}
    </span>
  );
}
