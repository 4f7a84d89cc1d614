import { z } from 'zod';
import { IncidentId, IncidentStatus, IsoTime, Severity } from './model';

// Contract schemas of the metrics across incidents (methods `metrics.*`); computed by src/shared/incident-metrics.ts.

export const MetricsPeriod = z
  .object({
    /** Incidents that started at or after this instant; all of them when absent. */
    from: IsoTime.optional(),
    /** …and before this one. */
    to: IsoTime.optional(),
  })
  .strict()
  .refine((period) => period.from === undefined || period.to === undefined || period.from < period.to, {
    message: 'The period must end after it starts',
    path: ['to'],
  });

const Ms = z.number().int().nonnegative();
const TimeIn = z.record(Severity, Ms);
const Mean = z.object({ ms: Ms.nullable(), of: z.number().int().nonnegative() });

export const IncidentFiguresSchema = z.object({
  incidentId: IncidentId,
  title: z.string(),
  severity: Severity.nullable(),
  status: IncidentStatus,
  startedAt: IsoTime,
  acknowledgedAt: IsoTime.nullable(),
  mitigatedAt: IsoTime.nullable(),
  resolvedAt: IsoTime.nullable(),
  ttaMs: Ms.nullable(),
  ttmMs: Ms.nullable(),
  ttrMs: Ms.nullable(),
  timeInMs: TimeIn,
  halts: z.number().int().nonnegative(),
});

export const MetricsRowSchema = z.object({
  group: z.union([Severity, z.literal('all')]),
  incidents: z.number().int().nonnegative(),
  mtta: Mean,
  mttm: Mean,
  mttr: Mean,
  timeInMs: TimeIn,
  halts: z.number().int().nonnegative(),
});

export const MetricsReport = z.object({
  from: IsoTime.nullable(),
  to: IsoTime.nullable(),
  rows: z.array(MetricsRowSchema),
  incidents: z.array(IncidentFiguresSchema),
  /** Drills in the journal, none of them counted. */
  drillsLeftOut: z.number().int().nonnegative(),
  /** Main's clock: the open incidents' severity in force is counted up to here. */
  now: IsoTime,
});
export type MetricsReport = z.infer<typeof MetricsReport>;

export const MetricsExportInput = z
  .object({
    from: IsoTime.optional(),
    to: IsoTime.optional(),
    /** Absolute folder; defaults to <dataDir>/exports/metrics. */
    folder: z.string().max(1000).optional(),
  })
  .strict();
