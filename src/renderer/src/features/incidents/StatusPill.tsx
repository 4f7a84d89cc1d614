import type { IncidentStatus, Severity } from '../../../../shared/model';

export function StatusPill({ status }: { status: IncidentStatus }) {
  return <span className={`status-pill status-${status}`}>{status}</span>;
}

export function SeverityPill({ severity }: { severity: Severity | null }) {
  return severity ? (
    <span className={`severity-pill severity-${severity.toLowerCase()}`}>{severity}</span>
  ) : (
    <span className="severity-pill severity-none" title="Not triaged yet">
      no severity
    </span>
  );
}
