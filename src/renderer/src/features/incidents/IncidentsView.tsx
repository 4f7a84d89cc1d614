import { JournalStatusBanner } from '../journal/JournalStatusBanner';
import { IncidentTable } from './IncidentTable';
import { StatusStepper } from './StatusStepper';
import { Panel } from '../../ui/Panel';
import { useOpenIncidentTimeline } from '../timeline/open-timeline';
import { useCurrentIncident } from '../../state/current-incident';
import { useJournalStatus } from '../journal/journal-status';
import { useIncidents } from './incidents-store';
import { useVisit } from '../../state/navigation';
import { NewIncidentForm } from './NewIncidentForm';
import { DrillCleanup } from './DrillCleanup';
import { JoinIncident } from '../responders/JoinIncident';
import './incidents.css';
import { ErrorText } from '../../ui/ErrorText';

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
      <Panel title="Join an incident another console opened">
        <JoinIncident onJoined={(incident) => open(incident.id, true)} />
      </Panel>
      <Panel title={`All incidents (${incidents.length})`}>
        {/* An unavailable journal is explained once, by the banner above. */}
        <ErrorText error={journal?.available !== false ? error : undefined} />
        {loaded && !error && incidents.length === 0 && <p className="muted">No incidents yet. Open one above when something is wrong.</p>}
        {incidents.length > 0 && (
          <IncidentTable label="Incidents" incidents={incidents} detailed currentId={incidentId} onOpen={(incident) => open(incident.id)} />
        )}
      </Panel>
      <Panel title="Drills">
        <DrillCleanup drills={incidents.filter((incident) => incident.drill)} />
      </Panel>
    </div>
  );
}
