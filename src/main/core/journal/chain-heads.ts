import { GENESIS_HASH } from './chain';
import type { JournalConnection } from './journal-connection';
import type { IncidentRow } from './journal-rows';

/** The chain key of this journal's own chain (migration 0005); another console's chain is keyed by its device id. */
export const OWN_CHAIN = '';

/** Where one chain of an incident stands. */
export interface ChainHead {
  /** '' for this journal's own chain, else the device id of the console that wrote it. */
  chain: string;
  /** The device whose chain it is; null for an own chain holding only entries from before devices. */
  device: string | null;
  length: number;
  headHash: string;
}

const HAS_CHAINS_TABLE = "SELECT 1 AS found FROM sqlite_schema WHERE type = 'table' AND name = 'chains'";
const CHAIN_HEAD = 'SELECT chain, device, length, head_hash AS headHash FROM chains WHERE incident_id = ? AND chain = ?';
const CHAIN_HEADS = "SELECT chain, device, length, head_hash AS headHash FROM chains WHERE incident_id = ? ORDER BY chain = '' DESC, chain";
const ADVANCE_CHAIN = `INSERT INTO chains (incident_id, chain, device, length, head_hash) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (incident_id, chain) DO UPDATE SET device = coalesce(excluded.device, device), length = excluded.length, head_hash = excluded.head_hash`;

/**
 * The per-chain heads of the `chains` table (migration 0005), kept in the same transaction as
 * every entry. A journal of an earlier schema (the tests of old migrations) has one chain per
 * incident, whose head is the incident row's.
 */
export class ChainHeads {
  private table?: { generation: number; present: boolean };

  constructor(private readonly connection: JournalConnection) {}

  /** Whether this file has chains per device (schema 5 and later). */
  get perDevice(): boolean {
    const { generation } = this.connection;
    if (this.table?.generation !== generation) this.table = { generation, present: this.connection.sql(HAS_CHAINS_TABLE).get() !== undefined };
    return this.table.present;
  }

  /** Where this journal's own chain of the incident stands (inside a read or a write). */
  own(incident: IncidentRow): ChainHead {
    if (!this.perDevice) return { chain: OWN_CHAIN, device: null, length: incident.entry_count, headHash: incident.head_hash };
    return this.of(incident.id, OWN_CHAIN) ?? { chain: OWN_CHAIN, device: null, length: 0, headHash: GENESIS_HASH };
  }

  of(incidentId: string, chain: string): ChainHead | undefined {
    return this.connection.sql<[string, string], ChainHead>(CHAIN_HEAD).get(incidentId, chain);
  }

  /** Every chain of the incident, its own first. */
  all(incident: IncidentRow): ChainHead[] {
    if (!this.perDevice) return [this.own(incident)];
    const heads = this.connection.sql<[string], ChainHead>(CHAIN_HEADS).all(incident.id);
    return heads.length > 0 ? heads : [this.own(incident)];
  }

  /** Inside a write transaction: the chain now ends at `headHash`, `length` entries long. */
  advance(incidentId: string, chain: string, device: string | null, length: number, headHash: string): void {
    if (this.perDevice) this.connection.sql(ADVANCE_CHAIN).run(incidentId, chain, device, length, headHash);
  }
}
