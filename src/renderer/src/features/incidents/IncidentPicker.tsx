import { useMethod } from '../../api/use-method';
import { useCurrentIncident } from '../../state/current-incident';
import { ErrorText } from '../../ui/ErrorText';

/**
 * Comms and Post-mortem work on the current incident; when none is chosen yet they offer this
 * picker (the top bar's incident switcher sets the same current incident).
 */
export function IncidentPicker() {
  const { setIncidentId } = useCurrentIncident();
  const incidents = useMethod('incidents.list', {});
  return (
    <div className="comms-picker">
      <p>Choose the incident to work on:</p>
      <ErrorText error={incidents.error} />
      {incidents.data && incidents.data.length === 0 && <p className="muted">No incident in the journal yet.</p>}
      <ul>
        {incidents.data?.map((incident) => (
          <li key={incident.id}>
            <button type="button" className="button" onClick={() => setIncidentId(incident.id)}>
              {incident.severity ?? 'no severity'} · {incident.title} · {incident.status}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
