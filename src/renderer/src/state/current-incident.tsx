import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/**
 * Which incident the operator is working on. Every screen reads it (the timeline, triage,
 * diagnostics and the kill switch journal into it); the incident switcher in the top bar sets it.
 */
interface CurrentIncident {
  incidentId: string | undefined;
  setIncidentId: (id: string | undefined) => void;
}

const CurrentIncidentContext = createContext<CurrentIncident | undefined>(undefined);
const STORAGE_KEY = 'incident-console.current-incident';

export function CurrentIncidentProvider({ children }: { children: ReactNode }) {
  const [incidentId, setIncidentIdState] = useState<string | undefined>(() => localStorage.getItem(STORAGE_KEY) ?? undefined);
  const value = useMemo<CurrentIncident>(
    () => ({
      incidentId,
      setIncidentId: (id) => {
        if (id) localStorage.setItem(STORAGE_KEY, id);
        else localStorage.removeItem(STORAGE_KEY);
        setIncidentIdState(id);
      },
    }),
    [incidentId],
  );
  return <CurrentIncidentContext.Provider value={value}>{children}</CurrentIncidentContext.Provider>;
}

export function useCurrentIncident(): CurrentIncident {
  const value = useContext(CurrentIncidentContext);
  if (!value) throw new Error('useCurrentIncident outside CurrentIncidentProvider');
  return value;
}
