import type { Incident } from '../../../../shared/model';
import { DataTable } from '../../ui/DataTable';
import { DateTime } from '../../ui/DateTime';
import { DrillBadge } from '../../ui/DrillBadge';
import { SeverityPill, StatusPill } from './StatusPill';
import './incidents.css';

const DETAILED_COLUMNS = ['Title', 'Severity', 'Status', 'Started', 'Last entry', ''];

/**
 * Incidents, one a row: title, severity, status, when it started, and the button that opens it.
 * `detailed` (the Incidents screen) adds the column titles, who detected it, the last entry and
 * the current incident's mark; without it, the Overview's short list of what is open.
 */
export function IncidentTable({
  label,
  incidents,
  detailed = false,
  currentId,
  onOpen,
}: {
  label: string;
  incidents: Incident[];
  detailed?: boolean;
  currentId?: string;
  onOpen: (incident: Incident) => void;
}) {
  return (
    <DataTable className="incident-table" label={label} columns={detailed ? DETAILED_COLUMNS : undefined}>
      {incidents.map((incident) => (
        <tr key={incident.id} className={detailed && incident.id === currentId ? 'current' : undefined} data-testid={detailed ? 'incident-row' : undefined}>
          <td>
            <DrillBadge drill={incident.drill} /> <strong>{incident.title}</strong>
            {detailed && <div className="muted small">detected by {incident.detectedBy}</div>}
          </td>
          <td>
            <SeverityPill severity={incident.severity} />
          </td>
          <td>
            <StatusPill status={incident.status} />
          </td>
          <td>
            {!detailed && 'started '}
            <DateTime iso={incident.startedAt} />
          </td>
          {detailed && <td>{incident.lastEntryAt ? <DateTime iso={incident.lastEntryAt} /> : <span className="muted">—</span>}</td>}
          <td>
            {detailed ? (
              <button type="button" className="button" onClick={() => onOpen(incident)} aria-label={`Open ${incident.title}`}>
                {incident.id === currentId ? 'Timeline' : 'Open'}
              </button>
            ) : (
              <button type="button" className="button" onClick={() => onOpen(incident)}>
                Open timeline
              </button>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
