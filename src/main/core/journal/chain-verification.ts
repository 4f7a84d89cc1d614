import { nextTurn } from '../next-turn';
import { ChainWalk, UNACCOUNTED_BODY } from './chain-link';
import { OWN_CHAIN, type ChainHead, type ChainHeads } from './chain-heads';
import type { IncidentProjection } from './incident-projection';
import type { FileMark, JournalConnection } from './journal-connection';
import { joinWalkedInParallel } from './parallel-chain-walk';
import { entriesAfter, toChainedEntry, type ChainRow } from './journal-rows';

export interface ChainVerification {
  ok: boolean;
  /** Entries verified, over every chain of the incident. */
  checked: number;
  /** The head of this journal's own chain. */
  headHash: string;
  /** The chain that broke: its device (null for an own chain from before devices). */
  broken?: { seq: number; entryId: string; reason: string; device?: string | null };
  /** Every chain walked (one per device), its own first. */
  chains?: Array<{ device: string | null; own: boolean; length: number; headHash: string }>;
}

/** Entries walked between two yields to the event loop when verifying in slices (a few ms of hashing). */
const VERIFY_SLICE = 2_000;
/** Entries read at once by a walk that does not yield: enough that a read costs little per entry, few enough that the rows die young (cheap for the garbage collector). */
const READ_SLICE = 1000;

const HAS_DEVICE_COLUMN = "SELECT 1 AS found FROM pragma_table_info('entries') WHERE name = 'device'";

/** A prefix of a chain verified, and where the file's history was when its walk started. */
interface VerifiedPrefix {
  mark: FileMark;
  seq: number;
  hash: string;
}

/** One chain's walk: its step and its end. */
interface ChainRun {
  chain: ChainWalk;
  step(row: ChainRow): ChainVerification | undefined;
  finish(): ChainVerification;
}

/**
 * Verifies a journal's chains with the one chain walk (ChainWalk, shared with bundle
 * verification): every chain of an incident (one per device, migration 0005) with a walk of its
 * own, remembering per chain how far it got so the badge can be refreshed after every append of
 * a 1,000,000-entry timeline.
 */
export class ChainVerifier {
  private readonly verifiedPrefix = new Map<string, VerifiedPrefix>();
  /** Whether the file open now (its connection generation) has the device column: looked up once per file. */
  private deviceColumn?: { generation: number; present: boolean };

  constructor(
    private readonly connection: JournalConnection,
    private readonly incidents: IncidentProjection,
    private readonly heads: ChainHeads,
  ) {}

  /**
   * Walks every chain and names the first entry that does not verify. A walk starts from genesis,
   * except when a prefix of that chain was verified and no other connection has written to the
   * file since (JournalConnection.unchangedSince: SQLite's data_version, carried across the
   * connection becoming writable after the open's check): then only the entries after it are
   * walked. `full` forces genesis.
   */
  verify(incidentId: string, options: { full?: boolean } = {}): ChainVerification {
    return this.connection.read('verify the chain', () => {
      const verdicts: ChainVerification[] = [];
      for (const head of this.chainsOf(incidentId)) {
        const walk = this.start(incidentId, head, options.full === true);
        let verdict: ChainVerification | undefined;
        while (!verdict) {
          const rows = this.rowsAfter(incidentId, head.chain, walk.chain.checked, READ_SLICE);
          for (const row of rows) {
            verdict = walk.step(row);
            if (verdict) break;
          }
          if (!verdict && rows.length < READ_SLICE) verdict = walk.finish();
        }
        if (!verdict.ok) return verdict;
        verdicts.push(verdict);
      }
      return this.combine(incidentId, verdicts);
    });
  }

  /**
   * The same walks in slices, yielding to the event loop between them, so a long chain never holds
   * up an operator's append or a page of the timeline while the badge is being checked. Entries
   * appended meanwhile are walked too. A long walk is first split over worker threads
   * (joinWalkedInParallel; `parallel: false` keeps it on this thread), and walked on here from
   * wherever their parts stop joining.
   */
  async verifyInSlices(incidentId: string, options: { full?: boolean; sliceSize?: number; parallel?: boolean } = {}): Promise<ChainVerification> {
    const sliceSize = options.sliceSize ?? VERIFY_SLICE;
    const heads = this.connection.read('verify the chain', () => this.chainsOf(incidentId));
    const verdicts: ChainVerification[] = [];
    for (const head of heads) {
      const walk = this.connection.read('verify the chain', () => this.start(incidentId, head, options.full === true));
      const file = this.connection.readableFile;
      if (file && options.parallel !== false) {
        const columns = this.connection.read('verify the chain', () => ({ hasDeviceColumn: this.hasDeviceColumn(), perDevice: this.heads.perDevice }));
        await joinWalkedInParallel(walk.chain, { ...file, ...columns, incidentId, chain: head.chain, through: head.length });
      }
      for (;;) {
        const rows = this.connection.read('verify the chain', () => this.rowsAfter(incidentId, head.chain, walk.chain.checked, sliceSize));
        for (const row of rows) {
          const broken = walk.step(row);
          if (broken) return broken;
        }
        if (rows.length < sliceSize) break;
        await nextTurn();
      }
      const verdict = this.connection.read('verify the chain', () => walk.finish());
      if (!verdict.ok) return verdict;
      verdicts.push(verdict);
    }
    return this.connection.read('verify the chain', () => this.combine(incidentId, verdicts));
  }

  private chainsOf(incidentId: string): ChainHead[] {
    return this.heads.all(this.incidents.row(incidentId));
  }

  /** Every chain verified: the count over all of them, the own chain's head, and each chain's head. */
  private combine(incidentId: string, verdicts: ChainVerification[]): ChainVerification {
    const heads = this.chainsOf(incidentId);
    const own = heads.find((head) => head.chain === OWN_CHAIN);
    const checked = verdicts.reduce((sum, verdict) => sum + verdict.checked, 0);
    const result: ChainVerification = { ok: true, checked, headHash: own?.headHash ?? this.incidents.row(incidentId).head_hash };
    // A journal of one chain answers as before; several are listed.
    if (heads.length > 1)
      result.chains = heads.map((head) => ({ device: head.device, own: head.chain === OWN_CHAIN, length: head.length, headHash: head.headHash }));
    return result;
  }

  private rowsAfter(incidentId: string, chain: string, seq: number, limit: number): ChainRow[] {
    const perDevice = this.heads.perDevice;
    const statement = this.connection.sql<unknown[], ChainRow>(entriesAfter(this.hasDeviceColumn(), perDevice));
    const params = perDevice ? [incidentId, chain, seq, limit] : [incidentId, seq, limit];
    return statement.raw(true).all(...params) as unknown as ChainRow[];
  }

  private hasDeviceColumn(): boolean {
    const { generation } = this.connection;
    if (this.deviceColumn?.generation !== generation) {
      this.deviceColumn = { generation, present: this.connection.sql(HAS_DEVICE_COLUMN).get() !== undefined };
    }
    return this.deviceColumn.present;
  }

  private headNow(incidentId: string, chain: string): ChainHead {
    const incident = this.incidents.row(incidentId);
    return chain === OWN_CHAIN ? this.heads.own(incident) : (this.heads.of(incidentId, chain) ?? { chain, device: chain, length: 0, headHash: '' });
  }

  private start(incidentId: string, head: ChainHead, full: boolean): ChainRun {
    const key = `${incidentId}\u0000${head.chain}`;
    const mark = this.connection.mark();
    const known = full ? undefined : this.verifiedPrefix.get(key);
    const resume = known && known.seq <= head.length && this.connection.unchangedSince(known.mark) ? known : undefined;
    const chain = new ChainWalk(incidentId, resume);
    const verdict = (seq: number, entryId: string, reason: string, headHash = head.headHash): ChainVerification => ({
      ok: false,
      checked: chain.checked,
      headHash,
      broken: { seq, entryId, reason, ...(head.chain === OWN_CHAIN ? {} : { device: head.device }) },
    });
    return {
      chain,
      /** Undefined while the chain holds; the verdict naming this entry when it does not. */
      step: (row: ChainRow): ChainVerification | undefined => {
        const reason = chain.step(toChainedEntry(incidentId, row));
        return reason ? verdict(row[0], row[1], reason) : undefined;
      },
      finish: (): ChainVerification => {
        const unaccounted = chain.unaccounted();
        if (unaccounted) return { ...verdict(unaccounted.seq, unaccounted.id, UNACCOUNTED_BODY), checked: unaccounted.checked };
        // Entries appended while a sliced walk was running were walked too: compare with the head as it is now.
        const now = this.headNow(incidentId, head.chain);
        if (chain.head !== now.headHash || chain.checked !== now.length) {
          return verdict(chain.checked + 1, '', 'entries are missing after the last one found', now.headHash);
        }
        // Kept with where the file stood when this walk began: a write by another connection since then means walking from genesis.
        this.verifiedPrefix.set(key, { mark, seq: chain.checked, hash: chain.head });
        return { ok: true, checked: chain.checked, headHash: now.headHash };
      },
    };
  }
}
