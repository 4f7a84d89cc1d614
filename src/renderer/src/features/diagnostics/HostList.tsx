import { useState } from 'react';
import type { Host } from '../../../../shared/diagnostics-schemas';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { HostForm } from './HostForm';
import { ErrorText } from '../../ui/ErrorText';

function targetText(host: Host): string {
  if (host.target.kind === 'local') return 'this machine';
  const { user, host: address, port, jumpHost } = host.target;
  return `ssh ${user ? `${user}@` : ''}${address}${port ? `:${port}` : ''}${jumpHost ? ` via ${jumpHost}` : ''}`;
}

/** Hosts to run on (tick several to compare them side by side), and their management. */
export function HostList({
  hosts,
  selected,
  onSelect,
  onHostsChanged,
}: {
  hosts: Host[];
  selected: string[];
  onSelect: (names: string[]) => void;
  onHostsChanged: (hosts: Host[]) => void;
}) {
  const client = useClient();
  const [editing, setEditing] = useState<Host | 'new'>();
  const [error, setError] = useState<string>();

  if (editing) {
    return (
      <HostForm
        host={editing === 'new' ? undefined : editing}
        onCancel={() => setEditing(undefined)}
        onSaved={(next) => {
          setEditing(undefined);
          onHostsChanged(next);
        }}
      />
    );
  }

  return (
    <div className="host-list">
      <ul aria-label="Hosts">
        {hosts.map((host) => (
          <li key={host.name}>
            <label className="host-choice">
              <input
                type="checkbox"
                checked={selected.includes(host.name)}
                onChange={(event) => onSelect(event.target.checked ? [...selected, host.name] : selected.filter((name) => name !== host.name))}
              />
              <span className="host-text">
                <span className="host-name">{host.name}</span>
                {host.roles.map((role) => (
                  <span className="tag" key={role}>
                    {role}
                  </span>
                ))}
                <span className="muted host-target">{targetText(host)}</span>
              </span>
            </label>
            <span className="host-actions">
              <button type="button" className="link-button" onClick={() => setEditing(host)} aria-label={`Edit ${host.name}`}>
                Edit
              </button>
              <button
                type="button"
                className="link-button"
                aria-label={`Remove ${host.name}`}
                onClick={() =>
                  void client
                    .call('diagnostics.removeHost', { name: host.name })
                    .then((answer) => {
                      onHostsChanged(answer.hosts);
                      onSelect(selected.filter((name) => name !== host.name));
                    })
                    .catch((failure) => setError(errorMessage(failure)))
                }
              >
                Remove
              </button>
            </span>
          </li>
        ))}
      </ul>
      <ErrorText error={error} />
      <button type="button" className="button" onClick={() => setEditing('new')}>
        Add host
      </button>
    </div>
  );
}
