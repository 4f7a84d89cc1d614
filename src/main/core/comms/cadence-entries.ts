import type { TimelineEntry } from '../../../shared/model';
import type { JournalPort } from '../journal/journal-port';

/** The only kinds the update clock depends on. */
export const CADENCE_KINDS = ['comms_sent', 'severity_changed'] as const;

/**
 * The entries the update clock reads. The app passes an indexed query (the latest few hundred
 * entries of those kinds) so a 10,000-entry incident is not re-read on every check; the fallback
 * filters the whole timeline.
 */
export type CadenceEntries = (incidentId: string) => TimelineEntry[];

export function cadenceEntriesFrom(journal: JournalPort): CadenceEntries {
  return (incidentId) => journal.allEntries(incidentId).filter((entry) => (CADENCE_KINDS as readonly string[]).includes(entry.kind));
}
