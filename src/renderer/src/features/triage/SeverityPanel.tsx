import { Severity } from '../../../../shared/model';
import type { Runbook } from '../../../../shared/runbook';
import type { SeverityStatus } from '../../../../shared/triage-schemas';
import { DateTime } from '../../ui/DateTime';
import { formatDuration } from '../../format/time';
import { Panel } from '../../ui/Panel';
import { SeverityChooser } from './SeverityChooser';

/** Time to acknowledge and time in each severity, computed from the journal; changing severity mid-incident. */
export function SeverityPanel({ runbook, incidentId, status, now }: { runbook: Runbook; incidentId: string; status: SeverityStatus; now: number | undefined }) {
  const ack = status.acknowledgement;
  // The open period grows with the countdown clock between two reloads.
  const openExtra = status.periods.at(-1) && now !== undefined ? Math.max(0, now - Date.parse(status.now)) : 0;
  return (
    <Panel title="Severity">
      <dl className="facts" data-testid="severity-facts">
        <dt>Current</dt>
        <dd>{status.current ?? 'not set'}</dd>
        <dt>Time to acknowledge</dt>
        <dd data-testid="time-to-ack">
          {ack ? (
            <>
              {formatDuration(ack.elapsedMs)}
              {ack.targetMs !== null && ` (target ${formatDuration(ack.targetMs)}${ack.met ? ', met' : ', missed'})`} — by {ack.by}, <DateTime iso={ack.at} />
            </>
          ) : status.clock ? (
            'not acknowledged yet'
          ) : (
            '—'
          )}
        </dd>
        {Severity.options
          .filter((level) => status.timeIn[level] !== undefined)
          .map((level) => (
            <FactRow key={level} label={`Time in ${level}`} value={formatDuration((status.timeIn[level] ?? 0) + (level === status.current ? openExtra : 0))} />
          ))}
      </dl>
      {status.periods.length > 0 && (
        <ol className="severity-history" aria-label="Severity history">
          {status.periods.map((period) => (
            <li key={period.from}>
              <span className={`sev-dot sev-${period.severity.toLowerCase()}`}>{period.severity}</span> <DateTime iso={period.from} /> by {period.author}
              {period.reason && <span className="muted"> — {period.reason}</span>}
            </li>
          ))}
        </ol>
      )}
      {status.current !== null && (
        <details className="change-severity">
          <summary>Change severity</summary>
          <SeverityChooser runbook={runbook} incidentId={incidentId} current={status.current} />
        </details>
      )}
    </Panel>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
