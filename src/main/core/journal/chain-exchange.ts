import { compareMergedOrder, type MergedOrderKey } from '../../../shared/merged-order';
import type { ExchangeEntry, ExchangeKey, ImportResult, RefusedChain } from '../../../shared/chain-exchange-schemas';
import { ConsoleError } from '../../../shared/errors';
import type { EntryKind } from '../../../shared/model';
import { GENESIS_HASH } from './chain';
import { OWN_CHAIN, type ChainHeads } from './chain-heads';
import { checkOfferedChains, offeredContradictions, type OfferedChain, type OfferedContradiction } from './chain-offer';
import type { DeviceKeys } from './device-keys';
import type { EntryAppender } from './entry-append';
import type { IncidentProjection } from './incident-projection';
import type { JournalConnection } from './journal-connection';
import type { SearchIndex } from './search-index';
import type { TimelineQueries } from './timeline-queries';

/** What exportChains gives: every chain asked for, its entries after the positions given, and the keys their signatures need. */
export interface ChainExport {
  incidentId: string;
  title: string;
  /** Every chain of the incident the journal holds (whole heads, whatever `after` left out). */
  chains: Array<{ device: string; length: number; headHash: string }>;
  entries: ExchangeEntry[];
  deviceKeys: ExchangeKey[];
}

export interface ChainImportOffer {
  entries: readonly ExchangeEntry[];
  deviceKeys: readonly ExchangeKey[];
  /** Where it came from, as the alarm names it ("bundle responder-….json", "sync"). */
  source?: string;
}

const CHAIN_ENTRIES = `SELECT e.id, e.incident_id, e.seq, e.kind, e.author, e.recorded_at, e.occurred_at, e.refers_to, e.device,
  b.text, b.data, f.redacted, e.body_hash, e.prev_hash, e.hash
  FROM entries e LEFT JOIN entry_bodies b ON b.entry_rowid = e.rowid LEFT JOIN entry_flags f ON f.entry_rowid = e.rowid
  WHERE e.incident_id = ? AND e.chain = ? AND e.seq > ? ORDER BY e.seq`;
const HASH_AT = 'SELECT hash FROM entries WHERE incident_id = ? AND chain = ? AND seq = ?';
const ENTRY_IN_INCIDENT = 'SELECT 1 AS found FROM entries WHERE id = ? AND incident_id = ?';
const ENTRY_ELSEWHERE = 'SELECT incident_id FROM entries WHERE id = ?';
const REDACTION_OF = "SELECT 1 AS found FROM entries WHERE incident_id = ? AND chain = ? AND kind = 'redaction' AND refers_to = ?";
const INSERT_FOREIGN = `INSERT INTO entries (id, incident_id, seq, kind, author, recorded_at, occurred_at, refers_to, body_hash, prev_hash, hash, device, chain)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_BODY = 'INSERT INTO entry_bodies (entry_rowid, text, data) VALUES (?, ?, ?)';
const SET_REDACTED = 'INSERT INTO entry_flags (entry_rowid, redacted) VALUES (?, 1) ON CONFLICT (entry_rowid) DO UPDATE SET redacted = 1';
const ALARMS_OF_DEVICE =
  "SELECT b.data FROM entries e JOIN entry_bodies b ON b.entry_rowid = e.rowid WHERE e.incident_id = ? AND e.chain = '' AND e.kind = 'tampering_alarm'";
const KEY_BY_FINGERPRINT = 'SELECT device_id AS deviceId, public_key AS publicKey FROM device_keys WHERE fingerprint = ?';

type StoredRow = {
  id: string;
  incident_id: string;
  seq: number;
  kind: string;
  author: string;
  recorded_at: string;
  occurred_at: string | null;
  refers_to: string | null;
  device: string | null;
  text: string | null;
  data: string | null;
  redacted: number | null;
  body_hash: string;
  prev_hash: string;
  hash: string;
};

/** An offered chain, checked on its own, and its key in this journal. */
type CheckedChain = OfferedChain & { key: string };

const refused = (message: string) => new ConsoleError('CHAINS_REFUSED', `${message} Nothing was imported.`);

/**
 * Chains between consoles (issue 17): exportChains reads every chain of an incident after given
 * positions; importChains verifies every offered chain and signature first, then takes what is
 * new in one transaction (a union: immutable entries with globally unique ids, so importing twice
 * changes nothing). A device whose offered chain contradicts what the journal holds for it, or
 * itself (equivocation), is refused and a tampering alarm naming it is journaled; the other chains are taken.
 */
export class ChainExchange {
  constructor(
    private readonly connection: JournalConnection,
    private readonly incidents: IncidentProjection,
    private readonly queries: TimelineQueries,
    private readonly heads: ChainHeads,
    private readonly appender: EntryAppender,
    private readonly search: SearchIndex,
    private readonly keys: DeviceKeys,
    private readonly ownDevice: string | undefined,
  ) {}

  exportChains(incidentId: string, options: { after?: ReadonlyMap<string, number>; ownOnly?: boolean } = {}): ChainExport {
    const device = this.requireDevice('export chains');
    return this.connection.read('export the chains', () => {
      const incident = this.incidents.row(incidentId);
      const heads = this.heads.all(incident).filter((head) => !options.ownOnly || head.chain === OWN_CHAIN);
      const chains = heads.map((head) => ({
        device: head.chain === OWN_CHAIN ? device : head.chain,
        length: head.length,
        headHash: head.headHash,
        key: head.chain,
      }));
      const entries: ExchangeEntry[] = [];
      for (const chain of chains) {
        const after = options.after?.get(chain.device) ?? 0;
        for (const row of this.connection.sql<[string, string, number], StoredRow>(CHAIN_ENTRIES).all(incidentId, chain.key, after)) {
          entries.push(exchangeEntryOf(row, chain.device));
        }
      }
      const devices = chains.map((chain) => chain.device);
      const deviceKeys = this.keys.ofDevices(devices).map(({ deviceId, publicKey, fingerprint }) => ({ deviceId, publicKey, fingerprint }));
      return {
        incidentId,
        title: incident.title,
        chains: chains.map(({ device: d, length, headHash }) => ({ device: d, length, headHash })),
        entries,
        deviceKeys,
      };
    });
  }

  /**
   * Inside the caller's write transaction. Throws CHAINS_REFUSED (and writes nothing) when any
   * offered entry or signature does not verify; refuses a device (RefusedChain) when its chain
   * contradicts itself or what is held, or does not join what is held. Returns what was taken, and the rowids and texts to index.
   */
  importInTransaction(incidentId: string, offer: ChainImportOffer, now: string): ImportResult & { foreignRedactions: boolean } {
    const incident = this.incidents.row(incidentId);
    const contradictions = offeredContradictions(offer.entries);
    const contradicted = new Set(contradictions.map((contradiction) => contradiction.device));
    const consistent = contradicted.size === 0 ? offer.entries : offer.entries.filter((entry) => !contradicted.has(entry.chain));
    const checked = checkOfferedChains(incidentId, consistent, offer.deviceKeys, {
      keyOf: (fingerprint) => this.storedKey(fingerprint),
      redactionHeld: (device, entryId) => this.connection.sql(REDACTION_OF).get(incidentId, this.chainKey(device), entryId) !== undefined,
    }).map((chain) => ({ ...chain, key: this.chainKey(chain.device) }));
    const result: ImportResult & { foreignRedactions: boolean } = { incidentId, added: 0, alreadyHad: 0, refused: [], alarms: [], foreignRedactions: false };
    // Every chain judged against what is held before anything is written (an alarm appends to this console's own chain).
    const verdicts = checked.map((chain) => ({ chain, verdict: this.against(incidentId, chain) }));
    // What an entry taken may refer to besides what is held: entries taken with it, not those of a refused chain.
    const takenIds = new Set(verdicts.flatMap(({ verdict }) => ('refused' in verdict ? [] : verdict.fresh.map((entry) => entry.id))));
    const taken: ExchangeEntry[] = [];
    for (const contradiction of contradictions) {
      const verdict = this.twoHistories(incidentId, contradiction);
      result.refused.push(verdict.refused);
      const alarm = this.alarm(incidentId, verdict.refused, verdict.held, verdict.offered, offer.source ?? 'an import');
      if (alarm) result.alarms.push(alarm);
    }
    for (const { chain, verdict } of verdicts) {
      if ('refused' in verdict) {
        result.refused.push(verdict.refused);
        if (verdict.refused.reason !== 'gap') {
          const alarm = this.alarm(incidentId, verdict.refused, verdict.held, verdict.offered, offer.source ?? 'an import');
          if (alarm) result.alarms.push(alarm);
        }
        continue;
      }
      result.alreadyHad += verdict.held;
      for (const entry of verdict.fresh) {
        this.checkReference(incidentId, entry, takenIds);
        taken.push(entry);
      }
      if (verdict.fresh.length > 0) {
        const last = verdict.fresh.at(-1)!;
        this.heads.advance(incidentId, chain.key, chain.device, last.seq, last.hash);
      }
      for (const key of chain.newKeys) this.keys.recordInTransaction({ ...key, recordedAt: now });
    }
    if (taken.length === 0) return result;
    // An amendment or pin may refer to an entry of another chain taken in this same import.
    this.connection.sql('PRAGMA defer_foreign_keys = ON').run();
    const stored = taken.map((entry) => ({ entry, rowid: this.insert(incidentId, entry) }));
    const redactedNow = new Set<string>();
    for (const entry of mergedOrder(stored.map((item) => item.entry))) {
      if (entry.kind !== 'redaction' && entry.kind !== 'pin' && entry.kind !== 'unpin') continue;
      const target = entry.refersTo ? this.queries.row(entry.refersTo) : undefined;
      if (entry.kind === 'redaction' && entry.refersTo) {
        redactedNow.add(entry.refersTo);
        result.foreignRedactions = true;
      }
      this.appender.applyToTarget(entry.kind as EntryKind, target);
    }
    this.search.indexInTransaction(
      stored.filter(({ entry }) => entry.text && !redactedNow.has(entry.id)).map(({ entry, rowid }) => ({ rowid, text: entry.text! })),
    );
    result.added = taken.length;
    this.incidents.countImported(
      incident,
      taken.length,
      taken.reduce((latest, entry) => (entry.recordedAt > latest ? entry.recordedAt : latest), incident.last_entry_at ?? ''),
    );
    this.incidents.rederive(incidentId);
    return result;
  }

  /** This console's own chain is keyed '' in the journal; another device's by its id. */
  private chainKey(device: string): string {
    return device === this.ownDevice ? OWN_CHAIN : device;
  }

  private requireDevice(doing: string): string {
    if (!this.ownDevice) throw new ConsoleError('DEVICE_UNKNOWN', `This console has no device id, so it cannot ${doing}.`);
    return this.ownDevice;
  }

  /** A verified offered chain against what the journal holds of it: what is new, or why the device is refused. */
  private against(
    incidentId: string,
    chain: CheckedChain,
  ): { fresh: ExchangeEntry[]; held: number } | { refused: RefusedChain; held: string; offered: string } {
    const head = this.heads.of(incidentId, chain.key) ?? (chain.key === OWN_CHAIN ? this.heads.own(this.incidents.row(incidentId)) : undefined);
    const length = head?.length ?? 0;
    const first = chain.entries[0]!;
    const heldAt = (seq: number) =>
      seq === 0 ? GENESIS_HASH : this.connection.sql<[string, string, number], { hash: string }>(HASH_AT).get(incidentId, chain.key, seq)?.hash;
    // The entry before the first offered one is the link: the same history up to there, or a fork.
    if (first.seq - 1 <= length) {
      const held = heldAt(first.seq - 1);
      if (held !== first.prevHash && first.seq > 1) {
        return this.equivocation(chain, first.seq - 1, held ?? '', first.prevHash);
      }
    }
    const fresh: ExchangeEntry[] = [];
    let had = 0;
    for (const entry of chain.entries) {
      if (entry.seq <= length) {
        const held = heldAt(entry.seq);
        if (held !== entry.hash) return this.equivocation(chain, entry.seq, held ?? '', entry.hash);
        had += 1;
      } else fresh.push(entry);
    }
    if (fresh.length > 0 && chain.key === OWN_CHAIN) {
      return {
        refused: {
          device: chain.device,
          reason: 'own_device',
          seq: fresh[0]!.seq,
          message: `Entries from #${fresh[0]!.seq} on claim to be this console's own, which it never wrote: refused.`,
        },
        held: head?.headHash ?? '',
        offered: fresh[0]!.hash,
      };
    }
    if (fresh.length > 0 && fresh[0]!.seq !== length + 1) {
      return {
        refused: {
          device: chain.device,
          reason: 'gap',
          seq: length + 1,
          message: `Device ${chain.device}'s chain is held up to #${length}, but what is offered starts at #${fresh[0]!.seq}: entries between are missing, so none was taken.`,
        },
        held: '',
        offered: '',
      };
    }
    return { fresh, held: had };
  }

  private equivocation(chain: CheckedChain, seq: number, held: string, offered: string) {
    return {
      refused: {
        device: chain.device,
        reason: 'equivocation' as const,
        seq,
        message: `Device ${chain.device} offered another entry #${seq} than the one this journal holds (held ${held.slice(0, 12)}…, offered ${offered.slice(0, 12)}…): two histories of one device, so its chain was refused.`,
      },
      held,
      offered,
    };
  }

  /**
   * A device offered with two different entries at one seq: refused. Its alarm's held hash is what
   * this journal holds at that seq ('' when it holds none), its offered hash the other one offered
   * (the first in sorted order when neither is held); the message names both.
   */
  private twoHistories(incidentId: string, contradiction: OfferedContradiction): { refused: RefusedChain; held: string; offered: string } {
    const { device, seq, hashes } = contradiction;
    const held = this.connection.sql<[string, string, number], { hash: string }>(HASH_AT).get(incidentId, this.chainKey(device), seq)?.hash ?? '';
    return {
      refused: {
        device,
        reason: 'equivocation',
        seq,
        message: `Device ${device} was offered with two different entries #${seq} (${hashes[0].slice(0, 12)}…, ${hashes[1].slice(0, 12)}…): two histories of one device, so its chain was refused.`,
      },
      held,
      offered: held === hashes[0] ? hashes[1] : hashes[0],
    };
  }

  /** The alarm entry in this console's own chain, once per (device, seq, offered hash); its id, or undefined when journaled before. */
  private alarm(incidentId: string, refusal: RefusedChain, held: string, offered: string, source: string): string | undefined {
    for (const row of this.connection.sql<[string], { data: string }>(ALARMS_OF_DEVICE).all(incidentId)) {
      const data = JSON.parse(row.data) as { device: string; seq: number; offeredHash: string };
      if (data.device === refusal.device && data.seq === Math.max(refusal.seq, 1) && data.offeredHash === offered) return undefined;
    }
    const appended = this.appender.appendInTransaction(incidentId, {
      kind: 'tampering_alarm',
      text: `Tampering alarm: ${refusal.message}`,
      data: { device: refusal.device, seq: Math.max(refusal.seq, 1), heldHash: held, offeredHash: offered, source },
    });
    this.search.indexInTransaction([{ rowid: appended.rowid, text: appended.entry.text ?? '' }]);
    return appended.entry.id;
  }

  /** What an offered entry refers to is in this incident, held or taken alongside. */
  private checkReference(incidentId: string, entry: ExchangeEntry, takenIds: ReadonlySet<string>): void {
    if (entry.refersTo === null || takenIds.has(entry.refersTo)) return;
    if (this.connection.sql(ENTRY_IN_INCIDENT).get(entry.refersTo, incidentId)) return;
    throw refused(`Entry ${entry.id} refers to ${entry.refersTo}, which is not part of this incident.`);
  }

  private insert(incidentId: string, entry: ExchangeEntry): number {
    const elsewhere = this.connection.sql<[string], { incident_id: string }>(ENTRY_ELSEWHERE).get(entry.id);
    if (elsewhere) throw refused(`Entry ${entry.id} is already held in another incident or chain.`);
    const { lastInsertRowid } = this.connection
      .sql(INSERT_FOREIGN)
      .run(
        entry.id,
        incidentId,
        entry.seq,
        entry.kind,
        entry.author,
        entry.recordedAt,
        entry.occurredAt,
        entry.refersTo,
        entry.bodyHash,
        entry.prevHash,
        entry.hash,
        entry.device ?? null,
        entry.chain,
      );
    const rowid = Number(lastInsertRowid);
    if (entry.text !== null && entry.data !== null) this.connection.sql(INSERT_BODY).run(rowid, entry.text, JSON.stringify(entry.data));
    else this.connection.sql(SET_REDACTED).run(rowid);
    return rowid;
  }

  private storedKey(fingerprint: string): { deviceId: string; publicKey: string } | undefined {
    return this.connection.sql<[string], { deviceId: string; publicKey: string }>(KEY_BY_FINGERPRINT).get(fingerprint);
  }
}

/** Entries in the merged timeline's order (compareMergedOrder). */
export function mergedOrder<T extends MergedOrderKey>(entries: readonly T[]): T[] {
  return [...entries].sort(compareMergedOrder);
}

function exchangeEntryOf(row: StoredRow, chain: string): ExchangeEntry {
  const redacted = row.redacted === 1 || row.text === null;
  return {
    id: row.id,
    incidentId: row.incident_id,
    seq: row.seq,
    kind: row.kind,
    author: row.author,
    recordedAt: row.recorded_at,
    occurredAt: row.occurred_at,
    refersTo: row.refers_to,
    ...(row.device === null ? {} : { device: row.device }),
    text: redacted ? null : row.text,
    data: redacted || row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
    bodyHash: row.body_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
    chain,
  };
}
