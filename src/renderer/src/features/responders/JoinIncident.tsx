import { useState } from 'react';
import type { Incident } from '../../../../shared/model';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { ErrorText } from '../../ui/ErrorText';
import './responders.css';

/** Paste the join code a commander shared (or the text of its file): this console opens the same incident and writes its own chain into it. */
export function JoinIncident({ onJoined }: { onJoined: (incident: Incident) => void }) {
  const client = useClient();
  const [code, setCode] = useState('');
  const join = useAction(async () => onJoined(await client.call('chains.join', { code: code.trim() })));
  return (
    <form
      className="join-incident"
      onSubmit={(event) => {
        event.preventDefault();
        if (code.trim()) void join.run();
      }}
    >
      <label>
        Join code from the commander
        <textarea className="mono join-code" rows={2} value={code} onChange={(event) => setCode(event.target.value)} placeholder="ICJ1-…" />
      </label>
      <button type="submit" className="button primary" disabled={join.busy || !code.trim()}>
        Join incident
      </button>
      <ErrorText error={join.error} />
    </form>
  );
}
