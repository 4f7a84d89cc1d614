import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { TimelineSource } from './timeline-store';
import { EntryRow } from './EntryRow';
import { ErrorText } from '../../ui/ErrorText';
import { useEvidence } from '../evidence/evidence-store';
import { useVirtualRows } from './use-virtual-rows';

const ESTIMATED_ROW_PX = 72;

/**
 * The timeline, newest first, virtualised: only the rows on screen (plus a few) exist in the DOM,
 * whatever the number of entries, and only their pages are fetched.
 */
export function TimelineList({
  source,
  query,
  canWrite,
  focus,
}: {
  source: TimelineSource;
  query: string;
  canWrite: boolean;
  /** An entry to scroll to and focus (unfiltered timeline: entry #seq is row count − seq); `request` changes each time it is asked. */
  focus?: { seq: number; request: unknown };
}) {
  // Stable per source: a new subscribe function would make React subscribe again on every render.
  const subscribe = useCallback((listener: () => void) => source.subscribe(listener), [source]);
  const version = useSyncExternalStore(subscribe, () => source.version());
  const ownDevice = useEvidence().status?.deviceId;
  const scroller = useRef<HTMLDivElement>(null);
  const keyAt = useCallback((index: number) => source.keyAt(index), [source]);
  const virtual = useVirtualRows({ count: source.count, keyAt, estimate: ESTIMATED_ROW_PX, overscan: 8, scroller, identity: source });
  const items = virtual.rows;
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    source.ensure(first, last);
    // Everything shown may have changed (an append makes the pages on screen stale).
  }, [source, first, last, version]);

  const focusSeq = focus?.seq;
  const focusRequest = focus?.request;
  const hasRows = source.count > 0;
  useEffect(() => {
    if (focusSeq === undefined || !hasRows) return;
    virtual.scrollToIndex(Math.max(0, source.count - focusSeq));
    // The row exists once its page has loaded and it is measured: look for it for a moment.
    let tries = 0;
    const find = () => {
      const row = scroller.current?.querySelector<HTMLElement>(`article[data-seq="${focusSeq}"]`);
      if (row) row.focus();
      else if ((tries += 1) < 60) frame = requestAnimationFrame(find);
    };
    let frame = requestAnimationFrame(find);
    return () => cancelAnimationFrame(frame);
    // Once per request: the count growing later must not pull the operator back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusSeq, focusRequest, hasRows]);

  if (source.error && source.count === 0) return <ErrorText error={source.error} />;
  if (!source.loading && source.count === 0) {
    return <p className="muted timeline-empty">{query ? 'No entry matches this search.' : 'No entries match these filters.'}</p>;
  }

  return (
    <div className="timeline-scroller" ref={scroller} data-testid="timeline-list" aria-label="Timeline entries" role="feed" aria-busy={source.loading}>
      <div className="timeline-canvas" style={{ height: virtual.totalSize }}>
        {items.map((item) => {
          const entry = source.entryAt(item.index);
          return (
            <div key={item.key} data-index={item.index} ref={virtual.measure} className="timeline-row" style={{ transform: `translateY(${item.start}px)` }}>
              {entry ? (
                <EntryRow entry={entry} query={query} canWrite={canWrite} ownDevice={ownDevice} />
              ) : (
                <div className="entry entry-placeholder">Loading…</div>
              )}
            </div>
          );
        })}
      </div>
      <ErrorText error={source.error} />
    </div>
  );
}
