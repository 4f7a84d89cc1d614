import { ChainWalk, UNACCOUNTED_BODY } from './chain-link';
import type { IncidentProjection } from './incident-projection';
import type { JournalConnection } from './journal-connection';
import { joinWalkedInParallel } from './parallel-chain-walk';
import { entriesAfter, toChainedEntry, type ChainRow } from './journal-rows';

export interface ChainVerification {
  ok: boolean;
  checked: number;
  headHash: string;
  broken?: { seq: number; entryId: string; reason: string };
}

/** Entries walked between two yields to the event loop when verifying in slices (a few ms of hashing). */
const VERIFY_SLICE = 2_000;
/** Entries read at once by a walk that does not yield: enough that a read costs little per entry, few enough that the rows die young (cheap for the garbage collector). */
const READ_SLICE = 1000;

const HAS_DEVICE_COLUMN = "SELECT 1 AS found FROM pragma_table_info('entries') WHERE name = 'device'";

/** A prefix of an incident's chain this connection has verified, and the file's data_version then. */
interface VerifiedPrefix {
  generation: number;
  dataVersion: number;
  seq: number;
  hash: string;
}

/**
 * Verifies a journal's chains with the one chain walk (ChainWalk, shared with bundle
 * verification), remembering per incident how far it got so the badge can be refreshed after
 * every append of a 1,000,000-entry timeline.
 */
export class ChainVerifier {
  private readonly verifiedPrefix = new Map<string, VerifiedPrefix>();
  /** Whether the file open now (its connection generation) has the device column: looked up once per file. */
  private deviceColumn?: { generation: number; present: boolean };

  constructor(
    private readonly connection: JournalConnection,
    private readonly incidents: IncidentProjection,
  ) {}

  /**
   * Walks the chain and names the first entry that does not verify. The walk starts from genesis,
   * except when this connection already verified a prefix and no other connection has written to
   * the file since (SQLite's data_version): then only the entries after it are walked. `full`
   * forces genesis.
   */
  verify(incidentId: string, options: { full?: boolean } = {}): ChainVerification {
    return this.connection.read('verify the chain', () => {
      const walk = this.start(incidentId, options.full === true);
      for (;;) {
        const rows = this.rowsAfter(incidentId, walk.chain.checked, READ_SLICE);
        for (const row of rows) {
          const broken = walk.step(row);
          if (broken) return broken;
        }
        if (rows.length < READ_SLICE) return walk.finish();
      }
    });
  }

  /**
   * The same walk in slices, yielding to the event loop between them, so a long chain never holds
   * up an operator's append or a page of the timeline while the badge is being checked. Entries
   * appended meanwhile are walked too. A long walk is first split over worker threads
   * (joinWalkedInParallel; `parallel: false` keeps it on this thread), and walked on here from
   * wherever their parts stop joining.
   */
  async verifyInSlices(incidentId: string, options: { full?: boolean; sliceSize?: number; parallel?: boolean } = {}): Promise<ChainVerification> {
    const sliceSize = options.sliceSize ?? VERIFY_SLICE;
    const walk = this.connection.read('verify the chain', () => this.start(incidentId, options.full === true));
    const file = this.connection.readableFile;
    if (file && options.parallel !== false) {
      const job = { ...file, incidentId, through: walk.entryCount, hasDeviceColumn: this.connection.read('verify the chain', () => this.hasDeviceColumn()) };
      await joinWalkedInParallel(walk.chain, job);
    }
    for (;;) {
      const rows = this.connection.read('verify the chain', () => this.rowsAfter(incidentId, walk.chain.checked, sliceSize));
      for (const row of rows) {
        const broken = walk.step(row);
        if (broken) return broken;
      }
      if (rows.length < sliceSize) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return this.connection.read('verify the chain', () => walk.finish());
  }

  private rowsAfter(incidentId: string, seq: number, limit: number): ChainRow[] {
    const statement = this.connection.sql<[string, number, number], ChainRow>(entriesAfter(this.hasDeviceColumn()));
    return statement.raw(true).all(incidentId, seq, limit) as unknown as ChainRow[];
  }

  private hasDeviceColumn(): boolean {
    const { generation } = this.connection;
    if (this.deviceColumn?.generation !== generation) {
      this.deviceColumn = { generation, present: this.connection.sql(HAS_DEVICE_COLUMN).get() !== undefined };
    }
    return this.deviceColumn.present;
  }

  private start(incidentId: string, full: boolean) {
    const incident = this.incidents.row(incidentId);
    const generation = this.connection.generation;
    const dataVersion = this.connection.dataVersion();
    const known = full ? undefined : this.verifiedPrefix.get(incidentId);
    const resume = known && known.generation === generation && known.dataVersion === dataVersion && known.seq <= incident.entry_count ? known : undefined;
    const chain = new ChainWalk(incidentId, resume);
    const verdict = (seq: number, entryId: string, reason: string, headHash = incident.head_hash): ChainVerification => ({
      ok: false,
      checked: chain.checked,
      headHash,
      broken: { seq, entryId, reason },
    });
    return {
      chain,
      /** The incident's entries when the walk started. */
      entryCount: incident.entry_count,
      /** Undefined while the chain holds; the verdict naming this entry when it does not. */
      step: (row: ChainRow): ChainVerification | undefined => {
        const reason = chain.step(toChainedEntry(incidentId, row));
        return reason ? verdict(row[0], row[1], reason) : undefined;
      },
      finish: (): ChainVerification => {
        const unaccounted = chain.unaccounted();
        if (unaccounted) return { ...verdict(unaccounted.seq, unaccounted.id, UNACCOUNTED_BODY), checked: unaccounted.checked };
        // Entries appended while a sliced walk was running were walked too: compare with the row as it is now.
        const head = this.incidents.row(incidentId);
        if (chain.head !== head.head_hash || chain.checked !== head.entry_count) {
          return verdict(chain.checked + 1, '', 'entries are missing after the last one found', head.head_hash);
        }
        if (generation === this.connection.generation) {
          this.verifiedPrefix.set(incidentId, { generation, dataVersion, seq: chain.checked, hash: chain.head });
        }
        return { ok: true, checked: chain.checked, headHash: head.head_hash };
      },
    };
  }
}
