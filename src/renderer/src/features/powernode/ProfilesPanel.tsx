import { useState } from 'react';
import { baseUrlWarning, type ProfilesList } from '../../../../shared/powernode-schemas';
import { ConsoleError } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { Dialog } from '../../ui/Dialog';
import { Panel } from '../../ui/Panel';
import { ErrorText } from '../../ui/ErrorText';
import { DataTable } from '../../ui/DataTable';
import { useFieldIssues } from '../../ui/field-issues';

/** Environment profiles: name, base URL, email. Secrets never show here, only whether the keychain holds some. */
export function ProfilesPanel({
  list,
  selected,
  onSelect,
  onChanged,
}: {
  list: ProfilesList | undefined;
  selected: string | undefined;
  onSelect: (name: string) => void;
  onChanged: (list: ProfilesList) => void;
}) {
  const client = useClient();
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<ConsoleError>();
  const issues = useFieldIssues(error);
  const [removing, setRemoving] = useState<string>();

  const save = async () => {
    setError(undefined);
    try {
      const next = await client.call('profiles.save', { name: name.trim(), baseUrl: baseUrl.trim(), email: email.trim() });
      onChanged(next);
      onSelect(name.trim());
      setName('');
      setBaseUrl('');
      setEmail('');
    } catch (failure) {
      setError(ConsoleError.from(failure));
    }
  };
  const remove = async (profile: string) => {
    try {
      onChanged(await client.call('profiles.remove', { profile }));
    } catch (failure) {
      setError(ConsoleError.from(failure));
    }
    setRemoving(undefined);
  };

  return (
    <Panel title="Environments">
      {list && !list.keychain.available && <p className="pn-warning">{list.keychain.message}</p>}
      {list && list.profiles.length > 0 && (
        <DataTable className="pn-table" columns={['Name', 'Base URL', 'Email', 'Keychain', '']}>
          {list.profiles.map((profile) => (
            <tr key={profile.name} aria-selected={profile.name === selected}>
              <td>
                <label>
                  <input type="radio" name="profile" checked={profile.name === selected} onChange={() => onSelect(profile.name)} />{' '}
                  <strong>{profile.name}</strong>
                </label>
              </td>
              <td className="mono">
                {profile.baseUrl}
                {baseUrlWarning(profile.baseUrl) && (
                  <div className="pn-warning pn-url-warning" role="note">
                    ⚠ {baseUrlWarning(profile.baseUrl)}
                  </div>
                )}
              </td>
              <td>{profile.email}</td>
              <td>{profile.hasStoredPassword || profile.hasStoredRefreshToken ? 'credentials stored' : '—'}</td>
              <td>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setName(profile.name);
                    setBaseUrl(profile.baseUrl);
                    setEmail(profile.email);
                  }}
                >
                  Edit
                </button>
                <button type="button" className="link-button" onClick={() => setRemoving(profile.name)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <form
        className="pn-form"
        aria-label="Add environment"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="pn-row">
          <label className="field">
            <span>Name</span>
            <input
              type="text"
              aria-label="Profile name"
              placeholder="prod"
              value={name}
              onChange={(event) => setName(event.target.value)}
              {...issues.input('name')}
            />
            {issues.message('name')}
          </label>
          <label className="field">
            <span>Base URL</span>
            <input
              type="url"
              aria-label="Base URL"
              placeholder="https://powernode.example.com"
              value={baseUrl}
              onChange={(event) => setBaseUrl(event.target.value)}
              {...issues.input('baseUrl')}
            />
            {issues.message('baseUrl')}
          </label>
          <label className="field">
            <span>Email</span>
            <input type="email" aria-label="Email" value={email} onChange={(event) => setEmail(event.target.value)} {...issues.input('email')} />
            {issues.message('email')}
          </label>
          <button type="submit" className="button" disabled={!name || !baseUrl || !email}>
            Save environment
          </button>
        </div>
        {baseUrlWarning(baseUrl) && (
          <p className="pn-warning" role="note" data-testid="base-url-warning">
            ⚠ {baseUrlWarning(baseUrl)}
          </p>
        )}
      </form>
      <ErrorText error={error} />
      <Dialog
        open={removing !== undefined}
        title={`Remove ${removing ?? ''}?`}
        tone="danger"
        onClose={() => setRemoving(undefined)}
        footer={
          <>
            <button type="button" className="button" onClick={() => setRemoving(undefined)}>
              Cancel
            </button>
            <button type="button" className="button danger" onClick={() => removing && void remove(removing)}>
              Remove and delete its secrets
            </button>
          </>
        }
      >
        <p>Removes the profile, ends its session and deletes its password and refresh token from the keychain.</p>
      </Dialog>
    </Panel>
  );
}
