import { useState } from 'react';
import { ALLOWED_SSH_OPTIONS, type Host, type HostConnection } from '../../../../shared/diagnostics-schemas';
import { ConsoleError } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { ErrorText } from '../../ui/ErrorText';
import { useFieldIssues } from '../../ui/field-issues';

type ConnectionKey = keyof HostConnection;
const CONNECTION_FIELDS: Array<[ConnectionKey, string, string]> = [
  ['redisHost', 'Redis host', '127.0.0.1'],
  ['redisPort', 'Redis port', '6379'],
  ['pgHost', 'Postgres host', 'localhost'],
  ['pgPort', 'Postgres port', '5432'],
  ['pgUser', 'Postgres user', 'powernode'],
  ['pgDatabase', 'Postgres database', 'powernode_production'],
];

/**
 * Adds or edits a host: local, or an SSH target as the operator's own ssh would reach it. No
 * password field on purpose: authentication is the operator's agent and keys.
 */
export function HostForm({ host, onSaved, onCancel }: { host: Host | undefined; onSaved: (hosts: Host[]) => void; onCancel: () => void }) {
  const client = useClient();
  const ssh = host?.target.kind === 'ssh' ? host.target : undefined;
  const [name, setName] = useState(host?.name ?? '');
  const [kind, setKind] = useState<'local' | 'ssh'>(host?.target.kind ?? 'ssh');
  const [user, setUser] = useState(ssh?.user ?? '');
  const [address, setAddress] = useState(ssh?.host ?? '');
  const [port, setPort] = useState(ssh?.port ? String(ssh.port) : '');
  const [jumpHost, setJumpHost] = useState(ssh?.jumpHost ?? '');
  const [identityFile, setIdentityFile] = useState(ssh?.identityFile ?? '');
  const [options, setOptions] = useState((ssh?.options ?? []).map((option) => `${option.name}=${option.value}`).join('\n'));
  const [roles, setRoles] = useState((host?.roles ?? []).join(', '));
  const [connection, setConnection] = useState<HostConnection>(host?.connection ?? {});
  const [error, setError] = useState<ConsoleError>();
  // The contract's paths: diagnostics.saveHost takes { host: { name, target: { port… }, connection… } }.
  const issues = useFieldIssues(error, 'host');
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    setError(undefined);
    try {
      const parsedOptions = options
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const at = line.indexOf('=');
          return { name: line.slice(0, at) as (typeof ALLOWED_SSH_OPTIONS)[number], value: line.slice(at + 1) };
        });
      const cleanConnection = Object.fromEntries(Object.entries(connection).filter(([, value]) => value)) as HostConnection;
      const result = await client.call('diagnostics.saveHost', {
        previousName: host?.name,
        host: {
          name: name.trim(),
          roles: roles.split(/[\s,]+/).filter(Boolean),
          connection: cleanConnection,
          target:
            kind === 'local'
              ? { kind: 'local' }
              : {
                  kind: 'ssh',
                  host: address.trim(),
                  ...(user.trim() ? { user: user.trim() } : {}),
                  ...(port.trim() ? { port: Number(port) } : {}),
                  ...(jumpHost.trim() ? { jumpHost: jumpHost.trim() } : {}),
                  ...(identityFile.trim() ? { identityFile: identityFile.trim() } : {}),
                  options: parsedOptions,
                },
        },
      });
      onSaved(result.hosts);
    } catch (failure) {
      setError(ConsoleError.from(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      className="host-form"
      aria-label={host ? `Edit host ${host.name}` : 'Add host'}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input type="text" value={name} onChange={(event) => setName(event.target.value)} placeholder="db-1" required {...issues.input('name')} />
          {issues.message('name')}
        </label>
        <label className="field">
          <span>Reached</span>
          <select value={kind} onChange={(event) => setKind(event.target.value as 'local' | 'ssh')}>
            <option value="ssh">over SSH</option>
            <option value="local">on this machine</option>
          </select>
        </label>
        <label className="field">
          <span>Roles</span>
          <input
            type="text"
            value={roles}
            onChange={(event) => setRoles(event.target.value)}
            placeholder="backend, worker, db, redis"
            {...issues.input('roles')}
          />
          {issues.message('roles')}
        </label>
        {kind === 'ssh' && (
          <>
            <label className="field">
              <span>User</span>
              <input
                type="text"
                value={user}
                onChange={(event) => setUser(event.target.value)}
                placeholder="(from ~/.ssh/config)"
                {...issues.input('target.user')}
              />
              {issues.message('target.user')}
            </label>
            <label className="field">
              <span>Host or ssh alias</span>
              <input
                type="text"
                value={address}
                onChange={(event) => setAddress(event.target.value)}
                placeholder="db1.internal"
                required
                {...issues.input('target.host')}
              />
              {issues.message('target.host')}
            </label>
            <label className="field">
              <span>Port</span>
              <input
                type="number"
                value={port}
                onChange={(event) => setPort(event.target.value)}
                placeholder="22"
                min={1}
                max={65535}
                {...issues.input('target.port')}
              />
              {issues.message('target.port')}
            </label>
            <label className="field">
              <span>Jump host</span>
              <input
                type="text"
                value={jumpHost}
                onChange={(event) => setJumpHost(event.target.value)}
                placeholder="ops@bastion"
                {...issues.input('target.jumpHost')}
              />
              {issues.message('target.jumpHost')}
            </label>
            <label className="field">
              <span>Identity file</span>
              <input
                type="text"
                value={identityFile}
                onChange={(event) => setIdentityFile(event.target.value)}
                placeholder="(agent / ~/.ssh/config)"
                {...issues.input('target.identityFile')}
              />
              {issues.message('target.identityFile')}
            </label>
            <label className="field field-wide">
              <span>Extra ssh options, one Name=value a line ({ALLOWED_SSH_OPTIONS.slice(0, 4).join(', ')}…)</span>
              <textarea rows={2} value={options} onChange={(event) => setOptions(event.target.value)} className="mono" {...issues.input('target.options')} />
              {issues.message('target.options')}
            </label>
          </>
        )}
      </div>
      <fieldset className="connection-fields">
        <legend>Services as this host sees them (fill the commands' defaults)</legend>
        <div className="form-grid">
          {CONNECTION_FIELDS.map(([key, label, placeholder]) => (
            <label className="field" key={key}>
              <span>{label}</span>
              <input
                type="text"
                value={connection[key] ?? ''}
                placeholder={placeholder}
                onChange={(event) => setConnection({ ...connection, [key]: event.target.value })}
                {...issues.input(`connection.${key}`)}
              />
              {issues.message(`connection.${key}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorText error={error} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={saving}>
          Save host
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
