import type { EntryKind, Incident, NewEntry, TimelineEntry } from '../../../shared/model';
import type {
  ChainExport,
  ChainHead,
  ChainHeadBefore,
  ChainImportOffer,
  DeviceKeyRecord,
  EntryPage,
  EntryQuery,
  ImportResult,
  IncidentWriter,
  JoinedIncident,
} from './journal';

/**
 * What other services (kill switch, diagnostics runner, triage, comms, reports) need of the
 * journal. They take this interface, not the SQLite class, so each stays testable on its own
 * while the real journal is what the app wires in.
 */
export interface JournalPort {
  /** Appends durably (synchronous=FULL) and returns the stored entry; throws ConsoleError on failure. */
  append<K extends EntryKind>(incidentId: string, entry: NewEntry<K>): TimelineEntry;
  /** Opens an incident (journaled as its first entry); startedAt defaults to now. */
  createIncident(input: { title: string; detectedBy: string; startedAt?: string }): Incident;
  getIncident(incidentId: string): Incident;
  /**
   * Every entry of an incident in order, read a slice at a time with the console answering other
   * calls in between (the kill switch among them): a long timeline's post-mortem export.
   */
  readTimeline(incidentId: string): Promise<TimelineEntry[]>;
  /** Every entry of these kinds in order, through an index (derived state such as severity and checklist ticks, read after every append). */
  entriesOfKinds(incidentId: string, kinds: readonly EntryKind[]): TimelineEntry[];
  /** Every incident, most recent first (which one is open, where an observed event belongs). */
  listIncidents(): Incident[];
  /** A page of one incident's entries, filtered by kind through the index. */
  listEntries(query: EntryQuery): EntryPage;
  /**
   * The same page without counting every entry that matches: what a service reading the newest
   * few of some kinds needs (counting a whole incident's entries of most kinds on one chain read
   * every one of them: 600 ms at 1,000,000).
   */
  pageEntries(query: EntryQuery): TimelineEntry[];
  /** Appends an entry built from where the chain stands just before it (checkpoints); `key` recorded with it. */
  appendStating<K extends EntryKind>(
    incidentId: string,
    build: (head: ChainHeadBefore) => NewEntry<K>,
    key?: Omit<DeviceKeyRecord, 'recordedAt'>,
  ): TimelineEntry;
  /** The public keys the journal keeps for these devices (what an export carries for its signatures). */
  keysOfDevices(deviceIds: readonly string[]): DeviceKeyRecord[];
  /** Who wrote into an incident from which device, with counts (the Team screen); a long incident's first count is done in turns. */
  writersOf(incidentId: string): Promise<IncidentWriter[]>;
  /** Opens here, under its own id, an incident another console shares (a join code); this console's chain starts in it. */
  joinIncident(input: JoinedIncident): Incident;
  /** Every chain of the incident (one per device), this console's own first (issue 17). */
  chainHeads(incidentId: string): ChainHead[];
  /** The entries of every chain after the given per-device positions, and the keys they need (see /work/helpers/API-17c.md). */
  exportChains(incidentId: string, options?: { after?: ReadonlyMap<string, number>; ownOnly?: boolean }): ChainExport;
  /** Verifies every offered chain and signature, then takes what is new in one transaction; equivocation refused and alarmed. */
  importChains(incidentId: string, offer: ChainImportOffer): ImportResult;
}
