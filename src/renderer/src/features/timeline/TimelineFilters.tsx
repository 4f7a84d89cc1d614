import { EntryKind } from '../../../../shared/model';
import type { TimelineFilter } from './timeline-store';
import { KIND_LABELS } from './EntryBody';

/** Filter by kinds (none ticked = all), pinned only, and full-text search. */
export function TimelineFilters({ filter, onChange }: { filter: TimelineFilter; onChange: (filter: TimelineFilter) => void }) {
  const toggleKind = (kind: EntryKind) => {
    const kinds = filter.kinds.includes(kind) ? filter.kinds.filter((each) => each !== kind) : [...filter.kinds, kind];
    onChange({ ...filter, kinds });
  };
  return (
    <div className="timeline-filters">
      <input
        type="search"
        className="timeline-search"
        value={filter.query}
        onChange={(event) => onChange({ ...filter, query: event.target.value })}
        placeholder="Search this incident…"
        aria-label="Search the timeline"
      />
      <label className="check">
        <input type="checkbox" checked={filter.pinnedOnly} onChange={(event) => onChange({ ...filter, pinnedOnly: event.target.checked })} />
        Pinned only
      </label>
      <details className="kind-filter">
        <summary>{filter.kinds.length === 0 ? 'All kinds' : `${filter.kinds.length} kind(s)`}</summary>
        <div className="kind-filter-options" role="group" aria-label="Entry kinds">
          {EntryKind.options.map((kind) => (
            <label key={kind} className="check">
              <input type="checkbox" checked={filter.kinds.includes(kind)} onChange={() => toggleKind(kind)} />
              {KIND_LABELS[kind]}
            </label>
          ))}
          {filter.kinds.length > 0 && (
            <button type="button" className="link-button" onClick={() => onChange({ ...filter, kinds: [] })}>
              Show all kinds
            </button>
          )}
        </div>
      </details>
    </div>
  );
}
