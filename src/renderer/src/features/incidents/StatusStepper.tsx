import type { Incident, IncidentStatus } from '../../../../shared/model';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { DateTime } from '../../ui/DateTime';
import { ErrorText } from '../../ui/ErrorText';

const STEPS: { status: IncidentStatus; label: string; at: (incident: Incident) => string | null }[] = [
  { status: 'detected', label: 'Detected', at: (incident) => incident.startedAt },
  { status: 'acknowledged', label: 'Acknowledged', at: (incident) => incident.acknowledgedAt },
  { status: 'mitigated', label: 'Mitigated', at: (incident) => incident.mitigatedAt },
  { status: 'resolved', label: 'Resolved', at: (incident) => incident.resolvedAt },
];

/** The incident's statuses with the time each was reached; the next ones are one click away (journaled). */
export function StatusStepper({ incident }: { incident: Incident }) {
  const client = useClient();
  const { busy, error, run: move } = useAction((status: IncidentStatus) => client.call('incidents.setStatus', { incidentId: incident.id, status }));
  const reached = STEPS.findIndex((step) => step.status === incident.status);

  return (
    <div className="status-stepper" aria-label="Incident status">
      <ol>
        {STEPS.map((step, index) => {
          const at = step.at(incident);
          const state = index < reached ? 'done' : index === reached ? 'current' : 'todo';
          return (
            <li key={step.status} className={`status-step status-step-${state}`} data-testid={`status-${step.status}`}>
              <span className="status-step-label">{step.label}</span>
              {at ? <DateTime iso={at} className="status-step-time" /> : <span className="muted status-step-time">—</span>}
              {index > reached && (
                <button type="button" className="button" disabled={busy} onClick={() => void move(step.status)}>
                  Mark {step.label.toLowerCase()}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <ErrorText error={error} />
    </div>
  );
}
