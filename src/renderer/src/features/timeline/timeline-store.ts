import type { EntryKind, TimelineEntry } from '../../../../shared/model';
import { ConsoleError } from '../../../../shared/errors';
import { type ConsoleClient } from '../../api/client';
import { LiveStore, type LiveStoreSpec } from '../../data/live-store';

export interface TimelineFilter {
  kinds: EntryKind[];
  pinnedOnly: boolean;
  query: string;
}

/**
 * What the virtual list reads: a row count and whatever entry is loaded at an index (newest
 * first). Rows come from the journal by pages at an offset, only around what is on screen;
 * entries main pushes for the incident are merged in, and what is shown is read again after an
 * append (an amendment, a redaction or a pin changes the row it refers to) and after the push
 * stream was cut.
 */
export interface TimelineSource {
  readonly count: number;
  readonly error: ConsoleError | undefined;
  readonly loading: boolean;
  entryAt(index: number): TimelineEntry | undefined;
  /** A key that follows the entry, not the position, and is known before the entry is loaded. */
  keyAt(index: number): string | number;
  /** Asks for the rows in [start, end] (indexes) if they are missing or stale. */
  ensure(start: number, end: number): void;
  /** An entry this window appended: shown at once, before its push arrives. */
  add(entry: TimelineEntry): void;
  subscribe(listener: () => void): () => void;
  /** Changes whenever anything the list shows changes (for useSyncExternalStore). */
  version(): unknown;
}

const PAGE = 100;
const FILTERED_PAGE = 500;
const SEARCH_LIMIT = 200;

/** The parts every timeline shares: a live store over its value, and a failure of a page read kept beside it. */
abstract class Timeline<V extends { pageError?: ConsoleError }> implements TimelineSource {
  private live: LiveStore<V> | undefined;

  constructor(
    protected readonly client: ConsoleClient,
    protected readonly incidentId: string,
  ) {}

  /** How this timeline loads and what pushes do to it. */
  protected abstract spec(): LiveStoreSpec<V>;
  abstract get count(): number;
  abstract entryAt(index: number): TimelineEntry | undefined;
  abstract ensure(start: number, end: number): void;
  abstract add(entry: TimelineEntry): void;

  get error(): ConsoleError | undefined {
    const { error, value } = this.store.getSnapshot();
    return value.pageError ?? error;
  }

  get loading(): boolean {
    return !this.store.getSnapshot().loaded;
  }

  protected get store(): LiveStore<V> {
    this.live ??= new LiveStore(this.client, this.spec());
    return this.live;
  }

  protected get value(): V {
    return this.store.getSnapshot().value;
  }

  keyAt(index: number): string | number {
    return this.entryAt(index)?.id ?? index;
  }

  subscribe(listener: () => void): () => void {
    return this.store.subscribe(listener);
  }

  version(): unknown {
    return this.store.getSnapshot();
  }

  /** Pushed entries of this incident. */
  protected concerns(entry: TimelineEntry): boolean {
    return entry.incidentId === this.incidentId;
  }
}

interface DenseRows {
  count: number;
  /** Pages read at an older generation are read again when next on screen. */
  generation: number;
  /** Bumped when rows arrive (the rows themselves stay in `bySeq`, not copied on every page). */
  revision: number;
  pageError?: ConsoleError;
}

/**
 * The whole timeline, unfiltered: row i (newest first) is position count - i of the timeline's
 * order, so any window can be fetched directly by its offset, wherever the scrollbar is dragged.
 * (With one device's chain the order is seq; with several it is the merged order main keeps.)
 */
class DenseTimeline extends Timeline<DenseRows> {
  private readonly byPosition = new Map<number, TimelineEntry>();
  /** Where each held entry sits, so an entry shown once (by this window, then by its push) is never shown twice. */
  private readonly positionOf = new Map<string, number>();
  private readonly loadedAt = new Map<number, number>();
  private readonly inFlight = new Set<number>();
  /** A page that failed is tried again at the next generation (an append, a reconnect), not in a loop while it is on screen. */
  private readonly failedAt = new Map<number, number>();

  protected spec(): LiveStoreSpec<DenseRows> {
    return {
      initial: { count: 0, generation: 0, revision: 0 },
      load: async (api, current) => {
        const page = await api.call('journal.entries', { incidentId: this.incidentId, order: 'desc', offset: 0, limit: PAGE });
        // Another device's entries may sit anywhere in the order: what was kept by position is read again.
        this.byPosition.clear();
        this.positionOf.clear();
        this.remember(page.entries, (index) => page.total - index);
        const { generation, revision } = current();
        // Everything else on screen may be stale too (the stream was cut, or the window was away).
        return { count: page.total, generation: generation + 1, revision: revision + 1 };
      },
      fold: {
        'journal.appended': (rows, { entry, incident }) => (this.concerns(entry) ? this.appended(rows, entry, incident.entryCount) : rows),
      },
      reloadOn: { 'chains.imported': ({ incidentId }) => incidentId === this.incidentId },
    };
  }

  get count(): number {
    return this.value.count;
  }

  entryAt(index: number): TimelineEntry | undefined {
    return this.byPosition.get(this.count - index);
  }

  override keyAt(index: number): number {
    return this.count - index;
  }

  ensure(start: number, end: number): void {
    const { count, generation } = this.value;
    if (count === 0) return;
    const high = Math.min(count, count - start);
    const low = Math.max(1, count - end);
    for (let page = Math.floor((low - 1) / PAGE); page <= Math.floor((high - 1) / PAGE); page += 1) {
      if ((this.loadedAt.get(page) ?? -1) >= generation || (this.failedAt.get(page) ?? -1) >= generation || this.inFlight.has(page)) continue;
      this.load(page, generation);
    }
  }

  add(entry: TimelineEntry): void {
    this.store.update((rows) => (this.positionOf.has(entry.id) ? rows : this.appended(rows, entry, rows.count + 1)));
  }

  /**
   * The new entry shows at once, last. The pages on screen are read again only when it may have
   * changed them: it refers to another entry (a pin or a correction changes its target), it is
   * backdated (it takes its place among them), pushes were missed (it is not the next one), or a
   * page failed to be read (tried again now). A plain note changes no row but its own: reading
   * them again cost every note two page reads, on the page's thread before the note showed as recorded.
   */
  private appended(rows: DenseRows, entry: TimelineEntry, entryCount: number): DenseRows {
    // This window's own append, pushed back to it: already in its place.
    if (this.positionOf.get(entry.id) === entryCount && this.byPosition.get(entryCount)?.id === entry.id) return rows;
    this.place(entryCount, entry);
    const othersMayChange = entry.refersTo !== null || entry.occurredAt !== null || entryCount !== rows.count + 1 || this.failedAt.size > 0;
    return {
      ...rows,
      count: Math.max(rows.count, entryCount),
      generation: othersMayChange ? rows.generation + 1 : rows.generation,
      revision: rows.revision + 1,
    };
  }

  private remember(entries: TimelineEntry[], positionOf: (index: number) => number): void {
    entries.forEach((entry, index) => this.place(positionOf(index), entry));
  }

  private place(position: number, entry: TimelineEntry): void {
    const before = this.positionOf.get(entry.id);
    if (before !== undefined && before !== position && this.byPosition.get(before)?.id === entry.id) this.byPosition.delete(before);
    const displaced = this.byPosition.get(position);
    if (displaced && displaced.id !== entry.id && this.positionOf.get(displaced.id) === position) this.positionOf.delete(displaced.id);
    this.byPosition.set(position, entry);
    this.positionOf.set(entry.id, position);
  }

  private load(page: number, generation: number): void {
    this.inFlight.add(page);
    this.client
      .call('journal.entries', { incidentId: this.incidentId, offset: page * PAGE, limit: PAGE, order: 'asc' })
      .then((result) => {
        this.inFlight.delete(page);
        this.failedAt.delete(page);
        this.remember(result.entries, (index) => page * PAGE + index + 1);
        // Appended meanwhile: the page is stale already, the next ensure() reads it again.
        this.loadedAt.set(page, generation);
        this.store.update((rows) => ({ count: Math.max(rows.count, result.total), generation: rows.generation, revision: rows.revision + 1 }));
      })
      .catch((error: unknown) => {
        this.inFlight.delete(page);
        this.failedAt.set(page, generation);
        this.store.update((rows) => ({ ...rows, pageError: ConsoleError.from(error) }));
      });
  }
}

interface FilteredRows {
  rows: TimelineEntry[];
  total: number;
  more: boolean;
  pageError?: ConsoleError;
}

/** Filtered by kind or pins: pages follow one another by offset, loaded as the list is scrolled. */
class FilteredTimeline extends Timeline<FilteredRows> {
  private nextInFlight = false;
  /** Counts the reads from the top: a next page asked for before one of them is not appended after it. */
  private restarts = 0;

  constructor(
    client: ConsoleClient,
    incidentId: string,
    private readonly filter: TimelineFilter,
  ) {
    super(client, incidentId);
  }

  protected spec(): LiveStoreSpec<FilteredRows> {
    return {
      initial: { rows: [], total: 0, more: true },
      load: async () => {
        this.restarts += 1;
        const page = await this.page(0);
        return { rows: page.entries, total: page.total, more: page.entries.length < page.total && page.entries.length > 0 };
      },
      reloadOn: { 'journal.appended': ({ entry }) => this.concerns(entry) },
    };
  }

  get count(): number {
    return this.value.total;
  }

  entryAt(index: number): TimelineEntry | undefined {
    return this.value.rows[index];
  }

  ensure(_start: number, end: number): void {
    const { rows, more } = this.value;
    if (end >= rows.length - 1 && more && !this.nextInFlight && this.store.getSnapshot().loaded) this.loadNext(rows.length);
  }

  add(): void {
    this.store.reload();
  }

  /** The next rows after the ones held (an offset: with several devices' chains seqs repeat, so a keyset on seq would skip some). */
  private page(offset: number) {
    return this.client.call('journal.entries', {
      incidentId: this.incidentId,
      order: 'desc',
      limit: FILTERED_PAGE,
      offset,
      kinds: this.filter.kinds.length > 0 ? this.filter.kinds : undefined,
      pinnedOnly: this.filter.pinnedOnly || undefined,
    });
  }

  private loadNext(offset: number): void {
    const restarts = this.restarts;
    this.nextInFlight = true;
    this.page(offset)
      .then((page) => {
        this.nextInFlight = false;
        if (restarts !== this.restarts) return;
        this.store.update((current) => {
          const rows = [...current.rows, ...page.entries];
          return { rows, total: page.total, more: rows.length < page.total && page.entries.length > 0 };
        });
      })
      .catch((error: unknown) => {
        this.nextInFlight = false;
        // Not asked again while the end stays on screen: the next read from the top (an append, a reconnect) tries again.
        this.store.update((current) => ({ ...current, more: false, pageError: ConsoleError.from(error) }));
      });
  }
}

interface SearchHits {
  rows: TimelineEntry[];
  pageError?: ConsoleError;
}

/** Full-text hits in this incident, newest first (the filters by kind and pins still apply). */
class SearchTimeline extends Timeline<SearchHits> {
  constructor(
    client: ConsoleClient,
    incidentId: string,
    private readonly filter: TimelineFilter,
  ) {
    super(client, incidentId);
  }

  protected spec(): LiveStoreSpec<SearchHits> {
    const { filter, incidentId } = this;
    return {
      initial: { rows: [] },
      load: async (api) => {
        const result = await api.call('journal.search', { query: filter.query, incidentId, limit: SEARCH_LIMIT });
        const rows = result.hits
          .map((hit) => hit.entry)
          .filter((entry) => filter.kinds.length === 0 || filter.kinds.includes(entry.kind))
          .filter((entry) => !filter.pinnedOnly || entry.pinned);
        return { rows };
      },
      reloadOn: { 'journal.appended': ({ entry }) => this.concerns(entry) },
    };
  }

  get count(): number {
    return this.value.rows.length;
  }

  entryAt(index: number): TimelineEntry | undefined {
    return this.value.rows[index];
  }

  ensure(): void {}

  add(): void {
    this.store.reload();
  }
}

export function createTimelineSource(client: ConsoleClient, incidentId: string, filter: TimelineFilter): TimelineSource {
  if (filter.query.trim() !== '') return new SearchTimeline(client, incidentId, filter);
  if (filter.kinds.length > 0 || filter.pinnedOnly) return new FilteredTimeline(client, incidentId, filter);
  return new DenseTimeline(client, incidentId);
}
