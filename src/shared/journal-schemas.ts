import { z } from 'zod';
import { ErrorPayload } from './errors';
import { EntryKind, Incident, IncidentId, IncidentStatus, IsoTime, EntryId, TimelineEntry } from './model';

/** What SQLite's quick_check said of the file, and when: an existing file is checked before its first write. */
export const JournalIntegrity = z.object({
  /** new: created this session; checking: the check runs (writes wait for it); unchecked: a read-only in-memory copy. */
  state: z.enum(['new', 'checking', 'ok', 'damaged', 'unchecked']),
  checkedAt: z.string().nullable(),
  /** The check's own words when the file is damaged (a few lines). */
  findings: z.array(z.string()),
});
export type JournalIntegrity = z.infer<typeof JournalIntegrity>;

export const JournalStatus = z.object({
  path: z.string(),
  available: z.boolean(),
  readOnly: z.boolean(),
  /** Why the journal could not be opened, or why it is read-only (damaged, a read-only file). */
  error: ErrorPayload.optional(),
  /** Absent when the journal could not be opened at all. */
  integrity: JournalIntegrity.optional(),
  /** The file is damaged or unreadable: a new journal can be started beside it (the old file is kept). */
  canStartNew: z.boolean(),
});
export type JournalStatus = z.infer<typeof JournalStatus>;

export const CreateIncidentInput = z
  .object({
    title: z.string().trim().min(1, 'Give the incident a short title').max(200),
    detectedBy: z.string().trim().min(1, 'Say how it was detected (alert, customer report, engineer noticed…)').max(200),
    /** Backdating is allowed: the first symptom often predates opening the console. */
    startedAt: IsoTime.optional(),
    /** An exercise, not an incident: it says so everywhere and is never counted (see Incident.drill). */
    drill: z.boolean().optional(),
  })
  .strict();

export const IncidentRef = z.object({ incidentId: IncidentId }).strict();

export const SetStatusInput = z.object({ incidentId: IncidentId, status: IncidentStatus, note: z.string().max(2000).optional() }).strict();

/** The entry kinds an operator writes directly; others come from their capability (triage, kill switch…). */
export const OperatorEntryKind = z.enum(['note', 'amendment', 'redaction', 'pin', 'unpin']);

export const AppendEntryInput = z
  .object({
    incidentId: IncidentId,
    kind: OperatorEntryKind,
    text: z.string().max(20_000),
    occurredAt: IsoTime.optional(),
    refersTo: EntryId.optional(),
  })
  .strict()
  .refine((input) => input.kind !== 'note' || input.text.trim().length > 0, { message: 'A note cannot be empty', path: ['text'] })
  .refine((input) => input.kind === 'note' || input.refersTo !== undefined, { message: 'Say which entry this applies to', path: ['refersTo'] });

export const EntriesInput = z
  .object({
    incidentId: IncidentId,
    afterSeq: z.number().int().nonnegative().optional(),
    beforeSeq: z.number().int().positive().optional(),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.number().int().min(1).max(500).default(100),
    kinds: z.array(EntryKind).max(20).optional(),
    pinnedOnly: z.boolean().optional(),
  })
  .strict();

export const EntryPage = z.object({ entries: z.array(TimelineEntry), total: z.number().int().nonnegative() });

export const SearchInput = z
  .object({ query: z.string().max(500), incidentId: IncidentId.optional(), limit: z.number().int().min(1).max(200).default(50) })
  .strict();

export const SearchResult = z.object({
  hits: z.array(z.object({ entry: TimelineEntry, incidentTitle: z.string() })),
});

export const ChainVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative(),
  headHash: z.string(),
  broken: z.object({ seq: z.number().int(), entryId: z.string(), reason: z.string(), device: z.string().nullable().optional() }).optional(),
  /** Every chain of the incident (one per device), when it has more than one: its own first. */
  chains: z.array(z.object({ device: z.string().nullable(), own: z.boolean(), length: z.number().int().nonnegative(), headHash: z.string() })).optional(),
});
export type ChainVerification = z.infer<typeof ChainVerification>;

/** Entries named by id: the amendments and targets a timeline row shows beside itself. */
export const LookupInput = z.object({ entryIds: z.array(EntryId).min(1).max(200) }).strict();
export const LookupResult = z.object({ entries: z.array(TimelineEntry) });

export const IncidentList = z.array(Incident);

export const EntryAppended = z.object({ entry: TimelineEntry, incident: Incident });

/** What cleaning up the drills took out of the journal: each drill with its number of entries. */
export const RemovedDrills = z.object({
  removed: z.array(z.object({ id: IncidentId, title: z.string(), entryCount: z.number().int().nonnegative() })),
});
export type RemovedDrills = z.infer<typeof RemovedDrills>;
