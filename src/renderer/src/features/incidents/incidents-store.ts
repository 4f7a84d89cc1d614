import { useEffect, useSyncExternalStore } from 'react';
import type { Incident } from '../../../../shared/model';
import { call, errorMessage, on } from '../../api/client';

export interface IncidentsState {
  incidents: Incident[];
  error: string | undefined;
  loaded: boolean;
}

/**
 * Every incident in the journal, shared by the top bar and the views: listed once, then kept
 * current by `incidents.changed` pushes (no screen waits on its own copy).
 */
let state: IncidentsState = { incidents: [], error: undefined, loaded: false };
const listeners = new Set<() => void>();
let started = false;

function publish(next: IncidentsState): void {
  state = next;
  for (const listener of listeners) listener();
}

function start(): void {
  if (started) return;
  started = true;
  on('incidents.changed', (changed) => {
    const known = state.incidents.some((incident) => incident.id === changed.id);
    const incidents = known ? state.incidents.map((incident) => (incident.id === changed.id ? changed : incident)) : [changed, ...state.incidents];
    incidents.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.createdAt.localeCompare(a.createdAt));
    publish({ ...state, incidents });
  });
  call('incidents.list', {})
    .then((incidents) => {
      // Pushes that arrived meanwhile are newer than the list for the incidents they name.
      const pushed = new Map(state.incidents.map((incident) => [incident.id, incident]));
      const merged = incidents.map((incident) => pushed.get(incident.id) ?? incident);
      const extra = state.incidents.filter((incident) => !incidents.some((listed) => listed.id === incident.id));
      publish({ incidents: [...extra, ...merged], error: undefined, loaded: true });
    })
    .catch((error: unknown) => publish({ ...state, error: errorMessage(error), loaded: true }));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useIncidents(): IncidentsState {
  useEffect(start, []);
  return useSyncExternalStore(subscribe, () => state);
}
