import { isReferringKind } from '../../../shared/entry-rules';
import type { EntryKind, TimelineEntry } from '../../../shared/model';
import type { JournalPort } from './journal-port';

/** More new entries than one page reads at once: read the kinds again in full. */
const MAX_NEW = 500;

interface Cached {
  entryCount: number;
  entries: TimelineEntry[];
}

/**
 * Every entry of some kinds of an incident (what severity and checklist state derive from), read
 * in full once and then only the entries appended since, so a status read after every append of
 * a 100,000-entry timeline does not read thousands of entries again. It reads in full again
 * whenever the new entries are not simply the next ones by seq (entries merged from elsewhere, a
 * journal replaced) or one of them changes how an earlier entry reads (an amendment, a redaction,
 * a pin): the answer is always what entriesOfKinds would give.
 */
export class KindEntriesCache {
  private readonly byIncident = new Map<string, Cached>();

  constructor(
    private readonly journal: Pick<JournalPort, 'getIncident' | 'entriesOfKinds' | 'listEntries'>,
    private readonly kinds: readonly EntryKind[],
  ) {}

  entries(incidentId: string): TimelineEntry[] {
    const { entryCount } = this.journal.getIncident(incidentId);
    const cached = this.byIncident.get(incidentId);
    if (cached && cached.entryCount === entryCount) return cached.entries;
    const grown = cached && this.grown(incidentId, cached, entryCount);
    const next = grown ?? { entryCount, entries: this.journal.entriesOfKinds(incidentId, this.kinds) };
    this.byIncident.set(incidentId, next);
    return next.entries;
  }

  /** The cached entries with those appended since, or undefined when they must be read again in full. */
  private grown(incidentId: string, cached: Cached, entryCount: number): Cached | undefined {
    const count = entryCount - cached.entryCount;
    if (count <= 0 || count > MAX_NEW) return undefined;
    const added = this.journal.listEntries({ incidentId, afterSeq: cached.entryCount, limit: count }).entries;
    const inOrder = added.length === count && added.every((entry, index) => entry.seq === cached.entryCount + index + 1);
    if (!inOrder || added.some((entry) => isReferringKind(entry.kind))) return undefined;
    const ofKinds = added.filter((entry) => this.kinds.includes(entry.kind));
    return { entryCount, entries: ofKinds.length === 0 ? cached.entries : [...cached.entries, ...ofKinds] };
  }
}
