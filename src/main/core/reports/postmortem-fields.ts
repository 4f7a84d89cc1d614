import type { PostmortemFields } from '../../../shared/comms-schemas';
import type { EntryData, EntryKind, TimelineEntry } from '../../../shared/model';

/** The kinds currentPostmortemFields reads: a caller reads only these, through the kind index, not the whole timeline. */
export const POSTMORTEM_FIELD_KINDS = ['postmortem_field'] as const satisfies readonly EntryKind[];

/** The post-mortem's fields as they stand: the latest `postmortem_field` entry per field (`entries` in journal order, any other kinds skipped). */
export function currentPostmortemFields(entries: readonly TimelineEntry[]): PostmortemFields {
  const fields: PostmortemFields = {};
  for (const entry of entries) {
    if (entry.kind !== 'postmortem_field' || entry.redacted || !entry.data || entry.text === null) continue;
    fields[(entry.data as EntryData<'postmortem_field'>).field] = entry.text;
  }
  return fields;
}
