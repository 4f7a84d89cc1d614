import type { ConsoleError } from '../../../../shared/errors';
import type { KillSwitchState } from '../../../../shared/powernode-schemas';
import type { ConsoleClient } from '../../api/client';
import { useShared } from '../../api/client-context';
import { upsertByKey } from '../../data/by-key';
import { LiveStore } from '../../data/live-store';
import { useLiveStore } from '../../data/use-live-store';

const byProfile = (a: KillSwitchState, b: KillSwitchState) => a.profile.localeCompare(b.profile);

/** Every profile's last known kill switch state: the overview, kept current by `killSwitch.changed` pushes. */
export function createKillSwitchStore(client: ConsoleClient): LiveStore<KillSwitchState[]> {
  return new LiveStore<KillSwitchState[]>(client, {
    initial: [],
    load: async (api) => (await api.call('killSwitch.overview', {})).states.sort(byProfile),
    fold: { 'killSwitch.changed': (states, state) => upsertByKey(states, state, (each) => each.profile, byProfile) },
  });
}

/** The top bar, the dialogs and the Powernode screen all read this one store. */
export function useKillSwitchStates(): { states: KillSwitchState[]; error: ConsoleError | undefined; reload: () => void } {
  const store = useShared(createKillSwitchStore);
  const { value, error } = useLiveStore(store);
  return { states: value, error, reload: store.reload };
}
