import type { ActionItem } from '../../../shared/comms-schemas';
import type { EntryData, EntryKind, TimelineEntry } from '../../../shared/model';

/** The kinds currentActionItems reads: a caller reads only these, through the kind index, not the whole timeline. */
export const ACTION_ITEM_KINDS = ['action_item'] as const satisfies readonly EntryKind[];

/** The action items as they stand: the latest `action_item` entry per itemId, in the order first added (`entries` in journal order, any other kinds skipped). */
export function currentActionItems(entries: readonly TimelineEntry[]): ActionItem[] {
  const items = new Map<string, ActionItem>();
  for (const entry of entries) {
    if (entry.kind !== 'action_item' || entry.redacted || !entry.data) continue;
    const data = entry.data as EntryData<'action_item'>;
    items.set(data.itemId, {
      itemId: data.itemId,
      action: data.action,
      owner: data.owner,
      due: data.due,
      status: data.status,
      updatedAt: entry.recordedAt,
      updatedBy: entry.author,
    });
  }
  return [...items.values()];
}
