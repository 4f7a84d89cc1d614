import { journalOrder } from './merged-order';
import { entryTime } from './entry-time';
import { isPlatformChange } from './kill-switch-settled';
import { entryDataSchemas, Severity, type EntryKind, type Incident, type IncidentStatus, type TimelineEntry } from './model';
import type { SeverityLevel } from './runbook';
import { deriveSeverityState, SEVERITY_STATE_KINDS } from './severity-timing';

// Response figures across incidents, computed from their journals alone (the same entries the
// timeline, the post-mortem and any export hold), so anyone with the journal gets the same numbers.
// Every figure counts from the incident's start (its first symptom, backdatable):
// - time to acknowledge: to the first acknowledgement (or the status moving on without one);
// - time to mitigate: to when the status first reached mitigated (or resolved, skipping it);
// - time to resolve: to the resolution in force (reopening clears it);
// - time in each severity: the severity periods, up to the resolution (or now while open);
// - halts: the platform halts the server settled (an unknown, refused or 409 halt is not one).
// Incidents are grouped by the most severe level they reached; drills are never counted.

const STATUS_RANK: Record<IncidentStatus, number> = { detected: 0, acknowledged: 1, mitigated: 2, resolved: 3 };
const SEVERITY_RANK: Record<Severity, number> = { SEV1: 1, SEV2: 2, SEV3: 3, SEV4: 4 };

export interface IncidentFigures {
  incidentId: string;
  title: string;
  /** The most severe level reached; null if never triaged. */
  severity: Severity | null;
  status: IncidentStatus;
  startedAt: string;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  ttaMs: number | null;
  ttmMs: number | null;
  ttrMs: number | null;
  timeInMs: Record<Severity, number>;
  halts: number;
}

/**
 * The kinds incidentFigures reads: the severity state's (the top bar derives it from the same
 * ones) and the kill switch's calls. Reading a whole timeline for each incident took seconds.
 */
export const METRICS_KINDS = [...SEVERITY_STATE_KINDS, 'killswitch_call'] as const satisfies readonly EntryKind[];

/** One incident's figures from its journal (at least its METRICS_KINDS entries); `now` closes the severity in force while it is open. */
export function incidentFigures(incident: Incident, entries: readonly TimelineEntry[], levels: readonly SeverityLevel[], now: Date): IncidentFigures {
  const ordered = journalOrder(entries);
  let acknowledgedAt: string | null = null;
  let mitigatedAt: string | null = null;
  let resolvedAt: string | null = null;
  let status: IncidentStatus = 'detected';
  let halts = 0;
  const settled = new Set<string>();
  for (const entry of ordered) {
    const at = new Date(Date.parse(entryTime(entry))).toISOString();
    if (entry.kind === 'acknowledged') {
      acknowledgedAt ??= at;
      if (STATUS_RANK[status] < 1) status = 'acknowledged';
    } else if (entry.kind === 'status_changed') {
      const data = entryDataSchemas.status_changed.safeParse(entry.data);
      if (!data.success) continue;
      const to = data.data.to;
      if (STATUS_RANK[to] >= 1) acknowledgedAt ??= at;
      if (STATUS_RANK[to] >= 2) mitigatedAt ??= at;
      resolvedAt = to === 'resolved' ? at : null;
      status = to;
    } else if (entry.kind === 'killswitch_call') {
      const data = entryDataSchemas.killswitch_call.safeParse(entry.data);
      if (data.success && data.data.action === 'halt' && isPlatformChange(data.data, settled)) halts += 1;
    }
  }
  const state = deriveSeverityState(ordered, levels, resolvedAt ? new Date(resolvedAt) : now);
  const timeInMs = Object.fromEntries(Severity.options.map((level) => [level, state.timeIn[level] ?? 0])) as Record<Severity, number>;
  const peak = state.periods.reduce<Severity | null>(
    (worst, period) => (worst === null || SEVERITY_RANK[period.severity] < SEVERITY_RANK[worst] ? period.severity : worst),
    null,
  );
  const since = (iso: string | null): number | null => (iso === null ? null : Math.max(0, Date.parse(iso) - Date.parse(incident.startedAt)));
  return {
    incidentId: incident.id,
    title: incident.title,
    severity: peak,
    status,
    startedAt: incident.startedAt,
    acknowledgedAt,
    mitigatedAt,
    resolvedAt,
    ttaMs: since(acknowledgedAt),
    ttmMs: since(mitigatedAt),
    ttrMs: since(resolvedAt),
    timeInMs,
    halts,
  };
}

/** A mean and how many incidents it is over (those that reached that point). */
export interface Mean {
  ms: number | null;
  of: number;
}

export interface MetricsRow {
  /** A severity (incidents that reached it at worst), or "all" in the period. */
  group: Severity | 'all';
  incidents: number;
  mtta: Mean;
  mttm: Mean;
  mttr: Mean;
  /** Total time spent in each severity by these incidents. */
  timeInMs: Record<Severity, number>;
  halts: number;
}

function mean(values: Array<number | null>): Mean {
  const known = values.filter((value): value is number => value !== null);
  return { ms: known.length === 0 ? null : Math.round(known.reduce((sum, value) => sum + value, 0) / known.length), of: known.length };
}

/** A row per severity (SEV1…SEV4, each present even when empty) and one for all incidents. */
export function metricsRows(figures: readonly IncidentFigures[]): MetricsRow[] {
  const row = (group: Severity | 'all', members: readonly IncidentFigures[]): MetricsRow => ({
    group,
    incidents: members.length,
    mtta: mean(members.map((member) => member.ttaMs)),
    mttm: mean(members.map((member) => member.ttmMs)),
    mttr: mean(members.map((member) => member.ttrMs)),
    timeInMs: Object.fromEntries(Severity.options.map((level) => [level, members.reduce((sum, member) => sum + member.timeInMs[level], 0)])) as Record<
      Severity,
      number
    >,
    halts: members.reduce((sum, member) => sum + member.halts, 0),
  });
  return [
    ...Severity.options.map((level) =>
      row(
        level,
        figures.filter((member) => member.severity === level),
      ),
    ),
    row('all', figures),
  ];
}

/** The incidents a period counts: real ones (never drills) that started within [from, to). */
export function incidentsInPeriod(incidents: readonly Incident[], from: string | undefined, to: string | undefined): Incident[] {
  return incidents.filter((incident) => !incident.drill && (from === undefined || incident.startedAt >= from) && (to === undefined || incident.startedAt < to));
}

const minutes = (ms: number | null): string => (ms === null ? '' : (ms / 60_000).toFixed(2));
/** Quoted when needed; a title starting like a formula (=, +, -, @) is kept as text, so a spreadsheet never runs it. */
function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The figures as CSV (minutes, two decimals; times in UTC): one line per severity group, then one per incident. */
export function metricsCsv(rows: readonly MetricsRow[], figures: readonly IncidentFigures[]): string {
  const lines: string[][] = [
    [
      'group',
      'incidents',
      'mtta_min',
      'mtta_of',
      'mttm_min',
      'mttm_of',
      'mttr_min',
      'mttr_of',
      ...Severity.options.map((level) => `time_in_${level}_min`),
      'halts',
    ],
    ...rows.map((row) => [
      row.group,
      String(row.incidents),
      minutes(row.mtta.ms),
      String(row.mtta.of),
      minutes(row.mttm.ms),
      String(row.mttm.of),
      minutes(row.mttr.ms),
      String(row.mttr.of),
      ...Severity.options.map((level) => minutes(row.timeInMs[level])),
      String(row.halts),
    ]),
    [],
    [
      'incident_id',
      'title',
      'severity',
      'status',
      'started_at_utc',
      'acknowledged_at_utc',
      'mitigated_at_utc',
      'resolved_at_utc',
      'tta_min',
      'ttm_min',
      'ttr_min',
      ...Severity.options.map((level) => `time_in_${level}_min`),
      'halts',
    ],
    ...figures.map((figure) => [
      figure.incidentId,
      figure.title,
      figure.severity ?? '',
      figure.status,
      figure.startedAt,
      figure.acknowledgedAt ?? '',
      figure.mitigatedAt ?? '',
      figure.resolvedAt ?? '',
      minutes(figure.ttaMs),
      minutes(figure.ttmMs),
      minutes(figure.ttrMs),
      ...Severity.options.map((level) => minutes(figure.timeInMs[level])),
      String(figure.halts),
    ]),
  ];
  return `${lines.map((line) => line.map(csvCell).join(',')).join('\n')}\n`;
}
