import { useState, type FormEvent } from 'react';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { ErrorText } from '../../ui/ErrorText';

/** "Update posted": the exact text and where it went; journaled, and the countdown restarts. */
export function UpdatePostedForm({ incidentId, runbookChannel, onRecorded }: { incidentId: string; runbookChannel: string | null; onRecorded: () => void }) {
  const client = useClient();
  const [text, setText] = useState('');
  // The runbook names the channel per severity; the operator may post elsewhere and say so.
  const [channel, setChannel] = useState(runbookChannel ?? '');
  const record = useAction(async () => {
    await client.call('comms.recordUpdate', { incidentId, text, channel, audience: 'internal' });
    setText('');
    onRecorded();
  });
  const { busy, error } = record;

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
    </form>
  );
}
