import { ConsoleError, errorMessage } from '../../../shared/errors';
import { OWN_CHAIN } from '../journal/chain-heads';
import type { JournalPort } from '../journal/journal-port';
import type { ImportOutcome, SyncJournal } from './sync-journal';
import { chainDevice, type SyncDeviceKey, type SyncEntry } from './sync-shapes';

/**
 * The journal as sync sees it: its chain export, and its verified import (importChains), which
 * takes an offer all or nothing. A chain that does not verify (a changed entry, a forged
 * signature) must not hold back the other devices' chains pulled with it, so a refused offer is
 * offered again one chain at a time, and only the chains that fail are refused, by name.
 */
export function journalSyncPort(journal: JournalPort, ownDevice: string | undefined): SyncJournal {
  const importOffer = (incidentId: string, entries: SyncEntry[], deviceKeys: SyncDeviceKey[]): ImportOutcome => {
    const result = journal.importChains(incidentId, { entries, deviceKeys, source: 'team database' });
    return { added: result.added, alreadyHad: result.alreadyHad, refused: result.refused.map(({ device, message }) => ({ device, message })) };
  };
  return {
    incidentIds: () => journal.listIncidents().map((incident) => incident.id),
    // This console's own chain is exported under its device id, as exportChains names it.
    chainLengths: (incidentId) =>
      journal.chainHeads(incidentId).map((head) => ({ device: head.chain === OWN_CHAIN ? (ownDevice ?? head.device ?? '') : head.chain, length: head.length })),
    exportChains(incidentId, after) {
      const { entries, deviceKeys } = journal.exportChains(incidentId, { after });
      return { entries, deviceKeys };
    },
    importChains(incidentId, { entries, deviceKeys }) {
      try {
        return importOffer(incidentId, entries, deviceKeys);
      } catch (error) {
        if (!(error instanceof ConsoleError && error.code === 'CHAINS_REFUSED')) throw error;
      }
      const outcome: ImportOutcome = { added: 0, alreadyHad: 0, refused: [] };
      for (const chain of new Set(entries.map(chainDevice))) {
        try {
          const one = importOffer(
            incidentId,
            entries.filter((entry) => chainDevice(entry) === chain),
            deviceKeys,
          );
          outcome.added += one.added;
          outcome.alreadyHad += one.alreadyHad;
          outcome.refused.push(...one.refused);
        } catch (error) {
          if (!(error instanceof ConsoleError && error.code === 'CHAINS_REFUSED')) throw error;
          outcome.refused.push({ device: chain, message: errorMessage(error) });
        }
      }
      return outcome;
    },
  };
}
