import { useCallback } from 'react';
import type { AppSettings, TimeDisplay } from '../../../shared/app-schemas';
import type { ZoneRule } from '../../../shared/backdate';
import { UTC_ZONE } from '../../../shared/backdate';
import type { ConsoleClient } from '../api/client';
import { useClient, useShared } from '../api/client-context';
import { LiveStore } from '../data/live-store';
import { useLiveStore } from '../data/use-live-store';

/** The console's preferences, read once and kept current by `app.settings` pushes (every window follows a change). */
export function createSettingsStore(client: ConsoleClient): LiveStore<AppSettings | undefined> {
  return new LiveStore<AppSettings | undefined>(client, {
    initial: undefined,
    load: (api) => api.call('app.settings.get', {}),
    fold: { 'app.settings': (_current, settings) => settings },
  });
}

/** This browser's zone: its IANA name and its offset at any instant. */
export const LOCAL_ZONE: ZoneRule = {
  name: Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time',
  offsetMinutes: (ms) => -new Date(ms).getTimezoneOffset(),
};

/** The local zone is UTC itself (a server, these build machines): "both" would say the same twice. */
export const LOCAL_IS_UTC = LOCAL_ZONE.name === 'UTC' || LOCAL_ZONE.name === 'Etc/UTC';

export interface TimeDisplayState {
  display: TimeDisplay;
  /** The zone a typed time is read in: UTC when the operator reads UTC only, else local. */
  zone: ZoneRule;
  setDisplay: (display: TimeDisplay) => void;
}

/** How the operator wants times shown (saved in settings.json): local with UTC beside it until they choose. */
export function useTimeDisplay(): TimeDisplayState {
  const client = useClient();
  const store = useShared(createSettingsStore);
  const settings = useLiveStore(store).value;
  const display = settings?.timeDisplay ?? 'both';
  const setDisplay = useCallback(
    (next: TimeDisplay) => {
      store.update((current) => (current ? { ...current, timeDisplay: next } : current));
      void client.call('app.settings.set', { timeDisplay: next }).catch(() => store.reload());
    },
    [client, store],
  );
  return { display, zone: display === 'utc' ? UTC_ZONE : LOCAL_ZONE, setDisplay };
}
