import { useState, type FormEvent } from 'react';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { DateTime } from '../../ui/DateTime';
import { ErrorText } from '../../ui/ErrorText';
import { Panel } from '../../ui/Panel';
import { syncHeadline, useSyncStatus } from './sync-store';
import './sync.css';

/**
 * The team sync state in full, and its setting: where the team database is (never its user or
 * password: the connection string goes to the OS keychain and is not shown again), whether it is
 * reached, when a push or pull was last confirmed, what waits to go, the last failure in plain
 * words, chains refused, and "Sync now". The Team screen and the Overview mount it.
 */
export function SyncPanel() {
  const client = useClient();
  const { status, error, replace } = useSyncStatus();
  const [draft, setDraft] = useState('');
  const save = useAction(async (connectionString: string | null) => {
    replace(await client.call('sync.configure', { connectionString }));
    setDraft('');
  });
  const syncNow = useAction(async () => replace(await client.call('sync.now', {})));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() !== '') void save.run(draft.trim());
  };

  return (
    <Panel
      title="Team sync"
      actions={
        status?.database && (
          <button type="button" className="button" disabled={syncNow.busy} onClick={() => void syncNow.run()}>
            {syncNow.busy ? 'Syncing…' : 'Sync now'}
          </button>
        )
      }
    >
      <ErrorText error={error} />
      {status && (
        <div data-testid="sync-panel">
          <p className={`sync-headline sync-${status.connection}`} data-testid="sync-headline">
            {syncHeadline(status)}
          </p>
          <dl className="facts" aria-label="Team sync state">
            <dt>Team database</dt>
            <dd className="mono" data-testid="sync-database">
              {status.database
                ? `${status.database.host}:${status.database.port}/${status.database.database}${status.database.tls ? ' (TLS)' : ' (loopback, no TLS)'}`
                : 'none set'}
            </dd>
            <dt>Last synced</dt>
            <dd data-testid="sync-last-synced">{status.lastSyncedAt ? <DateTime iso={status.lastSyncedAt} /> : 'never'}</dd>
            <dt>Waiting to go</dt>
            <dd data-testid="sync-waiting">
              {status.waiting} {status.waiting === 1 ? 'entry' : 'entries'}
              {status.pushOutcomeUnknown &&
                ' (the last push was sent but not answered: it may have arrived; it is sent again, which changes nothing if it did)'}
            </dd>
          </dl>
          {status.lastError && (
            <p className="error-text" role="alert" data-testid="sync-error">
              <DateTime iso={status.lastError.at} />: {status.lastError.message}
            </p>
          )}
          {status.refused.map((refusal) => (
            <p key={`${refusal.incidentId}/${refusal.device}`} className="notice notice-warning" role="alert" data-testid="sync-refused">
              Refused device <span className="mono">{refusal.device}</span>: {refusal.message}
            </p>
          ))}
          <p className="muted">
            Appends never wait for the team database: entries are journaled here first and go when it is reached. Everything pulled is verified before it is
            shown.
          </p>
        </div>
      )}
      <form className="comms-row" onSubmit={submit} aria-label="Team database">
        <label className="field comms-grow">
          <span>{status?.database ? 'Replace the connection string' : 'Team database connection string'} (kept in the OS keychain)</span>
          <input
            type="password"
            className="mono"
            autoComplete="off"
            value={draft}
            placeholder="postgres://user:password@db.example.org:5432/incidents?sslmode=verify-full"
            onChange={(event) => setDraft(event.target.value)}
          />
        </label>
        <button type="submit" className="button" disabled={save.busy || draft.trim() === ''}>
          Use this database
        </button>
        {status?.database && (
          <button type="button" className="button" disabled={save.busy} onClick={() => void save.run(null)}>
            Stop syncing
          </button>
        )}
      </form>
      <ErrorText error={save.error ?? syncNow.error} />
    </Panel>
  );
}
