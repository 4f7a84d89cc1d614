import type { EntryKind, TimelineEntry } from '../../../../shared/model';
import { call, errorMessage } from '../../api/client';

export interface TimelineFilter {
  kinds: EntryKind[];
  pinnedOnly: boolean;
  query: string;
}

/**
 * What the virtual list reads: a row count and whatever entry is loaded at an index (newest
 * first). Rows come from the journal by keyset paging on seq, only around what is on screen.
 */
export interface TimelineSource {
  readonly count: number;
  readonly error: string | undefined;
  readonly loading: boolean;
  entryAt(index: number): TimelineEntry | undefined;
  /** A key that follows the entry, not the position, and is known before the entry is loaded. */
  keyAt(index: number): string | number;
  /** Asks for the rows in [start, end] (indexes) if they are missing or stale. */
  ensure(start: number, end: number): void;
  /** Something was appended: reload what is shown, keeping the rows on screen until it arrives. */
  refresh(entryCount: number, appended?: TimelineEntry): void;
  subscribe(listener: () => void): () => void;
  /** Changes whenever anything the list shows changes (for useSyncExternalStore). */
  version(): number;
}

const PAGE = 100;
const FILTERED_PAGE = 500;
const SEARCH_LIMIT = 200;

abstract class Store implements TimelineSource {
  count = 0;
  error: string | undefined;
  loading = true;
  private listeners = new Set<() => void>();
  private ticks = 0;
  protected disposed = false;

  abstract entryAt(index: number): TimelineEntry | undefined;

  keyAt(index: number): string | number {
    return this.entryAt(index)?.id ?? index;
  }
  abstract ensure(start: number, end: number): void;
  abstract refresh(entryCount: number, appended?: TimelineEntry): void;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    this.disposed = false;
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disposed = true;
    };
  }

  version(): number {
    return this.ticks;
  }

  protected changed(): void {
    this.ticks += 1;
    for (const listener of this.listeners) listener();
  }

  protected fail(error: unknown): void {
    this.error = errorMessage(error);
    this.loading = false;
    this.changed();
  }
}

/**
 * The whole timeline, unfiltered: seqs are dense (1..count), so row i is seq count - i and any
 * window can be fetched directly with `afterSeq`, wherever the scrollbar is dragged.
 */
class DenseTimeline extends Store {
  private bySeq = new Map<number, TimelineEntry>();
  private loadedAt = new Map<number, number>();
  private inFlight = new Set<number>();
  private generation = 0;

  constructor(private readonly incidentId: string) {
    super();
    call('journal.entries', { incidentId, order: 'desc', limit: PAGE })
      .then((page) => {
        this.count = page.total;
        for (const entry of page.entries) this.bySeq.set(entry.seq, entry);
        this.loading = false;
        this.changed();
      })
      .catch((error: unknown) => this.fail(error));
  }

  entryAt(index: number): TimelineEntry | undefined {
    return this.bySeq.get(this.count - index);
  }

  override keyAt(index: number): number {
    return this.count - index;
  }

  ensure(start: number, end: number): void {
    if (this.count === 0) return;
    const highSeq = Math.min(this.count, this.count - start);
    const lowSeq = Math.max(1, this.count - end);
    for (let page = Math.floor((lowSeq - 1) / PAGE); page <= Math.floor((highSeq - 1) / PAGE); page += 1) {
      if ((this.loadedAt.get(page) ?? -1) >= this.generation || this.inFlight.has(page)) continue;
      this.load(page);
    }
  }

  refresh(entryCount: number, appended?: TimelineEntry): void {
    this.count = Math.max(this.count, entryCount);
    // The new entry shows at once; the pages around it are fetched again (a pin changes its target).
    if (appended) this.bySeq.set(appended.seq, appended);
    this.generation += 1;
    this.changed();
  }

  private load(page: number): void {
    const generation = this.generation;
    this.inFlight.add(page);
    call('journal.entries', { incidentId: this.incidentId, afterSeq: page * PAGE, limit: PAGE, order: 'asc' })
      .then((result) => {
        this.inFlight.delete(page);
        if (this.disposed) return;
        for (const entry of result.entries) this.bySeq.set(entry.seq, entry);
        this.loadedAt.set(page, generation);
        this.count = Math.max(this.count, result.total);
        this.error = undefined;
        this.changed();
        // Appended meanwhile: the page is stale already, the next ensure() fetches it again.
      })
      .catch((error: unknown) => {
        this.inFlight.delete(page);
        this.fail(error);
      });
  }
}

/** Filtered by kind or pins: pages follow one another by seq (keyset), loaded as the list is scrolled. */
class FilteredTimeline extends Store {
  private rows: TimelineEntry[] = [];
  private more = true;
  private inFlight = false;
  private generation = 0;

  constructor(
    private readonly incidentId: string,
    private readonly filter: TimelineFilter,
  ) {
    super();
    this.loadNext();
  }

  entryAt(index: number): TimelineEntry | undefined {
    return this.rows[index];
  }

  ensure(_start: number, end: number): void {
    if (end >= this.rows.length - 1 && this.more && !this.inFlight) this.loadNext();
  }

  refresh(): void {
    this.generation += 1;
    this.more = true;
    this.loadNext(true);
  }

  private loadNext(restart = false): void {
    const generation = this.generation;
    const last = restart ? undefined : this.rows.at(-1);
    this.inFlight = true;
    call('journal.entries', {
      incidentId: this.incidentId,
      order: 'desc',
      limit: FILTERED_PAGE,
      beforeSeq: last?.seq,
      kinds: this.filter.kinds.length > 0 ? this.filter.kinds : undefined,
      pinnedOnly: this.filter.pinnedOnly || undefined,
    })
      .then((page) => {
        this.inFlight = false;
        if (this.disposed || generation !== this.generation) return;
        this.rows = restart || !last ? page.entries : [...this.rows, ...page.entries];
        this.count = page.total;
        this.more = this.rows.length < page.total && page.entries.length > 0;
        this.loading = false;
        this.error = undefined;
        this.changed();
      })
      .catch((error: unknown) => {
        this.inFlight = false;
        this.fail(error);
      });
  }
}

/** Full-text hits in this incident, newest first (the filters by kind and pins still apply). */
class SearchTimeline extends Store {
  private rows: TimelineEntry[] = [];
  private generation = 0;

  constructor(
    private readonly incidentId: string,
    private readonly filter: TimelineFilter,
  ) {
    super();
    this.load();
  }

  entryAt(index: number): TimelineEntry | undefined {
    return this.rows[index];
  }

  ensure(): void {}

  refresh(): void {
    this.generation += 1;
    this.load();
  }

  private load(): void {
    const generation = this.generation;
    call('journal.search', { query: this.filter.query, incidentId: this.incidentId, limit: SEARCH_LIMIT })
      .then((result) => {
        if (this.disposed || generation !== this.generation) return;
        this.rows = result.hits
          .map((hit) => hit.entry)
          .filter((entry) => this.filter.kinds.length === 0 || this.filter.kinds.includes(entry.kind))
          .filter((entry) => !this.filter.pinnedOnly || entry.pinned);
        this.count = this.rows.length;
        this.loading = false;
        this.error = undefined;
        this.changed();
      })
      .catch((error: unknown) => this.fail(error));
  }
}

export function createTimelineSource(incidentId: string, filter: TimelineFilter): TimelineSource {
  if (filter.query.trim() !== '') return new SearchTimeline(incidentId, filter);
  if (filter.kinds.length > 0 || filter.pinnedOnly) return new FilteredTimeline(incidentId, filter);
  return new DenseTimeline(incidentId);
}
