import type { Journal } from '../../src/main/core/journal/journal';
import { timelineBundle, type TimelineBundle } from '../../src/main/core/reports/timeline-bundle';

/** A version 2 bundle of a journal's incident as it stands, with no export checkpoint (a journal used without the evidence service). */
export function unsignedBundle(journal: Journal, incidentId: string, exportedAt: string): TimelineBundle {
  return JSON.parse(
    JSON.stringify(
      timelineBundle({
        incident: journal.getIncident(incidentId),
        entries: journal.allEntries(incidentId),
        keys: [],
        exportCheckpoint: { entryId: null, because: 'written by a test without checkpoints' },
        exportedAt,
      }),
    ),
  ) as TimelineBundle;
}
