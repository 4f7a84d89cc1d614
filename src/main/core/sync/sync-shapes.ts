import type { BundleEntry } from '../reports/timeline-bundle';

/** One entry as it travels: the evidence bundle's entry shape (docs/evidence-format.md), device included. */
export type SyncEntry = BundleEntry;

/** A device's public key as it travels with the entries its checkpoints signed. */
export interface SyncDeviceKey {
  deviceId: string;
  fingerprint: string;
  publicKey: string;
}

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

/** The chain an entry belongs to in the database: entries from before devices are the '' device. */
export const chainDevice = (entry: Pick<SyncEntry, 'device'>): string => entry.device ?? '';
