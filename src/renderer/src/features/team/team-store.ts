import type { ConsoleError } from '../../../../shared/errors';
import type { TeamRoster } from '../../../../shared/team-schemas';
import type { ConsoleClient } from '../../api/client';
import { useSharedFor } from '../../api/client-context';
import { LiveStore } from '../../data/live-store';
import { sameJson } from '../../data/same-json';
import { useLiveStore } from '../../data/use-live-store';

/**
 * Who is in an incident and who holds each role, read again whenever its journal grows: a role
 * entry written here or arriving from another console changes it the same way.
 */
export function createTeamRosterStore(client: ConsoleClient, incidentId: string): LiveStore<TeamRoster | undefined> {
  return new LiveStore<TeamRoster | undefined>(client, {
    initial: undefined,
    load: (api) => api.call('team.roster', { incidentId }),
    unchanged: sameJson,
    reloadOn: { 'journal.appended': ({ entry }) => entry.incidentId === incidentId, 'chains.imported': (imported) => imported.incidentId === incidentId },
  });
}

/** One store per incident, shared by the top bar's commander and the Team screen; `replace` takes a method's answer at once. */
export function useTeamRoster(incidentId: string | undefined): {
  roster: TeamRoster | undefined;
  error: ConsoleError | undefined;
  replace: (roster: TeamRoster) => void;
} {
  const store = useSharedFor(createTeamRosterStore, incidentId);
  const { value, error } = useLiveStore(store);
  return { roster: value, error, replace: (roster) => store?.update(() => roster) };
}
