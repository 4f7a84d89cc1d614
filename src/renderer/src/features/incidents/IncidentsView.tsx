import { DateTime } from '../../ui/DateTime';
import { JournalStatusBanner } from '../journal/JournalStatusBanner';
import { SeverityPill, StatusPill } from './StatusPill';
import { StatusStepper } from './StatusStepper';
import { Panel } from '../../ui/Panel';
import { useOpenIncidentTimeline } from '../timeline/open-timeline';
import { useCurrentIncident } from '../../state/current-incident';
import { useJournalStatus } from '../journal/journal-status';
import { useIncidents } from './incidents-store';
import { useVisit } from '../../state/navigation';
import { NewIncidentForm } from './NewIncidentForm';
import './incidents.css';

/** Every incident side by side; open one to make it current, move it through its statuses. */
export function IncidentsView() {
  const { incidents, error, loaded } = useIncidents();
  const { incidentId } = useCurrentIncident();
  const { params, visit } = useVisit('incidents');
  const journal = useJournalStatus();
  const current = incidents.find((incident) => incident.id === incidentId);

  const openTimeline = useOpenIncidentTimeline();
  const open = (id: string, focusCapture = false) => openTimeline(id, { focusCapture });

  return (
    <div className="view">
      <h1 className="view-title">Incidents</h1>
      <JournalStatusBanner />
      {current && (
        <Panel title={`Current: ${current.title}`}>
          <StatusStepper incident={current} />
        </Panel>
      )}
      <Panel title="New incident">
        <NewIncidentForm focusRequest={params?.create ? visit : undefined} onCreated={(incident) => open(incident.id, true)} />
      </Panel>
      <Panel title={`All incidents (${incidents.length})`}>
        {/* An unavailable journal is explained once, by the banner above. */}
        {error && journal?.available !== false && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {loaded && !error && incidents.length === 0 && <p className="muted">No incidents yet. Open one above when something is wrong.</p>}
        {incidents.length > 0 && (
          <table className="incident-table" aria-label="Incidents">
            <thead>
              <tr>
                <th>Title</th>
                <th>Severity</th>
                <th>Status</th>
                <th>Started</th>
                <th>Last entry</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {incidents.map((incident) => (
                <tr key={incident.id} className={incident.id === incidentId ? 'current' : undefined} data-testid="incident-row">
                  <td>
                    <strong>{incident.title}</strong>
                    <div className="muted small">detected by {incident.detectedBy}</div>
                  </td>
                  <td>
                    <SeverityPill severity={incident.severity} />
                  </td>
                  <td>
                    <StatusPill status={incident.status} />
                  </td>
                  <td>
                    <DateTime iso={incident.startedAt} />
                  </td>
                  <td>{incident.lastEntryAt ? <DateTime iso={incident.lastEntryAt} /> : <span className="muted">—</span>}</td>
                  <td>
                    <button type="button" className="button" onClick={() => open(incident.id)} aria-label={`Open ${incident.title}`}>
                      {incident.id === incidentId ? 'Timeline' : 'Open'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
