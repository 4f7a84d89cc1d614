import { useCurrentIncident } from '../../state/current-incident';
import { useNavigation } from '../../state/navigation';

/** Makes an incident current and shows its timeline, optionally ready for a note. */
export function useOpenIncidentTimeline(): (incidentId: string, options?: { focusCapture?: boolean }) => void {
  const { setIncidentId } = useCurrentIncident();
  const navigation = useNavigation();
  return (incidentId, options = {}) => {
    setIncidentId(incidentId);
    navigation.navigate('timeline', { focusCapture: options.focusCapture });
  };
}
