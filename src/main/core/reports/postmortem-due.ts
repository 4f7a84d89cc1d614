import type { EntryData, EntryKind, Incident, Severity, TimelineEntry } from '../../../shared/model';
import { addBusinessDays } from './business-days';

/** Severities whose post-mortem is due within 5 business days of resolution (runbook: "any SEV1/SEV2"). */
export const POSTMORTEM_REQUIRED: readonly Severity[] = ['SEV1', 'SEV2'];
const POSTMORTEM_DUE_BUSINESS_DAYS = 5;
/** The kinds postmortemDue reads of the timeline. */
export const POSTMORTEM_DUE_KINDS = ['severity_changed'] as const satisfies readonly EntryKind[];

export interface PostmortemDue {
  required: boolean;
  dueAt: string | null;
  overdue: boolean;
}

/**
 * The runbook asks for a post-mortem within 5 business days of any SEV1/SEV2. An incident that
 * was SEV1/SEV2 at any point counts, even if it was downgraded before resolution.
 */
export function postmortemDue(incident: Incident, entries: readonly TimelineEntry[], now: Date, exported: boolean): PostmortemDue {
  const reached = new Set<Severity>();
  if (incident.severity) reached.add(incident.severity);
  for (const entry of entries) {
    if (entry.kind === 'severity_changed' && entry.data) reached.add((entry.data as EntryData<'severity_changed'>).to);
  }
  const required = POSTMORTEM_REQUIRED.some((severity) => reached.has(severity));
  if (!required || !incident.resolvedAt) return { required, dueAt: null, overdue: false };
  const dueAt = addBusinessDays(new Date(incident.resolvedAt), POSTMORTEM_DUE_BUSINESS_DAYS).toISOString();
  return { required, dueAt, overdue: !exported && now.toISOString() > dueAt };
}
