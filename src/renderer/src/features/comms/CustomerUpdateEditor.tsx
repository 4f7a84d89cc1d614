import { useCallback, useEffect, useState } from 'react';
import { ConsoleError, errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useFieldIssues } from '../../ui/field-issues';

/**
 * The runbook's customer template, filled from the incident and editable. Copy or save it, then
 * "Record as sent" journals exactly what was sent.
 */
export function CustomerUpdateEditor({ incidentId, defaultFolder, onRecorded }: { incidentId: string; defaultFolder: string; onRecorded: () => void }) {
  const client = useClient();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [channel, setChannel] = useState('email');
  const [folder, setFolder] = useState(defaultFolder);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string }>();
  /** The last save or record main refused: its issues mark the fields (comms.recordUpdate calls the message `text`). */
  const [refused, setRefused] = useState<ConsoleError>();
  const issues = useFieldIssues(refused);
  const messagePath = issues.at('text') ? 'text' : 'body';

  const refill = useCallback(async () => {
    try {
      const draft = await client.call('comms.customerDraft', { incidentId });
      setSubject(draft.subject);
      setBody(draft.body);
      setStatus(undefined);
    } catch (failure) {
      setStatus({ tone: 'error', text: errorMessage(failure) });
    }
  }, [client, incidentId]);

  // Refilled only when the incident changes; edits must not be overwritten by later events.
  useEffect(() => {
    void refill();
  }, [refill]);
  // The default folder is the incident's own (exports/<incident id>): it changes with the incident.
  useEffect(() => setFolder(defaultFolder), [defaultFolder]);

  const act = async (what: () => Promise<string>) => {
    try {
      setStatus({ tone: 'ok', text: await what() });
      setRefused(undefined);
    } catch (failure) {
      const error = ConsoleError.from(failure);
      setRefused(error);
      setStatus({ tone: 'error', text: error.message });
    }
  };

  const copy = () =>
    act(async () => {
      await navigator.clipboard.writeText(`Subject: ${subject}\n\n${body}`);
      return 'Copied to the clipboard. Record it as sent once it is out.';
    });
  const save = () =>
    act(async () => {
      const saved = await client.call('comms.saveCustomerUpdate', { incidentId, subject, body, folder });
      return `Saved to ${saved.path}`;
    });
  const recordSent = () =>
    act(async () => {
      await client.call('comms.recordUpdate', { incidentId, text: `Subject: ${subject}\n\n${body}`, channel, audience: 'customer', subject });
      onRecorded();
      return `Journaled as sent via ${channel}.`;
    });

  return (
    <div className="comms-form" aria-label="Customer update">
      <label className="field">
        <span>Subject</span>
        <input type="text" value={subject} onChange={(event) => setSubject(event.target.value)} {...issues.input('subject')} />
        {issues.message('subject')}
      </label>
      <label className="field">
        <span>Message</span>
        <textarea rows={13} value={body} onChange={(event) => setBody(event.target.value)} className="mono" {...issues.input(messagePath)} />
        {issues.message(messagePath)}
      </label>
      <div className="comms-row">
        <button type="button" className="button" onClick={() => void refill()}>
          Refill from incident
        </button>
        <button type="button" className="button" onClick={() => void copy()} disabled={!body.trim()}>
          Copy
        </button>
        <label className="field comms-grow">
          <span>Save into folder</span>
          <input type="text" value={folder} onChange={(event) => setFolder(event.target.value)} className="mono" {...issues.input('folder')} />
          {issues.message('folder')}
        </label>
        <button type="button" className="button" onClick={() => void save()} disabled={!body.trim() || !subject.trim()}>
          Save to file
        </button>
      </div>
      <div className="comms-row">
        <label className="field">
          <span>Sent via</span>
          <input type="text" value={channel} onChange={(event) => setChannel(event.target.value)} {...issues.input('channel')} />
          {issues.message('channel')}
        </label>
        <button type="button" className="button primary" onClick={() => void recordSent()} disabled={!body.trim() || !subject.trim() || !channel.trim()}>
          Record as sent
        </button>
      </div>
      {status && (
        <p className={status.tone === 'error' ? 'error-text' : 'comms-ok'} role={status.tone === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </div>
  );
}
