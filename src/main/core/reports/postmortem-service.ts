import { randomUUID } from 'node:crypto';
import type { PostmortemState } from '../../../shared/comms-schemas';
import { ConsoleError } from '../../../shared/errors';
import type { EntryData, EntryKind } from '../../../shared/model';
import type { Clock } from '../clock';
import type { CheckpointPort } from '../evidence/evidence-service';
import type { Handlers, MethodsIn } from '../handlers';
import type { JournalPort } from '../journal/journal-port';
import { ACTION_ITEM_KINDS, currentActionItems } from './action-items';
import { defaultExportFolder, resolveExportFolder } from './export-folder';
import type { PdfPrinter } from './pdf-printer';
import { postmortemDue, POSTMORTEM_DUE_KINDS } from './postmortem-due';
import { exportPostmortem } from './postmortem-export';
import { currentPostmortemFields, POSTMORTEM_FIELD_KINDS } from './postmortem-fields';

/**
 * What the post-mortem's state is derived from, read through the kind index: reading every entry
 * took 1.4 s at 100,000 (a save read it three times), on main's thread, with the kill switch waiting.
 */
const POSTMORTEM_STATE_KINDS: readonly EntryKind[] = [...POSTMORTEM_FIELD_KINDS, ...ACTION_ITEM_KINDS, ...POSTMORTEM_DUE_KINDS, 'export_made'];

export interface PostmortemServiceDeps {
  journal: JournalPort;
  clock: Clock;
  dataDir: string;
  /** The desktop app's printToPDF; absent in browser mode. */
  pdf?: PdfPrinter;
  /** The export's own checkpoint (the app always has them). */
  checkpoints?: CheckpointPort;
}

/** Post-mortem fields and action items (all journaled, latest wins), the due date, and the one-click export. */
export function createPostmortemHandlers(deps: PostmortemServiceDeps): Handlers<MethodsIn<'postmortem'>> {
  const state = (incidentId: string): PostmortemState => {
    const incident = deps.journal.getIncident(incidentId);
    const entries = deps.journal.entriesOfKinds(incidentId, POSTMORTEM_STATE_KINDS);
    const lastExportEntry = entries.findLast((entry) => entry.kind === 'export_made' && entry.data);
    const lastExport = lastExportEntry ? { at: lastExportEntry.recordedAt, ...pick(lastExportEntry.data as EntryData<'export_made'>) } : null;
    return {
      fields: currentPostmortemFields(entries),
      actionItems: currentActionItems(entries),
      ...postmortemDue(incident, entries, deps.clock.now(), lastExport !== null),
      defaultFolder: defaultExportFolder(deps.dataDir, incidentId),
      lastExport,
    };
  };

  return {
    'postmortem.get': ({ incidentId }) => state(incidentId),

    'postmortem.setField': ({ incidentId, field, text }) => {
      const current = currentPostmortemFields(deps.journal.entriesOfKinds(incidentId, POSTMORTEM_FIELD_KINDS));
      if ((current[field] ?? '') !== text) deps.journal.append(incidentId, { kind: 'postmortem_field', text, data: { field } });
      return state(incidentId);
    },

    'postmortem.saveActionItem': ({ incidentId, itemId, action, owner, due, status }) => {
      const existing = currentActionItems(deps.journal.entriesOfKinds(incidentId, ACTION_ITEM_KINDS));
      if (itemId && !existing.some((item) => item.itemId === itemId)) {
        throw new ConsoleError('POSTMORTEM_UNKNOWN_ITEM', 'That action item is not part of this incident; reload and try again.');
      }
      const id = itemId ?? randomUUID();
      deps.journal.append(incidentId, {
        kind: 'action_item',
        text: `${itemId ? 'Action item changed' : 'Action item added'}: ${action} (owner: ${owner || 'none'}, due: ${due ?? 'none'}, ${status.replace('_', ' ')})`,
        data: { itemId: id, action, owner, due, status },
      });
      return currentActionItems(deps.journal.entriesOfKinds(incidentId, ACTION_ITEM_KINDS)).find((item) => item.itemId === id)!;
    },

    'postmortem.export': ({ incidentId, folder }) => {
      deps.journal.getIncident(incidentId);
      return exportPostmortem(deps, incidentId, resolveExportFolder(folder, deps.dataDir, incidentId));
    },
  };
}

function pick(data: EntryData<'export_made'>): { folder: string; files: string[] } {
  return { folder: data.folder, files: data.files };
}
