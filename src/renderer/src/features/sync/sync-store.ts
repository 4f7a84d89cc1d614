import type { ConsoleError } from '../../../../shared/errors';
import type { SyncStatus } from '../../../../shared/sync-schemas';
import type { ConsoleClient } from '../../api/client';
import { useShared } from '../../api/client-context';
import { LiveStore } from '../../data/live-store';
import { useLiveStore } from '../../data/use-live-store';

/** The team sync state as main pushes it on every change (connect, push, pull, failure). */
export function createSyncStore(client: ConsoleClient): LiveStore<SyncStatus | undefined> {
  return new LiveStore<SyncStatus | undefined>(client, {
    initial: undefined,
    load: (api) => api.call('sync.status', {}),
    fold: { 'sync.status': (_value, status) => status },
  });
}

export function useSyncStatus(): { status: SyncStatus | undefined; error: ConsoleError | undefined; replace: (status: SyncStatus) => void } {
  const store = useShared(createSyncStore);
  const { value, error } = useLiveStore(store);
  return { status: value, error, replace: (status) => store.update(() => status) };
}

/** One line a commander reads at a glance: is the team database reached, and is anything of ours not in it yet. */
export function syncHeadline(status: SyncStatus): string {
  const waiting = status.waiting === 0 ? 'nothing waiting' : `${status.waiting} ${status.waiting === 1 ? 'entry' : 'entries'} waiting to go`;
  switch (status.connection) {
    case 'off':
      return 'Team sync off: no team database set';
    case 'connecting':
      return `Team sync connecting · ${waiting}`;
    case 'online':
      return `Team sync online · ${waiting}`;
    case 'offline':
      return `Team sync OFFLINE · ${waiting}`;
  }
}
