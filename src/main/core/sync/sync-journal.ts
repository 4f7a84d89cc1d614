import type { SyncDeviceKey, SyncEntry } from './sync-shapes';

/** What one import did: entries it added, entries it had, and chains it refused (named, with why). */
export interface ImportOutcome {
  added: number;
  alreadyHad: number;
  refused: Array<{ device: string; message: string }>;
}

/**
 * What sync needs of the journal (h17c's exportChains / importChains), so the PostgreSQL side
 * depends on an interface, not on the SQLite class.
 */
export interface SyncJournal {
  /** The incidents the journal holds (each is pushed). */
  incidentIds(): string[];
  /** How long each chain of an incident is, under the device it is exported as: what counts the entries waiting without reading them. */
  chainLengths(incidentId: string): Array<{ device: string; length: number }>;
  /** Every entry of every chain of an incident after the given per-device seq, with the keys they need. */
  exportChains(incidentId: string, after: ReadonlyMap<string, number>): { entries: SyncEntry[]; deviceKeys: SyncDeviceKey[] };
  /** Verifies every chain and signature first, then adds what is new, durably; refuses an equivocating device. */
  importChains(incidentId: string, pulled: { entries: SyncEntry[]; deviceKeys: SyncDeviceKey[] }): ImportOutcome;
}
