import type Database from 'better-sqlite3';
import { ConsoleError, errorMessage, type ErrorCode } from '../../../shared/errors';
import type { Clock } from '../clock';
import { DeferredCheckpoint } from './deferred-checkpoint';
import { BackgroundIntegrityCheck, quickCheck, type IntegrityVerdict } from './integrity-check';
import { DAMAGED_JOURNAL_ADVICE, isCorruption, journalErrorFromSqlite } from './journal-errors';
import { openJournalDatabase, openReadOnly, openWritableJournal, type JournalAccess, type OpenJournalOptions } from './open-journal-database';

export interface JournalConnectionOptions extends OpenJournalOptions {
  path: string;
  clock: Clock;
  /** Its access or health changed: the background check answered, or damage was met while reading. */
  onStateChanged?: () => void;
}

/** A point in a journal file's history (JournalConnection.mark). */
export interface FileMark {
  generation: number;
  dataVersion: number;
}

/** How the journal stands: what the UI shows and what decides whether a write may happen. */
export interface JournalState {
  access: JournalAccess;
  /** Why it is read-only: the file cannot be written, or SQLite found it damaged. */
  readOnlyBecause: 'file' | 'damaged' | null;
  integrity: {
    state: 'new' | 'checking' | 'ok' | 'damaged' | 'unchecked';
    checkedAt: string | null;
    findings: string[];
  };
  /** Why the file was read into memory instead of opened in place; null when it was not. */
  inMemoryCopy: string | null;
  /** Why the checked file could not be opened for writing (a full or read-only disk); tried again on the next write. */
  writableFailure?: { code: ErrorCode; message: string };
}

/**
 * The journal file's one SQLite connection and how it stands. An existing file is read through a
 * read-only connection until SQLite's check of it answers, then through a writable one (or stays
 * read-only for good when damaged). Every read and write goes through here, so damage met
 * anywhere stops the writes, and every SQL text is prepared once per connection.
 */
export class JournalConnection {
  readonly path: string;
  private db: Database.Database;
  private readonly currentState: JournalState;
  /** The background quick_check of an existing file, until it answers. */
  private check: BackgroundIntegrityCheck | undefined;
  /** Every SQL text prepared once: compiling a statement costs more than running it on an append. */
  private prepared = new Map<string, Database.Statement>();
  private generationCount = 0;
  /**
   * The file's history carried across the swap to a writable connection after a clean check: the
   * reading connection's data_version just before it closed, and the writing one's as it opened.
   */
  private carriedOver: { from: FileMark; to: FileMark } | undefined;
  /** The connection's one immediate-transaction wrapper (immediateTransaction). */
  private transactionOf: { db: Database.Database; run: (work: () => unknown) => unknown } | undefined;
  /** What to undo in memory if the transaction running now rolls back. */
  private rollbackActions: Array<() => void> = [];
  /** The WAL copied into the file in the turn after commits, not inside an acknowledged one. */
  private readonly checkpoints = new DeferredCheckpoint(() => this.copyWal());
  /** A redaction's earlier copies are still in the WAL (a reader held it): the next checkpoint truncates it. */
  private walErasureOwed = false;

  constructor(private readonly options: JournalConnectionOptions) {
    this.path = options.path;
    const opened = openJournalDatabase(options.path, options);
    this.db = opened.db;
    this.currentState = {
      access: opened.access,
      readOnlyBecause: opened.integrity === 'damaged' ? 'damaged' : opened.access === 'read-only' ? 'file' : null,
      integrity: {
        state: opened.integrity,
        checkedAt: opened.integrity === 'ok' || opened.integrity === 'damaged' || opened.integrity === 'new' ? this.now() : null,
        findings: opened.findings,
      },
      inMemoryCopy: opened.inMemoryCopy,
    };
    if (opened.integrity === 'damaged') this.currentState.access = 'read-only';
    if (opened.integrity === 'checking') this.startCheck();
  }

  get state(): JournalState {
    return structuredClone(this.currentState);
  }

  get readOnly(): boolean {
    return this.currentState.access === 'read-only';
  }

  /** A write would start at once: the file was checked and is open for writing. */
  get writable(): boolean {
    return this.currentState.access === 'writable' && !this.currentState.writableFailure;
  }

  /**
   * What another connection (a worker thread's) opens to read the same file; undefined when this
   * one reads a copy in memory, which no other connection can see.
   */
  get readableFile(): { path: string; nativeBinding: string | undefined } | undefined {
    return this.currentState.inMemoryCopy === null ? { path: this.path, nativeBinding: this.options.nativeBinding } : undefined;
  }

  /** Changes whenever the connection is replaced: what SQLite says about a connection (data_version) holds for that one only. */
  get generation(): number {
    return this.generationCount;
  }

  /** Resolves once the background check has answered (at once when there is none). */
  async checked(): Promise<JournalState> {
    if (this.check) this.applyVerdict(await this.check.settled);
    return this.state;
  }

  /** The statement for this SQL text, compiled on its first use by this connection. */
  sql<P extends unknown[] | Record<string, unknown> = unknown[], R = unknown>(source: string): Database.Statement<P, R> {
    let statement = this.prepared.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.prepared.set(source, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }

  /** SQLite's count of changes made to the file by other connections since this one opened it. */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** This moment in the file's history, to ask later whether anything else wrote it since (unchangedSince). */
  mark(): FileMark {
    return { generation: this.generation, dataVersion: this.dataVersion() };
  }

  /**
   * Whether no other connection has written the file since `mark` (this one's own writes aside).
   * Across a connection's replacement only when it became writable after a clean check with no
   * write in between and no migration: a 1,000,000-entry chain verified while the check ran is not
   * walked again from genesis for it.
   */
  unchangedSince(mark: FileMark): boolean {
    if (mark.generation === this.generation) return mark.dataVersion === this.dataVersion();
    const carried = this.carriedOver;
    return this.continues(mark.generation) && carried?.from.dataVersion === mark.dataVersion && carried.to.dataVersion === this.dataVersion();
  }

  /**
   * Whether the connection open now reads the same file, as it was, that connection `generation`
   * read: the same connection, or the writable one a clean check replaced it with (no migration
   * ran). What was counted from that file's append-only rows then still counts.
   */
  continues(generation: number): boolean {
    return generation === this.generation || (this.carriedOver?.from.generation === generation && this.carriedOver.to.generation === this.generation);
  }

  /**
   * Copies the WAL into the file and truncates it; answers whether another reader kept it from
   * doing so, in which case the checkpoints after it try again until one does. Throws as SQLite does.
   */
  checkpointWal(): { busy: boolean } {
    this.walErasureOwed = true;
    try {
      const busy = (this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0]?.busy ?? 0;
      this.walErasureOwed = busy !== 0;
      return { busy: busy !== 0 };
    } finally {
      if (this.walErasureOwed) this.checkpoints.soon();
    }
  }

  /** After a write of many rows (a batch, an import): the WAL is copied into the file in the next turn. */
  checkpointSoon(): void {
    this.checkpoints.soon();
  }

  /**
   * A PASSIVE checkpoint, run by DeferredCheckpoint in a turn of its own: it copies what no reader
   * still needs and waits for nobody. One that fails (a full disk) leaves the WAL as it was, still
   * durable, for the next; damage it meets stops the writes as anywhere else.
   */
  private copyWal(): void {
    if (!this.writable || !this.db.open) return;
    try {
      if (this.walErasureOwed) this.truncateWalIfNoReader();
      else this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      this.failure(error, 'copy the WAL into the journal');
    }
  }

  /** TRUNCATE without the busy timeout: a reader still there makes it wait for the next checkpoint, not hold main's thread. */
  private truncateWalIfNoReader(): void {
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.walErasureOwed = ((this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0]?.busy ?? 0) !== 0;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /** A read; SQLite's failures become the journal's errors, and damage met stops all writes. */
  read<T>(doing: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw this.failure(error, doing);
    }
  }

  /** One durable transaction, only once the file is known sound and writable; all of `work` or nothing. */
  write<T>(doing: string, work: () => T): T {
    // The first write of a session waits for the check of the file: never a write before it.
    if (this.check && this.currentState.access === 'checking') this.applyVerdict(this.check.waitSync());
    // A checked file that could not be opened for writing (the disk was full): it may be possible now.
    if (this.currentState.writableFailure) {
      this.becomeWritable();
      if (!this.currentState.writableFailure) this.options.onStateChanged?.();
    }
    if (this.currentState.access !== 'writable') throw this.refusal(doing);
    this.rollbackActions = [];
    try {
      const result = this.immediateTransaction()(work) as T;
      // A redaction's erasure still owed is tried after every commit, until no reader holds it up.
      this.checkpoints.committed(this.walErasureOwed);
      return result;
    } catch (error) {
      for (const undo of this.rollbackActions.reverse()) undo();
      throw this.failure(error, doing);
    } finally {
      this.rollbackActions = [];
    }
  }

  /**
   * BEGIN IMMEDIATE … COMMIT around any work, made once per connection: better-sqlite3 builds four
   * wrappers and their properties for every db.transaction(), a sixth of an append's own time.
   */
  private immediateTransaction(): (work: () => unknown) => unknown {
    if (this.transactionOf?.db !== this.db) {
      this.transactionOf = { db: this.db, run: this.db.transaction((work: () => unknown) => work()).immediate };
    }
    return this.transactionOf.run;
  }

  /**
   * A write of what can be rebuilt from the durable rows (the search index): committed without
   * waiting for the disk (synchronous=NORMAL, still crash-safe in WAL mode); the next durable
   * commit or checkpoint carries it to the disk, and a power cut can only lose it, never damage it.
   */
  writeRebuildable<T>(doing: string, work: () => T): T {
    this.sql('PRAGMA synchronous = NORMAL').run();
    try {
      return this.write(doing, work);
    } finally {
      // The connection may have been replaced meanwhile: whichever is current writes durably again.
      this.sql('PRAGMA synchronous = FULL').run();
    }
  }

  /** Inside a write: how to put memory back as it was should this transaction roll back. */
  onRollback(undo: () => void): void {
    this.rollbackActions.push(undo);
  }

  close(): void {
    this.checkpoints.close();
    this.check?.cancel();
    this.check = undefined;
    if (!this.db.open) return;
    if (this.currentState.access === 'writable') {
      try {
        this.db.pragma('optimize');
      } catch {
        // Closing must not fail because statistics could not be refreshed.
      }
    }
    this.db.close();
  }

  private failure(error: unknown, doing: string): ConsoleError {
    if (error instanceof ConsoleError) return error;
    if (isCorruption(error)) this.damageMet(error);
    return journalErrorFromSqlite(error, this.path, doing);
  }

  private refusal(doing: string): ConsoleError {
    const failure = this.currentState.writableFailure;
    if (failure) return new ConsoleError(failure.code, `Could not ${doing}: ${failure.message}`);
    if (this.currentState.readOnlyBecause === 'damaged') {
      const found = this.currentState.integrity.findings[0];
      return new ConsoleError(
        'JOURNAL_DAMAGED',
        `Could not ${doing}: the journal ${this.path} is damaged${found ? ` (SQLite's check: ${found})` : ''}, so it is open read-only and nothing is written to it. ${DAMAGED_JOURNAL_ADVICE}`,
      );
    }
    return new ConsoleError(
      'JOURNAL_READ_ONLY',
      `Could not ${doing}: the journal ${this.path} is read-only. Nothing was written; make the file writable and try again.`,
    );
  }

  private startCheck(): void {
    const check = new BackgroundIntegrityCheck(
      this.path,
      () => quickCheck(this.db),
      this.options.nativeBinding,
      () => this.options.clock.now(),
    );
    this.check = check;
    void check.settled.then((verdict) => this.applyVerdict(verdict));
  }

  /** Takes the check's answer once: a clean file becomes writable, a damaged one stays read-only for good. */
  private applyVerdict(verdict: IntegrityVerdict): void {
    if (!this.check || !this.db.open) return;
    this.check = undefined;
    const checkedAt = verdict.checkedAt.toISOString();
    if (!verdict.ok) {
      this.markDamaged(verdict.findings, checkedAt);
    } else {
      this.currentState.integrity = { state: 'ok', checkedAt, findings: [] };
      if (this.currentState.access === 'checking') this.becomeWritable();
    }
    this.options.onStateChanged?.();
  }

  private becomeWritable(): void {
    let writable: Database.Database;
    try {
      writable = openWritableJournal(this.path, this.options);
    } catch (error) {
      // It could be read but not opened for writing (a full disk, a disk gone read-only meanwhile).
      const failure = error instanceof ConsoleError ? error : journalErrorFromSqlite(error, this.path, 'open the journal for writing');
      this.currentState.access = 'read-only';
      this.currentState.readOnlyBecause = 'file';
      this.currentState.writableFailure = { code: failure.code, message: failure.message };
      return;
    }
    // Read in this order, any write by another connection shows in one of the two counts.
    const to = writable.pragma('data_version', { simple: true }) as number;
    const from = this.mark();
    const sameSchema = writable.pragma('user_version', { simple: true }) === this.db.pragma('user_version', { simple: true });
    this.swapConnection(writable);
    this.carriedOver = sameSchema && this.currentState.inMemoryCopy === null ? { from, to: { generation: this.generation, dataVersion: to } } : undefined;
    this.currentState.access = 'writable';
    this.currentState.readOnlyBecause = null;
    delete this.currentState.writableFailure;
  }

  /** Damage met while the journal was in use: no further write, and the file is left as it is. */
  private damageMet(error: unknown): void {
    if (this.currentState.readOnlyBecause === 'damaged') return;
    this.check?.cancel();
    this.check = undefined;
    const wasWritable = this.currentState.access === 'writable';
    this.markDamaged([errorMessage(error)], this.now());
    if (wasWritable) {
      // A read-only connection opened before the writing one closes keeps SQLite from
      // checkpointing into the damaged file on close (only the last connection does).
      try {
        this.swapConnection(openReadOnly(this.path, this.options.nativeBinding).db);
      } catch {
        // Keep the writing connection, unused: writes are refused from now on anyway.
      }
    }
    this.options.onStateChanged?.();
  }

  private markDamaged(findings: string[], checkedAt: string): void {
    this.currentState.integrity = { state: 'damaged', checkedAt, findings };
    this.currentState.access = 'read-only';
    this.currentState.readOnlyBecause = 'damaged';
  }

  private swapConnection(next: Database.Database): void {
    const previous = this.db;
    this.db = next;
    this.prepared = new Map();
    this.generationCount += 1;
    this.carriedOver = undefined;
    previous.close();
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}
