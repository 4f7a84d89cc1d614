import type { TimelineEntry } from './model';

/** When an entry happened (ISO, as stored): its backdated time if it has one, else when it was recorded. */
export function entryTime(entry: Pick<TimelineEntry, 'occurredAt' | 'recordedAt'>): string {
  return entry.occurredAt ?? entry.recordedAt;
}
