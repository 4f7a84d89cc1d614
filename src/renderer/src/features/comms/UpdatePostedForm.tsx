import { useState, type FormEvent } from 'react';
import type { EntryData, TimelineEntry } from '../../../../shared/model';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { ErrorText } from '../../ui/ErrorText';

/**
 * "Update posted": the exact text and where it went; journaled, and the countdown restarts. The
 * console first signs a checkpoint and appends its fingerprint to the text, and shows the text to
 * paste (copied for the commander): everyone who reads it in the war room is then a witness.
 */
export function UpdatePostedForm({ incidentId, runbookChannel, onRecorded }: { incidentId: string; runbookChannel: string | null; onRecorded: () => void }) {
  const client = useClient();
  const [text, setText] = useState('');
  // The runbook names the channel per severity; the operator may post elsewhere and say so.
  const [channel, setChannel] = useState(runbookChannel ?? '');
  const [posted, setPosted] = useState<{ entry: TimelineEntry; copied: boolean }>();
  const copy = async (entry: TimelineEntry): Promise<boolean> => {
    try {
      await navigator.clipboard.writeText(entry.text ?? '');
      return true;
    } catch {
      return false;
    }
  };
  const record = useAction(async () => {
    const entry = await client.call('comms.recordUpdate', { incidentId, text, channel, audience: 'internal' });
    setText('');
    setPosted({ entry, copied: await copy(entry) });
    onRecorded();
  });
  const { busy, error } = record;
  const witness = posted && (posted.entry.data as EntryData<'comms_sent'> | null)?.witness;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await record.run();
  };

  return (
    <form className="comms-form" onSubmit={(event) => void submit(event)} aria-label="Update posted">
      <label className="field">
        <span>Update text, exactly as posted</span>
        <textarea rows={4} value={text} onChange={(event) => setText(event.target.value)} required />
      </label>
      <p className="muted">
        On <strong>Update posted</strong> the console signs a checkpoint of the journal and appends its fingerprint (<code>Journal checkpoint: IC-…</code>) to
        this text. Paste the text it shows into the channel: whoever reads it can later check the exported timeline against it.
      </p>
      <div className="comms-row">
        <label className="field comms-grow">
          <span>Channel</span>
          <input type="text" value={channel} onChange={(event) => setChannel(event.target.value)} required />
        </label>
        <button type="submit" className="button primary" disabled={busy || text.trim() === ''}>
          Update posted
        </button>
      </div>
      <ErrorText error={error} />
      {posted && (
        <div className="comms-posted" role="status" aria-label="Posted update">
          <p className="comms-ok">
            Journaled as posted to {(posted.entry.data as EntryData<'comms_sent'>).channel}
            {witness ? (
              <>
                {' '}
                with checkpoint{' '}
                <strong className="mono" data-testid="posted-witness">
                  {witness}
                </strong>
              </>
            ) : null}
            . {posted.copied ? 'Copied to the clipboard: paste it as it is.' : 'Paste it as it is:'}
          </p>
          <pre data-testid="posted-text">{posted.entry.text}</pre>
          <button type="button" className="button" onClick={() => void copy(posted.entry).then((copied) => setPosted({ ...posted, copied }))}>
            Copy the text
          </button>
        </div>
      )}
    </form>
  );
}
