import { useState } from 'react';
import type { KeychainStatus, SessionView } from '../../../../shared/powernode-schemas';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { DateTime } from '../../ui/DateTime';
import { focusWhenShown } from '../../ui/focus-when-shown';
import { Panel } from '../../ui/Panel';
import { useCurrentIncident } from '../../state/current-incident';
import { ErrorText } from '../../ui/ErrorText';

const STATE_TEXT: Record<SessionView['state'], string> = {
  logged_out: 'Not logged in',
  needs_2fa: 'Waiting for the 2FA code',
  logged_in: 'Logged in',
  can_resume: 'Remembered session (resumes on first use)',
};

/** Log in (with the 2FA step), see who is logged in, log out. The password goes to main once and is never shown again. */
export function SessionPanel({ profile, session, keychain }: { profile: string; session: SessionView | undefined; keychain: KeychainStatus | undefined }) {
  const client = useClient();
  const { incidentId } = useCurrentIncident();
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(true);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [warning, setWarning] = useState<string>();
  const keychainOk = keychain?.available ?? false;

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const login = () =>
    run(async () => {
      const answer = await client.call('powernode.login', { profile, password, remember: remember && keychainOk, incidentId });
      setPassword('');
      setWarning(answer.warning ?? undefined);
    });
  const verify = () =>
    run(async () => {
      await client.call('powernode.verify2fa', { profile, code, incidentId });
      setCode('');
    });
  const logout = () => run(() => client.call('powernode.logout', { profile, incidentId }));

  const state = session?.state ?? 'logged_out';
  return (
    <Panel title={`Session: ${profile}`}>
      <p data-testid="session-state">
        <span className={`pn-status pn-status-${state}`}>{STATE_TEXT[state]}</span>
        {session?.user && (
          <>
            {' '}
            as <strong>{session.user.name}</strong> &lt;{session.user.email}&gt;
          </>
        )}
        {session?.storage === 'memory' && <span className="muted"> · this run only</span>}
        {session?.storage === 'keychain' && <span className="muted"> · remembered in the keychain</span>}
      </p>
      {session?.accessExpiresAt && (
        <p className="muted">
          Access token renews by itself; current one ends <DateTime iso={session.accessExpiresAt} />
        </p>
      )}
      {session?.user && !session.user.permissions.includes('ai.kill_switch.manage') && !session.user.permissions.includes('system.admin') && (
        <p className="pn-warning">This user lacks ai.kill_switch.manage: the kill switch will refuse it.</p>
      )}

      {(state === 'logged_out' || state === 'can_resume') && (
        <form
          className="pn-form"
          aria-label="Log in"
          onSubmit={(event) => {
            event.preventDefault();
            void login();
          }}
        >
          <label className="field">
            <span>Password</span>
            <input
              type="password"
              aria-label="Password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <label>
            <input type="checkbox" checked={remember && keychainOk} disabled={!keychainOk} onChange={(event) => setRemember(event.target.checked)} /> Remember
            in the OS keychain
          </label>
          {!keychainOk && keychain?.message && <p className="pn-warning">{keychain.message}</p>}
          <div className="pn-row">
            <button type="submit" className="button primary" disabled={busy || password.length === 0}>
              {busy ? 'Logging in…' : keychainOk && remember ? 'Log in' : 'Log in for this run only'}
            </button>
          </div>
        </form>
      )}

      {state === 'needs_2fa' && (
        <form
          className="pn-form"
          aria-label="Two-factor code"
          onSubmit={(event) => {
            event.preventDefault();
            void verify();
          }}
        >
          <label className="field">
            <span>6-digit code from your authenticator</span>
            <input
              type="text"
              inputMode="numeric"
              aria-label="2FA code"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              ref={focusWhenShown}
              onChange={(event) => setCode(event.target.value.replace(/\D/g, ''))}
            />
          </label>
          <div className="pn-row">
            <button type="submit" className="button primary" disabled={busy || code.length !== 6}>
              Verify
            </button>
          </div>
        </form>
      )}

      {state === 'logged_in' && (
        <div className="pn-row">
          <button type="button" className="button" onClick={() => void logout()} disabled={busy}>
            Log out and forget credentials
          </button>
        </div>
      )}
      {warning && <p className="pn-warning">{warning}</p>}
      <ErrorText error={error} testId="session-error" />
    </Panel>
  );
}
