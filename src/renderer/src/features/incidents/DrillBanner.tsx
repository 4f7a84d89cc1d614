import { useCurrentIncident } from '../../state/current-incident';
import { useIncidents } from './incidents-store';

/** Across the top of every screen while the incident worked on is a drill. */
export function DrillBanner() {
  const { incidentId } = useCurrentIncident();
  const { incidents } = useIncidents();
  const current = incidents.find((incident) => incident.id === incidentId);
  if (!current?.drill) return null;
  return (
    <div className="drill-banner" role="status" data-testid="drill-banner">
      <span className="drill-badge">DRILL</span>
      <span>This is an exercise, not an incident: work it against staging or the fake Powernode. It is left out of the metrics.</span>
    </div>
  );
}
