import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProfilesList, SessionView } from '../../../../shared/powernode-schemas';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useEvent } from '../../api/use-event';
import { AgentsPanel } from './AgentsPanel';
import { KillSwitchHistoryPanel } from './KillSwitchHistoryPanel';
import { ProfilesPanel } from './ProfilesPanel';
import { SessionPanel } from './SessionPanel';
import { useKillSwitchStates } from './kill-switch-store';
import './powernode.css';
import { ErrorText } from '../../ui/ErrorText';

/** Environments, login (with 2FA), the kill switch history and the agents of the chosen environment. */
export function PowernodeView() {
  const client = useClient();
  const [list, setList] = useState<ProfilesList>();
  const [sessions, setSessions] = useState<SessionView[]>([]);
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<string>();
  const { states } = useKillSwitchStates();
  const [generation, setGeneration] = useState(0);

  const reloadSessions = useCallback(
    () =>
      client
        .call('powernode.session', {})
        .then((answer) => setSessions(answer.sessions))
        .catch((failure: unknown) => setError(errorMessage(failure))),
    [client],
  );
  const reloadProfiles = useCallback(
    () =>
      client
        .call('profiles.list', {})
        .then((answer) => {
          setList(answer);
          setSelected((current) => current ?? answer.profiles[0]?.name);
        })
        .catch((failure: unknown) => setError(errorMessage(failure))),
    [client],
  );
  useEffect(() => {
    void reloadProfiles();
    void reloadSessions();
  }, [reloadProfiles, reloadSessions]);
  useEvent('powernode.sessionChanged', (view) => {
    setSessions((previous) => [...previous.filter((session) => session.profile !== view.profile), view]);
    setGeneration((value) => value + 1);
    // Whether the keychain holds credentials changes with logins and logouts.
    void reloadProfiles();
  });
  // Every answered poll is pushed (its age restarts); the history is read again only when the state itself moved.
  const lastSeen = useRef(new Map<string, string>());
  useEvent('killSwitch.changed', (state) => {
    const seen = `${state.state}|${state.since}|${state.settled?.at ?? ''}`;
    if (lastSeen.current.get(state.profile) === seen) return;
    const first = !lastSeen.current.has(state.profile);
    lastSeen.current.set(state.profile, seen);
    if (!first) setGeneration((value) => value + 1);
  });

  const session = sessions.find((candidate) => candidate.profile === selected);
  const ksState = states.find((state) => state.profile === selected);
  const connected = session?.state === 'logged_in';

  return (
    <div className="view">
      <h1 className="view-title">Powernode</h1>
      <ErrorText error={error} />
      <ProfilesPanel
        list={list}
        selected={selected}
        onSelect={setSelected}
        onChanged={(next) => {
          setList(next);
          if (selected && !next.profiles.some((profile) => profile.name === selected)) setSelected(next.profiles[0]?.name);
          void reloadSessions();
        }}
      />
      {selected && <SessionPanel profile={selected} session={session} keychain={list?.keychain} />}
      {selected && connected && (
        <div className="pn-grid">
          <KillSwitchHistoryPanel key={`${selected}-${generation}`} profile={selected} state={ksState} />
          <AgentsPanel profile={selected} />
        </div>
      )}
    </div>
  );
}
