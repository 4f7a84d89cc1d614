import { useRef } from 'react';
import { useClient } from '../../api/client-context';
import { useCurrentIncident } from '../../state/current-incident';

/**
 * One incident per action: with none open, the first attempt opens one (before the call) and the
 * console switches to it at once, whatever the call's outcome; every later attempt goes into it.
 */
export function useIncidentForAction(): { incidentId: string | undefined; willOpen: boolean; ensure: (title: string) => Promise<string> } {
  const client = useClient();
  const { incidentId, setIncidentId } = useCurrentIncident();
  const opened = useRef<string>(undefined);
  return {
    incidentId,
    willOpen: !incidentId,
    ensure: async (title) => {
      if (incidentId) return incidentId;
      if (opened.current) return opened.current;
      const incident = await client.call('incidents.create', { title, detectedBy: 'the operator, from the kill switch' });
      opened.current = incident.id;
      setIncidentId(incident.id);
      return incident.id;
    },
  };
}
