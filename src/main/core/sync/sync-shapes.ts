import type { ExchangeEntry, ExchangeKey } from '../../../shared/chain-exchange-schemas';

/** One entry as it travels: the evidence bundle's entry shape (docs/evidence-format.md) and its chain, as a responder bundle carries it. */
export type SyncEntry = ExchangeEntry;

/** A device's public key as it travels with the entries its checkpoints signed. */
export type SyncDeviceKey = ExchangeKey;

/** What a push found already in the database under an entry's (incident, device, seq) with another hash. */
export interface SyncConflict {
  incidentId: string;
  device: string;
  seq: number;
  /** The hash this console pushed. */
  pushedHash: string;
  /** The hash the database already held (both rows are kept; pullers refuse the chain). */
  storedHash: string;
}

/** A pulled page: entries in ingest order, the keys of their devices, and the cursor after the last. */
export interface PulledPage {
  entries: Array<{ ingestSeq: number; entry: SyncEntry }>;
  deviceKeys: SyncDeviceKey[];
  /** The ingest_seq of the last row read (the cursor once the page is imported); the given cursor when empty. */
  through: number;
}

/** The chain an entry belongs to (its device's, or for an entry from before devices the device that continued it): the database's `device` column. */
export const chainDevice = (entry: Pick<SyncEntry, 'chain'>): string => entry.chain;
