import type { ConsoleError } from '../../../../shared/errors';
import type { Incident } from '../../../../shared/model';
import type { ConsoleClient } from '../../api/client';
import { useShared } from '../../api/client-context';
import { upsertByKey } from '../../data/by-key';
import { LiveStore } from '../../data/live-store';
import { useLiveStore } from '../../data/use-live-store';

export interface IncidentsState {
  incidents: Incident[];
  error: ConsoleError | undefined;
  loaded: boolean;
}

const newestFirst = (a: Incident, b: Incident) => b.startedAt.localeCompare(a.startedAt) || b.createdAt.localeCompare(a.createdAt);

/**
 * Every incident in the journal, shared by the top bar and the views: listed once, then kept
 * current by `incidents.changed` pushes (no screen waits on its own copy).
 */
export function createIncidentsStore(client: ConsoleClient): LiveStore<Incident[]> {
  return new LiveStore<Incident[]>(client, {
    initial: [],
    load: (api) => api.call('incidents.list', {}),
    fold: {
      'incidents.changed': (incidents, changed) => upsertByKey(incidents, changed, (incident) => incident.id, newestFirst),
      'incidents.removed': (incidents, { removed }) => {
        const gone = new Set(removed.map((drill) => drill.id));
        return incidents.some((incident) => gone.has(incident.id)) ? incidents.filter((incident) => !gone.has(incident.id)) : incidents;
      },
    },
  });
}

export function useIncidents(): IncidentsState {
  const { value, error, loaded } = useLiveStore(useShared(createIncidentsStore));
  return { incidents: value, error, loaded };
}
