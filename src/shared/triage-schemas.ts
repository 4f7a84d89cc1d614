import { z } from 'zod';
import { IncidentId, IsoTime, Severity, TriageStep } from './model';
import { Runbook } from './runbook';

// Contract schemas of the triage & runbook domain (methods `runbook.*`, `triage.*`).

export const RunbookInfo = z.object({
  runbook: Runbook,
  /** Where the active runbook came from: the one shipped with the console, or a file the operator loaded. */
  origin: z.discriminatedUnion('kind', [z.object({ kind: z.literal('bundled') }), z.object({ kind: z.literal('file'), path: z.string() })]),
  loadedAt: IsoTime,
});
export type RunbookInfo = z.infer<typeof RunbookInfo>;

export const LoadRunbookInput = z.object({ path: z.string().trim().min(1, 'Give the path of a runbook JSON file').max(4096) }).strict();

export const TriageChoiceInput = z.object({ questionId: z.string().max(100), answerId: z.string().max(100) }).strict();

export const SetSeverityInput = z
  .object({
    incidentId: IncidentId,
    severity: Severity,
    /** Required for any change after the first, and when choosing lower than triage suggested. */
    reason: z.string().max(2000).default(''),
    /** The answers given; main walks the tree again and journals the path, suggestion and sections. */
    answers: z.array(TriageChoiceInput).max(50).optional(),
    /** When it was decided, if before now (declared on the phone before the console was open); the acknowledgement clock starts there. */
    occurredAt: IsoTime.optional(),
  })
  .strict();

export const AcknowledgeInput = z.object({ incidentId: IncidentId, note: z.string().max(2000).optional() }).strict();

export const SetStepInput = z.object({ incidentId: IncidentId, sectionId: z.string().max(100), stepId: z.string().max(100), done: z.boolean() }).strict();

const Period = z.object({
  severity: Severity,
  from: IsoTime,
  to: IsoTime.nullable(),
  ms: z.number().int().nonnegative(),
  reason: z.string(),
  author: z.string(),
});

export const SeverityStatus = z.object({
  current: Severity.nullable(),
  periods: z.array(Period),
  timeIn: z.partialRecord(Severity, z.number().int().nonnegative()),
  acknowledgement: z
    .object({
      at: IsoTime,
      by: z.string(),
      severity: Severity.nullable(),
      elapsedMs: z.number().int().nonnegative(),
      targetMs: z.number().int().nullable(),
      met: z.boolean().nullable(),
    })
    .nullable(),
  clock: z.object({ severity: Severity, origin: IsoTime, deadline: IsoTime, targetMs: z.number().int() }).nullable(),
  triage: z.object({ path: z.array(TriageStep), suggested: Severity, sections: z.array(z.string()) }).nullable(),
  sections: z.array(z.string()),
  /** By `sectionId/stepId`: ticked by hand, or by the journal entry that shows the step done (`via`). */
  checklist: z.record(
    z.string(),
    z.object({
      done: z.boolean(),
      at: IsoTime,
      by: z.string(),
      seq: z.number().int().positive(),
      via: z.object({ entryId: z.string(), seq: z.number().int().positive(), summary: z.string() }).optional(),
    }),
  ),
  /** Main's clock when this was computed; the renderer's countdown follows main's clock, not its own. */
  now: IsoTime,
});
export type SeverityStatus = z.infer<typeof SeverityStatus>;
