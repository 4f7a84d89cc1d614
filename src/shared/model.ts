import { z } from 'zod';
import { CheckpointTimestamp, SignedCheckpoint, SignedKeyRotation, WitnessFingerprint } from './evidence-statements';

/**
 * The incident model every capability writes into: incidents, and the typed timeline entries of
 * the append-only journal. Each entry kind has a data schema, so an entry written by the kill
 * switch, the runner or the triage flow is checked the same way wherever it is read.
 */

export const Severity = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
export type Severity = z.infer<typeof Severity>;

export const IncidentStatus = z.enum(['detected', 'acknowledged', 'mitigated', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** UTC with milliseconds, as stored: 2026-03-15T09:29:28.123Z. */
export const IsoTime = z.iso.datetime({ offset: false, precision: 3 });

export const EntryId = z.string().uuid();
export const IncidentId = z.string().uuid();

export const Incident = z.object({
  id: IncidentId,
  title: z.string(),
  detectedBy: z.string(),
  startedAt: IsoTime,
  createdAt: IsoTime,
  createdBy: z.string(),
  status: IncidentStatus,
  severity: Severity.nullable(),
  acknowledgedAt: IsoTime.nullable(),
  mitigatedAt: IsoTime.nullable(),
  resolvedAt: IsoTime.nullable(),
  entryCount: z.number().int().nonnegative(),
  lastEntryAt: IsoTime.nullable(),
  /** An exercise (against staging or the fake Powernode): badged everywhere, left out of metrics, removable with every other drill in one step. */
  drill: z.boolean(),
});
export type Incident = z.infer<typeof Incident>;

/** One answer given in the triage decision tree, kept with the severity it justified. */
export const TriageStep = z.object({
  questionId: z.string(),
  question: z.string(),
  answerId: z.string(),
  answer: z.string(),
});
export type TriageStep = z.infer<typeof TriageStep>;

const Empty = z.object({}).strict();

/** The post-mortem's narrative and impact fields the operator writes (runbook's post-mortem template). */
export const PostmortemField = z.enum([
  'resolvedBy',
  'impactAccounts',
  'impactSymptoms',
  'impactDataIntegrity',
  'impactSla',
  'whatHappened',
  'rootCause',
  'wentWell',
  'wentPoorly',
  'lessons',
]);
export type PostmortemField = z.infer<typeof PostmortemField>;

/**
 * What a kill-switch entry says happened on the server:
 * - changed: the server answered that it did it; confirmed: an unknown outcome the server's
 *   status or event list later showed done; observed: a change made elsewhere (web UI, MCP,
 *   another operator), read from the server's event list. These three are the platform's
 *   halts and resumes (milestones), one per server event.
 * - unchanged: nothing changed, the state already was what was asked (409, or seen on checking).
 * - unknown: sent, but the answer never came or could not be read; settled by a later entry.
 * - not_applied: settled: the server shows it did not happen. refused: not carried out at all
 *   (refused before acting: 401, 403, 429, connection refused, not sent).
 */
export const KillSwitchResult = z.enum(['changed', 'confirmed', 'observed', 'unchanged', 'unknown', 'not_applied', 'refused']);
export type KillSwitchResult = z.infer<typeof KillSwitchResult>;

/** Kind → the schema of its `data`. `text` (free text: a note, a reason, the exact comms sent) is separate. */
export const entryDataSchemas = {
  incident_opened: z.object({ title: z.string(), detectedBy: z.string(), startedAt: IsoTime, drill: z.literal(true).optional() }),
  note: Empty,
  severity_changed: z.object({
    from: Severity.nullable(),
    to: Severity,
    triage: z.object({ path: z.array(TriageStep), suggested: Severity, sections: z.array(z.string()) }).optional(),
  }),
  acknowledged: z.object({ severity: Severity.nullable(), targetMs: z.number().int().nullable(), elapsedMs: z.number().int() }),
  status_changed: z.object({ from: IncidentStatus, to: IncidentStatus }),
  checklist_step: z.object({ sectionId: z.string(), stepId: z.string(), done: z.boolean() }),
  killswitch_call: z.object({
    action: z.enum(['halt', 'resume', 'status', 'events', 'preview_restore']),
    profile: z.string(),
    mode: z.enum(['full', 'minimal']).optional(),
    httpStatus: z.number().int().nullable(),
    /** The server confirmed what was asked (false for refused, unknown and not applied). */
    ok: z.boolean(),
    outcome: z.string(),
    /** What the server's state says happened; absent in entries written before outcomes were settled. */
    result: KillSwitchResult.optional(),
    /** The server's kill-switch event this entry records: each event id is journaled once. */
    serverEventId: z.string().optional(),
    /** Who made that event, as the server names them ("robin <oncall@example.test>"). */
    by: z.string().optional(),
    /** The "sent, outcome unknown" entry this one settles. */
    settles: EntryId.optional(),
  }),
  powernode_call: z.object({
    operation: z.string(),
    profile: z.string(),
    target: z.string().optional(),
    httpStatus: z.number().int().nullable(),
    ok: z.boolean(),
    outcome: z.string(),
  }),
  command_run: z.object({
    runId: z.string(),
    commandId: z.string(),
    host: z.string(),
    argv: z.array(z.string()),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    outcome: z.enum(['succeeded', 'failed', 'timed_out', 'cancelled', 'could_not_start']),
    durationMs: z.number().int().nonnegative(),
    output: z.string(),
    outputBytes: z.number().int().nonnegative(),
    outputTruncated: z.boolean(),
    /** Multi-step commands (stop, wait, start): every step's argv; `argv` is then the first. */
    steps: z.array(z.array(z.string())).optional(),
    effect: z.enum(['read', 'change']).optional(),
  }),
  comms_sent: z.object({
    audience: z.enum(['internal', 'customer']),
    channel: z.string(),
    subject: z.string().optional(),
    /** The checkpoint fingerprint the text quotes (its readers are witnesses), and that checkpoint's entry. */
    witness: WitnessFingerprint.optional(),
    checkpoint: EntryId.optional(),
  }),
  export_made: z.object({ folder: z.string(), files: z.array(z.string()), chainHead: z.string() }),
  action_item: z.object({
    itemId: z.string(),
    action: z.string(),
    owner: z.string(),
    due: z.string().nullable(),
    status: z.enum(['open', 'in_progress', 'done', 'dropped']),
  }),
  /** One post-mortem field's new text (in `text`); the latest entry per field wins. */
  postmortem_field: z.object({ field: PostmortemField }),
  /** A signed statement of the chain so far (docs/evidence-format.md). */
  checkpoint: SignedCheckpoint,
  /** The device key changed; signed by the old key. */
  device_key_rotated: SignedKeyRotation,
  /** A trusted time (RFC 3161) for the checkpoint it refers to. */
  checkpoint_timestamped: CheckpointTimestamp,
  amendment: Empty,
  redaction: Empty,
  pin: Empty,
  unpin: Empty,
  /** This console joined an incident another console opened (issue 17): the first entry of its own chain there. */
  incident_joined: z.object({
    title: z.string(),
    /** The commander's console: its device and key fingerprint, as the join code gave them. */
    commanderDevice: z.string(),
    commanderFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  /**
   * Another device's chain was refused on import because it contradicts what this journal holds
   * for that device (equivocation: the same device and seq with another hash). Journaled in this
   * console's own chain, naming the device.
   */
  tampering_alarm: z.object({
    device: z.string(),
    seq: z.number().int().positive(),
    heldHash: z.string(),
    offeredHash: z.string(),
    source: z.string(),
  }),
} as const;

export type EntryKind = keyof typeof entryDataSchemas;
export const EntryKind = z.enum(Object.keys(entryDataSchemas) as [EntryKind, ...EntryKind[]]);
export type EntryData<K extends EntryKind> = z.infer<(typeof entryDataSchemas)[K]>;

/** What a service hands the journal; it adds id, seq, author, times and hashes. */
export interface NewEntry<K extends EntryKind = EntryKind> {
  kind: K;
  text: string;
  data: EntryData<K>;
  /** When it happened, if earlier than now (backdated notes, a symptom first seen at 03:02). */
  occurredAt?: string;
  refersTo?: string;
}

export const TimelineEntry = z.object({
  id: EntryId,
  incidentId: IncidentId,
  seq: z.number().int().positive(),
  kind: EntryKind,
  author: z.string(),
  recordedAt: IsoTime,
  occurredAt: IsoTime.nullable(),
  refersTo: EntryId.nullable(),
  /** The console install that wrote it; null in entries from before devices existed. */
  device: z.string().nullable(),
  /** null once redacted: the body is gone, its hash stays. */
  text: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  bodyHash: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  /** Derived from later entries: a pin not undone by an unpin, a redaction, amendments. */
  pinned: z.boolean(),
  redacted: z.boolean(),
  amendedBy: z.array(EntryId),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
