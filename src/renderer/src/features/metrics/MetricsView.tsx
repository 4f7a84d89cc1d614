import { useState } from 'react';
import { Severity } from '../../../../shared/model';
import type { Mean } from '../../../../shared/incident-metrics';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { useMethod } from '../../api/use-method';
import { formatDuration } from '../../format/time';
import { useOpenIncidentTimeline } from '../timeline/open-timeline';
import { DataTable } from '../../ui/DataTable';
import { DateTime } from '../../ui/DateTime';
import { ErrorText } from '../../ui/ErrorText';
import { Panel } from '../../ui/Panel';
import { SeverityPill, StatusPill } from '../incidents/StatusPill';
import { MetricsChart } from './MetricsChart';
import { dayStart, dayText } from './period';
import './metrics.css';

const duration = (ms: number | null): string => (ms === null ? '—' : formatDuration(ms));
const meanText = (mean: Mean, incidents: number): string => (mean.ms === null ? '—' : `${formatDuration(mean.ms)} (${mean.of} of ${incidents})`);
const GROUP_COLUMNS = [
  'Severity (worst reached)',
  'Incidents',
  'MTTA',
  'Time to mitigate',
  'MTTR',
  ...Severity.options.map((level) => `Time in ${level}`),
  'Halts',
];
const INCIDENT_COLUMNS = ['Incident', 'Worst', 'Status', 'Started', 'To acknowledge', 'To mitigate', 'To resolve', 'Halts', ''];

/**
 * Response over a period, across incidents: mean time to acknowledge, to mitigate and to resolve,
 * and time spent in each severity, per severity and over all, read from the journals. Drills are
 * never counted; halts count only when the server settled them. The same figures go out as CSV.
 */
export function MetricsView() {
  const client = useClient();
  const openTimeline = useOpenIncidentTimeline();
  const [fromDay, setFromDay] = useState(() => dayText(Date.now(), 30));
  const [toDay, setToDay] = useState(() => dayText(Date.now()));
  const period = { from: dayStart(fromDay), to: dayStart(toDay, 1) };
  const report = useMethod('metrics.compute', period);
  const [saved, setSaved] = useState<string>();
  const exportCsv = useAction(async () => setSaved((await client.call('metrics.exportCsv', period)).path));
  const data = report.data;

  return (
    <div className="view metrics-view">
      <h1 className="view-title">Metrics</h1>
      <Panel
        title="Period"
        actions={
          <button type="button" className="button" onClick={() => void exportCsv.run()} disabled={exportCsv.busy || !data}>
            Export CSV
          </button>
        }
      >
        <div className="metrics-period">
          <label className="field">
            <span>From (started on or after)</span>
            <input type="date" value={fromDay} onChange={(event) => setFromDay(event.target.value)} aria-label="From" />
          </label>
          <label className="field">
            <span>To (up to the end of)</span>
            <input type="date" value={toDay} onChange={(event) => setToDay(event.target.value)} aria-label="To" />
          </label>
          {(
            [
              ['Last 7 days', 7],
              ['Last 30 days', 30],
              ['Last 90 days', 90],
            ] as const
          ).map(([label, days]) => (
            <button
              key={label}
              type="button"
              className="button"
              onClick={() => {
                setFromDay(dayText(Date.now(), days));
                setToDay(dayText(Date.now()));
              }}
            >
              {label}
            </button>
          ))}
        </div>
        <p className="muted">
          From each incident&apos;s start (its first symptom). Incidents are grouped by the worst severity they reached; a mean counts those that got that far
          (“2 of 3”). Halts: only those the server settled.
          {data && data.drillsLeftOut > 0 && ` ${data.drillsLeftOut} ${data.drillsLeftOut === 1 ? 'drill is' : 'drills are'} left out.`}
        </p>
        {saved && (
          <p role="status" data-testid="metrics-csv">
            Saved <span className="mono">{saved}</span>
          </p>
        )}
        <ErrorText error={exportCsv.error} />
        <ErrorText error={report.error} />
      </Panel>
      {data && (
        <>
          <Panel title={`Mean times per severity (${data.incidents.length} ${data.incidents.length === 1 ? 'incident' : 'incidents'})`}>
            <MetricsChart rows={data.rows} />
            <DataTable className="metrics-table" label="Metrics per severity" columns={GROUP_COLUMNS}>
              {data.rows.map((row) => (
                <tr key={row.group} data-testid={`metrics-row-${row.group}`}>
                  <th scope="row">{row.group === 'all' ? 'All' : row.group}</th>
                  <td>{row.incidents}</td>
                  <td>{meanText(row.mtta, row.incidents)}</td>
                  <td>{meanText(row.mttm, row.incidents)}</td>
                  <td>{meanText(row.mttr, row.incidents)}</td>
                  {Severity.options.map((level) => (
                    <td key={level}>{row.timeInMs[level] ? formatDuration(row.timeInMs[level]) : '—'}</td>
                  ))}
                  <td>{row.halts}</td>
                </tr>
              ))}
            </DataTable>
          </Panel>
          <Panel title="Incidents in the period">
            {data.incidents.length === 0 ? (
              <p className="muted">No incident started in this period.</p>
            ) : (
              <DataTable className="metrics-table" label="Incidents in the period" columns={INCIDENT_COLUMNS}>
                {data.incidents.map((figure) => (
                  <tr key={figure.incidentId}>
                    <td>{figure.title}</td>
                    <td>
                      <SeverityPill severity={figure.severity} />
                    </td>
                    <td>
                      <StatusPill status={figure.status} />
                    </td>
                    <td>
                      <DateTime iso={figure.startedAt} />
                    </td>
                    <td>{duration(figure.ttaMs)}</td>
                    <td>{duration(figure.ttmMs)}</td>
                    <td>{duration(figure.ttrMs)}</td>
                    <td>{figure.halts}</td>
                    <td>
                      <button type="button" className="button" onClick={() => openTimeline(figure.incidentId)} aria-label={`Timeline of ${figure.title}`}>
                        Timeline
                      </button>
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </Panel>
        </>
      )}
    </div>
  );
}
