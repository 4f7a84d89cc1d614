import { ConsoleError } from '../../../shared/errors';
import type { JournalPort } from '../journal/journal-port';
import { bundleEntry } from '../reports/timeline-bundle';
import type { SyncJournal } from './sync-journal';
import { chainDevice } from './sync-shapes';

/**
 * The journal as sync sees it. Exports every chain of an incident past the positions given;
 * imports go through the journal's verified union (importChains), refused here until it exists.
 */
export function journalSyncPort(journal: JournalPort): SyncJournal {
  return {
    incidentIds: () => journal.listIncidents().map((incident) => incident.id),
    exportChains(incidentId, after) {
      const entries = journal
        .allEntries(incidentId)
        .map(bundleEntry)
        .filter((entry) => entry.seq > (after.get(chainDevice(entry)) ?? 0));
      const devices = [...new Set(entries.flatMap((entry) => (entry.device ? [entry.device] : [])))];
      const deviceKeys = journal.keysOfDevices(devices).map(({ deviceId, fingerprint, publicKey }) => ({ deviceId, fingerprint, publicKey }));
      return { entries, deviceKeys };
    },
    importChains(incidentId, { entries }) {
      // Until the journal has chains per device, only what it holds already (its own entries, pulled back) is taken.
      const held = new Map(journal.allEntries(incidentId).map((entry) => [entry.id, entry.hash]));
      const foreign = entries.filter((entry) => held.get(entry.id) !== entry.hash);
      if (foreign.length > 0) {
        throw new ConsoleError('SYNC_DATABASE_FAILED', "This journal cannot take other consoles' entries yet (chains per device are not in this build).");
      }
      return { added: 0, alreadyHad: entries.length, refused: [] };
    },
  };
}
