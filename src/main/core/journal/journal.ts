import { randomUUID } from 'node:crypto';
import type { ImportResult } from '../../../shared/chain-exchange-schemas';
import { ConsoleError } from '../../../shared/errors';
import type { EntryKind, Incident, NewEntry, TimelineEntry } from '../../../shared/model';
import type { Clock } from '../clock';
import { nextTurn } from '../next-turn';
import { ChainExchange, type ChainExport, type ChainImportOffer } from './chain-exchange';
import { ChainHeads, type ChainHead } from './chain-heads';
import { ChainVerifier, type ChainVerification } from './chain-verification';
import { DeviceKeys, type DeviceKeyRecord } from './device-keys';
import { EntryAppender, type AppendedEntry } from './entry-append';
import { IncidentProjection, type NewIncident } from './incident-projection';
import { IncidentWriters, type IncidentWriter } from './incident-writers';
import { JournalConnection, type JournalState } from './journal-connection';
import type { JournalPort } from './journal-port';
import { toIncident } from './journal-rows';
import type { OpenJournalOptions } from './open-journal-database';
import { SearchIndex } from './search-index';
import { TimelineQueries, type EntryPage, type EntryQuery, type SearchHit } from './timeline-queries';

const DRILLS = 'SELECT id, title, entry_count FROM incidents WHERE drill = 1';
const DRILL_ROWIDS = 'SELECT e.rowid FROM entries e JOIN incidents i ON i.id = e.incident_id WHERE i.drill = 1';
/** In this order: the index needs the text to forget a row, bodies and flags point at entries, entries at the incident. */
const REMOVE_DRILLS = [
  `INSERT INTO entry_search (entry_search, rowid, text) SELECT 'delete', b.entry_rowid, b.text FROM entry_bodies b WHERE b.text <> '' AND b.entry_rowid IN (${DRILL_ROWIDS})`,
  `DELETE FROM entry_bodies WHERE entry_rowid IN (${DRILL_ROWIDS})`,
  `DELETE FROM entry_flags WHERE entry_rowid IN (${DRILL_ROWIDS})`,
  'DELETE FROM entries WHERE incident_id IN (SELECT id FROM incidents WHERE drill = 1)',
];
const REMOVE_DRILL_CHAINS = 'DELETE FROM chains WHERE incident_id IN (SELECT id FROM incidents WHERE drill = 1)';
const REMOVE_DRILL_ROWS = 'DELETE FROM incidents WHERE drill = 1';

export type {
  ChainExport,
  ChainHead,
  ChainImportOffer,
  ChainVerification,
  ImportResult,
  DeviceKeyRecord,
  EntryPage,
  EntryQuery,
  IncidentWriter,
  JournalState,
  NewIncident,
  SearchHit,
};

/** Where a device's chain of an incident stands just before an entry that states it (a checkpoint), and that entry's time. */
export interface ChainHeadBefore {
  device: string | undefined;
  chainLength: number;
  headHash: string;
  at: string;
  /** The heads of the other devices' chains of the incident this journal holds (a checkpoint signs them too). */
  others?: Array<{ device: string; chainLength: number; headHash: string }>;
}

/** What a join code gives of an incident another console opened. */
export interface JoinedIncident {
  incidentId: string;
  title: string;
  detectedBy: string;
  startedAt: string;
  drill?: boolean;
  commander: { deviceId: string; publicKey: string; fingerprint: string };
}

export interface JournalOptions extends OpenJournalOptions {
  path: string;
  clock: Clock;
  /** Who is writing: the operator's name. */
  author: string;
  /** This console install's device id, written into every entry's header (docs/evidence-format.md). */
  device?: string;
  onAppended?: (entry: TimelineEntry, incident: Incident) => void;
  onIncidentChanged?: (incident: Incident) => void;
  /** Entries of other consoles' chains were taken in (or refused): the renderer reads the timeline again. */
  onImported?: (result: ImportResult, incident: Incident) => void;
  /** Its access or health changed: the background check answered, or damage was met while reading. */
  onStateChanged?: () => void;
  /** Something the operator must know that is not a failure of the call (a redaction not yet erased from the WAL). */
  onWarning?: (message: string) => void;
}

/**
 * The incident journal: append-only, hash-chained per incident, durable on every append.
 * Corrections and redactions are new entries; the only thing ever removed is a redacted body.
 * A facade over its parts: the connection (access, health, statements), the incident projection,
 * the timeline queries, the one append path, the search index and the chain verification.
 */
export class Journal implements JournalPort {
  readonly path: string;
  private readonly connection: JournalConnection;
  private readonly incidents: IncidentProjection;
  private readonly queries: TimelineQueries;
  private readonly writers: IncidentWriters;
  private readonly appender: EntryAppender;
  private readonly searchIndex: SearchIndex;
  private readonly chain: ChainVerifier;
  private readonly deviceKeys: DeviceKeys;
  private readonly heads: ChainHeads;
  private readonly exchange: ChainExchange;

  constructor(private readonly options: JournalOptions) {
    this.path = options.path;
    let searchIndex: SearchIndex | undefined;
    this.connection = new JournalConnection({
      ...options,
      // Once the file is known sound and writable, what the last session left unindexed is indexed.
      onStateChanged: () => {
        searchIndex?.soon();
        options.onStateChanged?.();
      },
    });
    this.heads = new ChainHeads(this.connection);
    this.incidents = new IncidentProjection(this.connection, () => this.heads.perDevice);
    this.queries = new TimelineQueries(this.connection, this.incidents, this.heads);
    this.writers = new IncidentWriters(this.connection);
    this.searchIndex = searchIndex = new SearchIndex(this.connection);
    this.appender = new EntryAppender(this.connection, this.incidents, this.queries, this.searchIndex, this.heads, {
      author: options.author,
      device: options.device,
      now: () => this.now(),
      onWarning: options.onWarning,
    });
    this.chain = new ChainVerifier(this.connection, this.incidents, this.heads);
    this.deviceKeys = new DeviceKeys(this.connection);
    this.exchange = new ChainExchange(
      this.connection,
      this.incidents,
      this.queries,
      this.heads,
      this.appender,
      this.searchIndex,
      this.deviceKeys,
      options.device,
    );
  }

  /** True when nothing can be written: the file is read-only, or it is damaged. */
  get readOnly(): boolean {
    return this.connection.readOnly;
  }

  get state(): JournalState {
    return this.connection.state;
  }

  /** Resolves once the background check has answered (at once when there is none). */
  checked(): Promise<JournalState> {
    return this.connection.checked();
  }

  close(): void {
    this.searchIndex.close();
    this.connection.close();
  }

  // ── incidents ──────────────────────────────────────────────────────────────

  createIncident(input: NewIncident): Incident {
    const now = this.now();
    const startedAt = input.startedAt ?? now;
    if (startedAt > now) {
      throw new ConsoleError('JOURNAL_INVALID_ENTRY', 'An incident cannot start in the future; leave the start time empty for "now".', [
        { path: 'startedAt', message: 'In the future: leave it empty for "now"' },
      ]);
    }
    const id = randomUUID();
    this.searchIndex.prepare();
    const opened = this.connection.write('open the incident', () => {
      this.incidents.insert(id, { ...input, startedAt }, now, this.options.author);
      return this.appender.appendInTransaction(
        id,
        {
          kind: 'incident_opened',
          text: input.title,
          data: { title: input.title, detectedBy: input.detectedBy, startedAt, ...(input.drill ? { drill: true as const } : {}) },
          occurredAt: startedAt === now ? undefined : startedAt,
        },
        // The same instant as the incident row's createdAt, which a bundle's verifier checks against this entry.
        now,
      );
    });
    this.searchIndex.indexLater({ rowid: opened.rowid, text: opened.entry.text ?? '' });
    const incident = toIncident(opened.incident);
    this.options.onIncidentChanged?.(incident);
    return incident;
  }

  /**
   * Opens on this console an incident another console opened (same id), from what its join code
   * says: the incident row, the commander's device key, and this console's own chain there,
   * starting with an `incident_joined` entry. The row takes the commander's opening entry's words
   * once that arrives (an import). Joining an incident held already changes nothing.
   */
  joinIncident(input: JoinedIncident): Incident {
    const device = this.options.device;
    if (!device) throw new ConsoleError('DEVICE_UNKNOWN', 'This console has no device id, so it cannot join an incident.');
    const held = this.incidents.list().find((incident) => incident.id === input.incidentId);
    if (held) return held;
    const now = this.now();
    this.searchIndex.prepare();
    const joined = this.connection.write('join the incident', () => {
      this.incidents.insert(
        input.incidentId,
        { title: input.title, detectedBy: input.detectedBy, startedAt: input.startedAt, drill: input.drill },
        now,
        this.options.author,
      );
      this.deviceKeys.recordInTransaction({ ...input.commander, recordedAt: now });
      return this.appender.appendInTransaction(
        input.incidentId,
        {
          kind: 'incident_joined',
          text: `Joined "${input.title}"`,
          data: { title: input.title, commanderDevice: input.commander.deviceId, commanderFingerprint: input.commander.fingerprint },
        },
        now,
      );
    });
    this.announce(joined);
    return toIncident(joined.incident);
  }

  listIncidents(): Incident[] {
    return this.incidents.list();
  }

  getIncident(incidentId: string): Incident {
    return this.incidents.get(incidentId);
  }

  /**
   * Removes every drill in one transaction: its words from the search index (secure-delete), its
   * bodies, flags, entries and its row, then checkpoints the WAL so nothing of it stays on disk.
   * The schema refuses the same for a real incident, whatever calls it.
   */
  removeDrills(): Array<{ id: string; title: string; entryCount: number }> {
    const removed = this.connection.write('remove the drills', () => {
      const drills = this.connection.sql<[], { id: string; title: string; entry_count: number }>(DRILLS).all();
      if (drills.length > 0) {
        for (const statement of REMOVE_DRILLS) this.connection.sql(statement).run();
        if (this.heads.perDevice) this.connection.sql(REMOVE_DRILL_CHAINS).run();
        this.connection.sql(REMOVE_DRILL_ROWS).run();
      }
      return drills.map((drill) => ({ id: drill.id, title: drill.title, entryCount: drill.entry_count }));
    });
    if (removed.length > 0) this.appender.eraseFromWal();
    return removed;
  }

  // ── entries ────────────────────────────────────────────────────────────────

  /**
   * One durable transaction (the entry, its body, the incident row), acknowledged once it is on
   * the disk; its words are indexed for search right after (SearchIndex).
   */
  append<K extends EntryKind>(incidentId: string, entry: NewEntry<K>): TimelineEntry {
    this.searchIndex.prepare();
    const appended = this.connection.write(`append a ${entry.kind.replace('_', ' ')} entry`, () => this.appender.appendInTransaction(incidentId, entry));
    if (entry.kind === 'redaction') this.appender.eraseFromWal();
    return this.announce(appended);
  }

  /**
   * Appends an entry that states where the chain stands just before it (a checkpoint, a key
   * rotation): `build` is given that head and the entry's time inside the write, so no entry can
   * come between what it states and where it goes. `key` is recorded in the same transaction.
   */
  appendStating<K extends EntryKind>(
    incidentId: string,
    build: (head: ChainHeadBefore) => NewEntry<K>,
    key?: Omit<DeviceKeyRecord, 'recordedAt'>,
  ): TimelineEntry {
    this.searchIndex.prepare();
    const appended = this.connection.write('append a checkpoint', () => {
      const incident = this.incidents.row(incidentId);
      const at = this.now();
      if (key) this.deviceKeys.recordInTransaction({ ...key, recordedAt: at });
      const own = this.heads.own(incident);
      const entry = build({ device: this.options.device, chainLength: own.length, headHash: own.headHash, at, others: this.otherHeads(incidentId) });
      return this.appender.appendInTransaction(incidentId, entry, at);
    });
    return this.announce(appended);
  }

  /** The public keys the journal keeps for these devices, oldest first. */
  keysOfDevices(deviceIds: readonly string[]): DeviceKeyRecord[] {
    return this.deviceKeys.ofDevices(deviceIds);
  }

  /** Every (author, device) that wrote into the incident, first writer first; a long incident's first count is done in turns. */
  async writersOf(incidentId: string): Promise<IncidentWriter[]> {
    this.incidents.get(incidentId);
    return await this.writers.ofInTurns(incidentId, () => this.incidents.row(incidentId).entry_count);
  }

  /** After a durable append: its words queued for the search index, and the listeners told. */
  private announce(appended: AppendedEntry): TimelineEntry {
    this.searchIndex.indexLater({ rowid: appended.rowid, text: appended.entry.text ?? '' });
    const incident = toIncident(appended.incident);
    this.options.onAppended?.(appended.entry, incident);
    this.options.onIncidentChanged?.(incident);
    return appended.entry;
  }

  /**
   * Appends several entries in one durable transaction (imports, seeding a large journal): each is
   * checked and chained exactly as a single append, and indexed in the same transaction; all are
   * written or none.
   */
  appendBatch(incidentId: string, entries: readonly NewEntry[]): number {
    if (entries.length === 0) return 0;
    this.searchIndex.prepare();
    this.connection.write(`append ${entries.length} entries`, () => {
      for (const entry of entries) {
        const appended = this.appender.appendInTransaction(incidentId, entry);
        this.searchIndex.indexInTransaction([{ rowid: appended.rowid, text: appended.entry.text ?? '' }]);
      }
    });
    if (entries.some((entry) => entry.kind === 'redaction')) this.appender.eraseFromWal();
    else this.connection.checkpointSoon();
    this.options.onIncidentChanged?.(this.getIncident(incidentId));
    return entries.length;
  }

  /** The entries with these ids (unknown ids are left out), e.g. the amendments a timeline shows. */
  entriesByIds(entryIds: readonly string[]): TimelineEntry[] {
    return this.queries.byIds(entryIds);
  }

  getEntry(entryId: string): TimelineEntry {
    return this.queries.entry(entryId);
  }

  /** Every entry of an incident in order, in one synchronous read (tests and benches; the app's export uses readTimeline). */
  allEntries(incidentId: string): TimelineEntry[] {
    return this.queries.all(incidentId);
  }

  /** allEntries, read a slice at a time with the event loop turning between slices (the post-mortem export of a long timeline). */
  async readTimeline(incidentId: string): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    for (const slice of this.queries.inSlices(incidentId)) {
      entries.push(...slice);
      await nextTurn();
    }
    return entries;
  }

  entriesOfKinds(incidentId: string, kinds: readonly EntryKind[]): TimelineEntry[] {
    return this.queries.ofKinds(incidentId, kinds);
  }

  listEntries(query: EntryQuery): EntryPage {
    return this.queries.page(query);
  }

  pageEntries(query: EntryQuery): TimelineEntry[] {
    return this.queries.page(query, { counted: false }).entries;
  }

  search(text: string, options: { incidentId?: string; limit?: number } = {}): SearchHit[] {
    this.searchIndex.bringUpToDate();
    return this.queries.search(text, options);
  }

  // ── the chains ─────────────────────────────────────────────────────────────

  /** Every chain of the incident (one per device), this journal's own first. */
  chainHeads(incidentId: string): ChainHead[] {
    return this.connection.read('read the chains', () => this.heads.all(this.incidents.row(incidentId)));
  }

  /**
   * Every chain of the incident this journal holds (its own under this console's device id), the
   * entries of each after `after`'s position for that device (all when absent), and the public
   * keys their signatures need. `ownOnly`: this console's chain alone (a responder's bundle).
   */
  exportChains(incidentId: string, options: { after?: ReadonlyMap<string, number>; ownOnly?: boolean } = {}): ChainExport {
    return this.exchange.exportChains(incidentId, options);
  }

  /**
   * Takes other consoles' chains into the incident, in one durable transaction. Every offered chain
   * and signature is verified first: one that does not verify throws CHAINS_REFUSED and nothing is
   * written. Then what is new is stored (a union: importing the same again adds nothing); a device
   * whose chain contradicts the one held (equivocation) is refused and a tampering alarm naming it
   * is appended to this console's chain; a chain that starts past what is held is refused (a gap).
   */
  importChains(incidentId: string, offer: ChainImportOffer): ImportResult {
    this.searchIndex.prepare();
    const imported = this.connection.write('import chains', () => this.exchange.importInTransaction(incidentId, offer, this.now()));
    const { foreignRedactions, ...result } = imported;
    if (foreignRedactions) this.appender.eraseFromWal();
    else if (result.added > 0) this.connection.checkpointSoon();
    if (result.added > 0 || result.alarms.length > 0) {
      const incident = this.getIncident(incidentId);
      this.options.onImported?.(result, incident);
      this.options.onIncidentChanged?.(incident);
    }
    return result;
  }

  /** Inside a read or write: the other devices' chains, as a checkpoint states them. */
  private otherHeads(incidentId: string): Array<{ device: string; chainLength: number; headHash: string }> {
    return this.heads
      .all(this.incidents.row(incidentId))
      .filter((head) => head.chain !== '' && head.device !== null)
      .map((head) => ({ device: head.device!, chainLength: head.length, headHash: head.headHash }));
  }

  verify(incidentId: string, options: { full?: boolean } = {}): ChainVerification {
    return this.chain.verify(incidentId, options);
  }

  verifyInSlices(incidentId: string, options: { full?: boolean; sliceSize?: number; parallel?: boolean } = {}): Promise<ChainVerification> {
    return this.chain.verifyInSlices(incidentId, options);
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}
