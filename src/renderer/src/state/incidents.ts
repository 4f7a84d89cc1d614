import { useEffect, useState } from 'react';
import type { Incident } from '../../../shared/model';
import { call, errorMessage } from '../api/client';
import { useEvent } from '../api/use-event';

export interface IncidentsState {
  incidents: Incident[];
  error: string | undefined;
  loaded: boolean;
}

/** Every incident in the journal, kept current by `incidents.changed` pushes. */
export function useIncidents(): IncidentsState {
  const [state, setState] = useState<IncidentsState>({ incidents: [], error: undefined, loaded: false });
  useEffect(() => {
    let live = true;
    call('incidents.list', {})
      .then((incidents) => live && setState({ incidents, error: undefined, loaded: true }))
      .catch((error: unknown) => live && setState((previous) => ({ ...previous, error: errorMessage(error), loaded: true })));
    return () => {
      live = false;
    };
  }, []);
  useEvent('incidents.changed', (changed) => {
    setState((previous) => {
      const known = previous.incidents.some((incident) => incident.id === changed.id);
      const incidents = known
        ? previous.incidents.map((incident) => (incident.id === changed.id ? changed : incident))
        : [changed, ...previous.incidents];
      incidents.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.createdAt.localeCompare(a.createdAt));
      return { ...previous, incidents };
    });
  });
  return state;
}

/** The incident the operator is working on, as last pushed; undefined when none is chosen or known. */
export function useIncident(incidentId: string | undefined): Incident | undefined {
  const { incidents } = useIncidents();
  return incidentId ? incidents.find((incident) => incident.id === incidentId) : undefined;
}
