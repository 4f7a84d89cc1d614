import type { PostmortemFields } from '../../../shared/comms-schemas';
import type { EntryData, TimelineEntry } from '../../../shared/model';

/** The post-mortem's fields as they stand: the latest `postmortem_field` entry per field. */
export function currentPostmortemFields(entries: readonly TimelineEntry[]): PostmortemFields {
  const fields: PostmortemFields = {};
  for (const entry of entries) {
    if (entry.kind !== 'postmortem_field' || entry.redacted || !entry.data || entry.text === null) continue;
    fields[(entry.data as EntryData<'postmortem_field'>).field] = entry.text;
  }
  return fields;
}
