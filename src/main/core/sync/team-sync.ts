import { ConsoleError, errorMessage } from '../../../shared/errors';
import type { SyncStatus, TeamDatabaseView } from '../../../shared/sync-schemas';
import type { Clock } from '../clock';
import { SyncDatabase, type SyncDatabaseOptions } from './sync-database';
import type { SyncJournal } from './sync-journal';
import { chainDevice, type SyncDeviceKey, type SyncEntry } from './sync-shapes';
import type { SyncStateFile } from './sync-state-file';
import { teamDatabaseView, type TeamDatabaseAddress } from './team-database-address';

export interface TeamSyncDeps {
  journal: SyncJournal;
  state: SyncStateFile;
  clock: Clock;
  /** The configured team database, read at each connect (so a change applies on the next); null when none. */
  address: () => Promise<TeamDatabaseAddress | null>;
  onStatus?: (status: SyncStatus) => void;
  /** The safety net: a pull this often even without a NOTIFY (default 30 s). */
  periodicPullMs?: number;
  /** How soon a database that could not be reached is tried again (default 5 s). */
  retryMs?: number;
  /** Rows per pull page (default 2,000) and entries per push transaction (default 1,000). */
  pageSize?: number;
  pushBatchSize?: number;
  database?: SyncDatabaseOptions;
}

type Refusal = SyncStatus['refused'][number];

/**
 * Online sync through the team database, in the background: a loop that connects, LISTENs,
 * pulls everything after its cursor (importing it through the journal, which verifies it), then
 * pushes every local entry the database is not known to hold, and sleeps until woken (a NOTIFY,
 * an append, the operator) or the periodic pull is due. Every (re)connect starts with a pull, so
 * a NOTIFY missed while the link was down loses nothing. Nothing here blocks an append: the
 * journal writes first and the loop carries it later, however long the database is away.
 */
export class TeamSync {
  private connection: SyncDatabase | null = null;
  private connectionLost = false;
  private woken = false;
  private wakeSleeper: (() => void) | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private cycleWaiters: Array<() => void> = [];
  /** The database the state is kept for: the last one reached (null until one is, or after a change). */
  private databaseId: string | null = null;
  private status: SyncStatus = {
    database: null,
    connection: 'off',
    lastSyncedAt: null,
    waiting: 0,
    pushOutcomeUnknown: false,
    lastError: null,
    refused: [],
  };

  constructor(private readonly deps: TeamSyncDeps) {}

  start(): void {
    this.running ??= this.loop();
  }

  current(): SyncStatus {
    return this.status;
  }

  /** Something may be new (an append, a NOTIFY, the operator): run a cycle now rather than at the next period. */
  wake(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  /** Runs a cycle now and answers the status after it (confirmed, or the reason it was not). */
  async syncNow(): Promise<SyncStatus> {
    const done = new Promise<void>((resolve) => this.cycleWaiters.push(resolve));
    this.wake();
    await done;
    return this.status;
  }

  /** The team database changed (or was cleared): drop the connection; the next cycle connects to the new one. */
  reconfigured(): void {
    this.connectionLost = true;
    this.databaseId = null;
    this.update({ refused: [], lastError: null, pushOutcomeUnknown: false, lastSyncedAt: null });
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    await this.connection?.close();
    this.connection = null;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let pauseMs = this.deps.periodicPullMs ?? 30_000;
      try {
        const address = await this.deps.address();
        if (!address) {
          await this.disconnect();
          this.update({ database: null, connection: 'off', waiting: this.countWaiting() });
          pauseMs = Number.POSITIVE_INFINITY;
        } else {
          await this.cycle(address);
        }
      } catch (error) {
        await this.disconnect();
        // No keychain: no team database can be set here, which is "off", not a database out of reach.
        const noKeychain = error instanceof ConsoleError && error.code === 'KEYCHAIN_UNAVAILABLE';
        this.update({
          connection: noKeychain ? 'off' : 'offline',
          lastError: { at: this.now(), message: errorMessage(error) },
          waiting: this.countWaiting(),
        });
        pauseMs = noKeychain ? Number.POSITIVE_INFINITY : (this.deps.retryMs ?? 5_000);
      }
      for (const resolve of this.cycleWaiters.splice(0)) resolve();
      if (!this.woken && !this.stopped) await this.sleep(pauseMs);
    }
  }

  private async cycle(address: TeamDatabaseAddress): Promise<void> {
    const view: TeamDatabaseView = teamDatabaseView(address);
    if (this.connectionLost) await this.disconnect();
    let db = this.connection;
    if (!db) {
      this.update({ database: view, connection: 'connecting', waiting: this.countWaiting() });
      db = await SyncDatabase.connect(address, () => this.lost(), this.deps.database);
      this.connection = db;
      this.connectionLost = false;
      await db.listen(() => this.wake());
      this.databaseId = db.databaseId;
      this.update({ lastSyncedAt: this.deps.state.lastConfirmed(db.databaseId) });
    }
    await this.catchUp(db);
    await this.pullAll(db);
    await this.pushAll(db);
    // Everything is confirmed in the database now (pulled back or pushed): no push is left in doubt,
    // and a cycle that found nothing to do is a confirmation too.
    this.confirmed(db);
    this.update({ database: view, connection: 'online', lastError: null, pushOutcomeUnknown: false, waiting: this.countWaiting() });
  }

  /**
   * An incident opened or joined since the last cycle is read from the database's start up to the
   * cursor (its rows before it were passed over while it was not held), then marked caught up.
   */
  private async catchUp(db: SyncDatabase): Promise<void> {
    const pageSize = this.deps.pageSize ?? 2_000;
    const caughtUp = this.deps.state.caughtUp(db.databaseId);
    for (const incidentId of this.deps.journal.incidentIds()) {
      if (caughtUp.has(incidentId)) continue;
      const through = this.deps.state.cursor(db.databaseId);
      for (let after = 0; ;) {
        const page = await db.pullIncident(incidentId, after, through, pageSize);
        if (page.entries.length > 0)
          this.importPage(
            db,
            incidentId,
            page.entries.map((row) => row.entry),
            page.deviceKeys,
          );
        after = page.through;
        if (page.entries.length < pageSize) break;
      }
      this.deps.state.recordCaughtUp(db.databaseId, incidentId);
    }
  }

  /** Pages after the cursor, each imported (verified, durable) before the cursor moves past it. */
  private async pullAll(db: SyncDatabase): Promise<void> {
    const pageSize = this.deps.pageSize ?? 2_000;
    for (;;) {
      const page = await db.pull(this.deps.state.cursor(db.databaseId), pageSize);
      if (page.entries.length === 0) break;
      const byIncident = new Map<string, SyncEntry[]>();
      for (const { entry } of page.entries) {
        const list = byIncident.get(entry.incidentId) ?? [];
        list.push(entry);
        byIncident.set(entry.incidentId, list);
      }
      // Only incidents this console holds (opened or joined, and caught up) are taken; the others are not its business.
      const caughtUp = this.deps.state.caughtUp(db.databaseId);
      for (const [incidentId, entries] of byIncident) {
        if (caughtUp.has(incidentId)) this.importPage(db, incidentId, entries, page.deviceKeys);
      }
      this.deps.state.advanceCursor(db.databaseId, page.through);
      this.confirmed(db);
      if (page.entries.length < pageSize) break;
    }
  }

  private importPage(db: SyncDatabase, incidentId: string, entries: SyncEntry[], deviceKeys: SyncDeviceKey[]): void {
    const outcome = this.deps.journal.importChains(incidentId, { entries, deviceKeys });
    for (const refusal of outcome.refused) this.refuse({ incidentId, device: refusal.device, message: refusal.message });
    // What was pulled is in the database already: those chains need not be pushed back.
    const refusedDevices = new Set(outcome.refused.map((refusal) => refusal.device));
    const through = lastSeqPerDevice(entries.filter((entry) => !refusedDevices.has(chainDevice(entry))));
    this.deps.state.recordPushed(db.databaseId, incidentId, through);
  }

  /** Every chain's entries past what the database is known to hold, in seq order, in transactions of a batch each. */
  private async pushAll(db: SyncDatabase): Promise<void> {
    const batchSize = this.deps.pushBatchSize ?? 1_000;
    for (const incidentId of this.deps.journal.incidentIds()) {
      const { entries, deviceKeys } = this.deps.journal.exportChains(incidentId, this.deps.state.pushedThrough(db.databaseId, incidentId));
      const ordered = [...entries].sort((a, b) => chainDevice(a).localeCompare(chainDevice(b)) || a.seq - b.seq);
      for (let start = 0; start < ordered.length; start += batchSize) {
        const batch = ordered.slice(start, start + batchSize);
        this.update({ pushOutcomeUnknown: true });
        const result = await db.push(batch, keysFor(batch, deviceKeys));
        for (const conflict of result.conflicts) {
          this.refuse({
            incidentId: conflict.incidentId,
            device: conflict.device,
            message: `The team database holds another entry at seq ${conflict.seq} of device ${conflict.device} (equivocation): both are kept there, neither is overwritten, and consoles refuse that chain.`,
          });
        }
        this.deps.state.recordPushed(db.databaseId, incidentId, lastSeqPerDevice(batch));
        this.update({ pushOutcomeUnknown: false });
        this.confirmed(db);
      }
    }
  }

  private countWaiting(): number {
    try {
      let waiting = 0;
      for (const incidentId of this.deps.journal.incidentIds()) {
        const after = this.databaseId ? this.deps.state.pushedThrough(this.databaseId, incidentId) : new Map<string, number>();
        // Counted from the chains' lengths: exporting them to count read every entry (a second per append at 100,000).
        for (const { device, length } of this.deps.journal.chainLengths(incidentId)) waiting += Math.max(0, length - (after.get(device) ?? 0));
      }
      return waiting;
    } catch {
      // The journal is unavailable: its own status says why; nothing of it can wait to go.
      return 0;
    }
  }

  private confirmed(db: SyncDatabase): void {
    const at = this.now();
    this.deps.state.recordConfirmed(db.databaseId, at);
    this.update({ lastSyncedAt: at });
  }

  private refuse(refusal: Refusal): void {
    const known = this.status.refused.some((seen) => seen.incidentId === refusal.incidentId && seen.device === refusal.device);
    if (!known) this.update({ refused: [...this.status.refused, refusal] });
  }

  private lost(): void {
    this.connectionLost = true;
    this.wake();
  }

  private async disconnect(): Promise<void> {
    const db = this.connection;
    this.connection = null;
    await db?.close();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      timer?.unref?.();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = () => {
        this.wakeSleeper = null;
        done();
      };
    });
  }

  private update(change: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...change };
    this.deps.onStatus?.(this.status);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function lastSeqPerDevice(entries: readonly SyncEntry[]): Map<string, number> {
  const through = new Map<string, number>();
  for (const entry of entries) through.set(chainDevice(entry), Math.max(through.get(chainDevice(entry)) ?? 0, entry.seq));
  return through;
}

function keysFor(entries: readonly SyncEntry[], keys: readonly SyncDeviceKey[]): SyncDeviceKey[] {
  const devices = new Set(entries.map(chainDevice));
  return keys.filter((key) => devices.has(key.deviceId));
}
