import { isAbsolute, join, normalize } from 'node:path';
import { ConsoleError } from '../../../shared/errors';
import { incidentFigures, incidentsInPeriod, METRICS_KINDS, metricsCsv, metricsRows } from '../../../shared/incident-metrics';
import type { MetricsReport } from '../../../shared/metrics-schemas';
import type { SeverityLevel } from '../../../shared/runbook';
import type { Clock } from '../clock';
import { fileStamp } from '../files/file-stamp';
import { writePrivateFile } from '../files/private-files';
import type { Handlers, MethodsIn } from '../handlers';
import type { JournalPort } from '../journal/journal-port';

export interface MetricsServiceDeps {
  journal: JournalPort;
  clock: Clock;
  dataDir: string;
  /** The severity table in force (acknowledgement targets are not needed, the periods are). */
  levels: () => readonly SeverityLevel[];
}

/** Metrics across incidents, read from the journals each time (never kept beside them), and their CSV. */
export function createMetricsHandlers(deps: MetricsServiceDeps): Handlers<MethodsIn<'metrics'>> {
  const compute = (from: string | undefined, to: string | undefined): MetricsReport => {
    const now = deps.clock.now();
    const all = deps.journal.listIncidents();
    const counted = incidentsInPeriod(all, from, to).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const incidents = counted.map((incident) => incidentFigures(incident, deps.journal.entriesOfKinds(incident.id, METRICS_KINDS), deps.levels(), now));
    return {
      from: from ?? null,
      to: to ?? null,
      rows: metricsRows(incidents),
      incidents,
      drillsLeftOut: all.filter((incident) => incident.drill).length,
      now: now.toISOString(),
    };
  };
  return {
    'metrics.compute': ({ from, to }) => compute(from, to),
    'metrics.exportCsv': ({ from, to, folder }) => {
      const target = folder?.trim() ? normalize(folder.trim()) : join(deps.dataDir, 'exports', 'metrics');
      if (!isAbsolute(target)) throw new ConsoleError('REPORTS_BAD_FOLDER', `Give the folder as a full path, not "${folder}".`);
      const report = compute(from, to);
      const path = join(target, `metrics-${fileStamp(deps.clock.now())}.csv`);
      writePrivateFile(path, metricsCsv(report.rows, report.incidents), `save the metrics in ${target}`);
      return { path };
    },
  };
}
