import { z } from 'zod';
import { IncidentId, IsoTime, PostmortemField, Severity } from './model';

// ── update cadence ─────────────────────────────────────────────────────────

export const UpdateCadence = z.object({
  incidentId: IncidentId,
  severity: Severity.nullable(),
  /** null: no regular updates (SEV4, no severity yet, or resolved). */
  cadenceMs: z.number().int().positive().nullable(),
  /** Where the runbook says internal updates go for this severity (War-room, Incident channel). */
  channel: z.string().nullable(),
  /** What the clock counts from: the last internal update, else the severity change or the start. */
  countingFrom: IsoTime,
  countingFromWhat: z.enum(['last_update', 'severity_change', 'incident_start']),
  nextUpdateDueAt: IsoTime.nullable(),
  lastUpdate: z.object({ at: IsoTime, channel: z.string(), text: z.string() }).nullable(),
  /** The console's clock, so the countdown does not trust the renderer's. */
  now: IsoTime,
  overdue: z.boolean(),
});
export type UpdateCadence = z.infer<typeof UpdateCadence>;

export const UpdateDue = z.object({
  incidentId: IncidentId,
  incidentTitle: z.string(),
  severity: Severity.nullable(),
  dueAt: IsoTime,
});
export type UpdateDue = z.infer<typeof UpdateDue>;

export const RecordUpdateInput = z
  .object({
    incidentId: IncidentId,
    // Not trimmed: the journal keeps exactly what was posted.
    text: z
      .string()
      .max(20_000)
      .refine((text) => text.trim() !== '', 'Paste the update exactly as posted'),
    channel: z.string().trim().min(1, 'Say where it was posted (war-room, incident channel…)').max(200),
    audience: z.enum(['internal', 'customer']).default('internal'),
    subject: z.string().max(300).optional(),
  })
  .strict();

// ── customer update ────────────────────────────────────────────────────────

export const CustomerUpdateDraft = z.object({
  subject: z.string(),
  body: z.string(),
  /** The checkpoint the body quotes as its reference (its readers become witnesses); null when none could be made. */
  witness: z.object({ fingerprint: z.string(), signed: z.boolean() }).nullable(),
});
export type CustomerUpdateDraft = z.infer<typeof CustomerUpdateDraft>;

export const SaveCustomerUpdateInput = z
  .object({
    incidentId: IncidentId,
    subject: z
      .string()
      .max(300)
      .refine((text) => text.trim() !== '', 'The subject is empty'),
    body: z
      .string()
      .max(20_000)
      .refine((text) => text.trim() !== '', 'The message is empty'),
    /** Absolute folder; defaults to <dataDir>/exports/<incident>. */
    folder: z.string().max(1000).optional(),
  })
  .strict();

export const SavedFile = z.object({ path: z.string() });

// ── action items ───────────────────────────────────────────────────────────

export const ActionItemStatus = z.enum(['open', 'in_progress', 'done', 'dropped']);

export const ActionItem = z.object({
  itemId: z.string(),
  action: z.string(),
  owner: z.string(),
  due: z.string().nullable(),
  status: ActionItemStatus,
  updatedAt: IsoTime,
  updatedBy: z.string(),
});
export type ActionItem = z.infer<typeof ActionItem>;

export const SaveActionItemInput = z
  .object({
    incidentId: IncidentId,
    /** Omitted for a new item. */
    itemId: z.string().uuid().optional(),
    action: z.string().trim().min(1, 'Say what must be done').max(1000),
    owner: z.string().trim().max(200).default(''),
    due: z.iso.date().nullable().default(null),
    status: ActionItemStatus.default('open'),
  })
  .strict();

// ── post-mortem ────────────────────────────────────────────────────────────

export const PostmortemFields = z.partialRecord(PostmortemField, z.string());
export type PostmortemFields = z.infer<typeof PostmortemFields>;

export const PostmortemState = z.object({
  fields: PostmortemFields,
  actionItems: z.array(ActionItem),
  /** SEV1/SEV2 only: 5 business days after resolution (null until resolved or when not required). */
  dueAt: IsoTime.nullable(),
  required: z.boolean(),
  overdue: z.boolean(),
  defaultFolder: z.string(),
  lastExport: z.object({ at: IsoTime, folder: z.string(), files: z.array(z.string()) }).nullable(),
});
export type PostmortemState = z.infer<typeof PostmortemState>;

export const SetPostmortemFieldInput = z.object({ incidentId: IncidentId, field: PostmortemField, text: z.string().max(20_000) }).strict();

export const ExportInput = z.object({ incidentId: IncidentId, folder: z.string().max(1000).optional() }).strict();

export const ExportResult = z.object({
  folder: z.string(),
  /** The export's own checkpoint (the bundle's last entry); null when the journal could not be written. */
  checkpoint: z.object({ fingerprint: z.string(), seq: z.number().int().positive(), signed: z.boolean() }).nullable(),
  /** The device key that signed it (sha256 hex of the public key); null when unsigned. */
  keyFingerprint: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), path: z.string(), bytes: z.number().int().nonnegative() })),
  chainHead: z.string(),
  entryCount: z.number().int().nonnegative(),
  /** Why there is no PDF (browser mode), if there is none. */
  pdfNote: z.string().optional(),
  /** Why the export could not be journaled (a read-only or damaged journal), when it could not. */
  journalNote: z.string().optional(),
  elapsedMs: z.number().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResult>;
