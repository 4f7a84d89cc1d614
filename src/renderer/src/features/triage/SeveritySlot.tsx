import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { formatDuration, formatLocal } from '../../format/time';
import { useConsoleNow } from '../../state/console-clock';
import { useCurrentIncident } from '../../state/current-incident';
import { useNavigation } from '../../state/navigation';
import { useSeverityStatus } from './triage-store';
import './triage.css';

/** Longer than this, a countdown reads better as a deadline ("by Mon 09:00"). */
const SHOW_AS_DEADLINE_MS = 12 * 3_600_000;

/**
 * Always visible: the incident's severity, the countdown to its acknowledgement target (on main's
 * clock), and the button that acknowledges it. Overdue turns the countdown urgent.
 */
export function SeveritySlot() {
  const client = useClient();
  const { incidentId } = useCurrentIncident();
  const navigation = useNavigation();
  const { status } = useSeverityStatus(incidentId);
  const now = useConsoleNow();
  const { busy, error, run: acknowledge } = useAction((id: string) => client.call('triage.acknowledge', { incidentId: id }));

  if (!incidentId || !status) return null;

  const severity = status.current;
  return (
    <div className="severity-slot">
      <button
        type="button"
        className={`sev-badge ${severity ? `sev-${severity.toLowerCase()}` : 'sev-none'}`}
        data-testid="severity-badge"
        title={severity ? 'Severity — open Triage to change it' : 'No severity yet — open Triage'}
        onClick={() => navigation.navigate('triage')}
      >
        {severity ?? 'SEV ?'}
      </button>
      {status.clock && now !== undefined && <Countdown deadline={Date.parse(status.clock.deadline)} now={now} />}
      {!status.acknowledgement && (
        <button type="button" className="button primary ack-button" data-testid="ack-button" disabled={busy} onClick={() => void acknowledge(incidentId)}>
          Acknowledge
        </button>
      )}
      {!status.clock && !status.acknowledgement && !severity && <span className="muted ack-note">Triage to set the severity</span>}
      {status.acknowledgement && (
        <span className="muted ack-note" data-testid="ack-done" title={`by ${status.acknowledgement.by}, ${formatLocal(status.acknowledgement.at)}`}>
          Acknowledged after {formatDuration(status.acknowledgement.elapsedMs)}
          {status.acknowledgement.met === false && ' (late)'}
        </span>
      )}
      {error && (
        <span className="error-text" role="alert">
          {error.message}
        </span>
      )}
    </div>
  );
}

function Countdown({ deadline, now }: { deadline: number; now: number }) {
  const remaining = deadline - now;
  const overdue = remaining <= 0;
  const text = overdue
    ? `Ack overdue by ${formatDuration(-remaining)}`
    : remaining > SHOW_AS_DEADLINE_MS
      ? `Ack by ${formatLocal(new Date(deadline).toISOString())}`
      : `Ack within ${formatDuration(remaining)}`;
  return (
    <span
      className={overdue ? 'ack-countdown urgent' : 'ack-countdown'}
      data-testid="ack-countdown"
      data-state={overdue ? 'overdue' : 'running'}
      role={overdue ? 'alert' : undefined}
      title={`Acknowledgement target: ${formatLocal(new Date(deadline).toISOString())}`}
    >
      {text}
    </span>
  );
}
