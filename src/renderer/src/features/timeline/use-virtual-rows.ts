import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { RowHeights } from './row-heights';

/** A row to render: its index, its React key, and where it starts from the top of the list. */
export interface VirtualRow {
  index: number;
  key: string | number;
  start: number;
}

interface Viewport {
  top: number;
  height: number;
}

/**
 * A newest-first list virtualised: only the rows in view (plus `overscan` on each side) are
 * rendered, each measured as it is shown (ResizeObserver, after layout and before paint), the rest
 * placed at an estimate (RowHeights). New rows at the top cost nothing per row already there;
 * rows that moved any other way (`keyAt(added)` is no longer the old top row) are placed again
 * from the estimate, as is a list with fewer rows or a new `identity`. A row measured taller or
 * shorter above the view moves the view by as much, so what the operator reads stays still.
 */
export function useVirtualRows({
  count,
  keyAt,
  estimate,
  overscan,
  scroller,
  identity,
}: {
  count: number;
  keyAt: (index: number) => string | number;
  estimate: number;
  overscan: number;
  scroller: RefObject<HTMLElement | null>;
  /** The list itself: another one starts with no measurements. */
  identity: unknown;
}): { rows: VirtualRow[]; totalSize: number; measure: (element: HTMLElement | null) => (() => void) | undefined; scrollToIndex: (index: number) => void } {
  const heights = useRef<RowHeights>(null);
  const top = useRef<{ identity: unknown; key: string | number | undefined }>({ identity, key: undefined });
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 0 });
  const [, remeasured] = useReducer((version: number) => version + 1, 0);

  heights.current ??= new RowHeights(estimate);
  const rowHeights = heights.current;
  // Idempotent for the same rows, so a render React replays or throws away changes nothing.
  if (top.current.identity !== identity || count < rowHeights.count) {
    rowHeights.reset(count);
  } else if (count > rowHeights.count) {
    const added = count - rowHeights.count;
    if (rowHeights.count > 0 && keyAt(added) !== top.current.key) rowHeights.reset(count);
    else rowHeights.grow(count);
  }
  top.current = { identity, key: count > 0 ? keyAt(0) : undefined };

  const hasRows = count > 0;
  // Before the first paint: the rows a view of this height holds, not the estimate's few.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const read = () =>
      setViewport((last) =>
        last.top === element.scrollTop && last.height === element.clientHeight ? last : { top: element.scrollTop, height: element.clientHeight },
      );
    read();
    element.addEventListener('scroll', read, { passive: true });
    const resized = new ResizeObserver(read);
    resized.observe(element);
    return () => {
      element.removeEventListener('scroll', read);
      resized.disconnect();
    };
    // The scroller exists once there are rows to show.
  }, [scroller, hasRows]);

  const observer = useRef<ResizeObserver>(null);
  const measure = useCallback(
    (element: HTMLElement | null): (() => void) | undefined => {
      if (!element) return undefined;
      observer.current ??= new ResizeObserver((entries) => {
        let changed = false;
        const list = scroller.current;
        for (const entry of entries) {
          const target = entry.target as HTMLElement;
          const index = Number(target.dataset.index);
          const height = entry.borderBoxSize[0]?.blockSize ?? target.getBoundingClientRect().height;
          if (!target.isConnected || !Number.isInteger(index) || Math.abs(rowHeights.heightAt(index) - height) < 0.5) continue;
          const above = list !== null && rowHeights.startOf(index) + rowHeights.heightAt(index) <= list.scrollTop;
          const delta = rowHeights.set(index, height);
          if (above && list) list.scrollTop += delta;
          changed = true;
        }
        // Placed again before this frame is painted: a row never shows over its neighbour.
        if (changed) flushSync(remeasured);
      });
      const rows = observer.current;
      rows.observe(element);
      return () => rows.unobserve(element);
    },
    [rowHeights, scroller],
  );
  useEffect(() => () => observer.current?.disconnect(), []);

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = scroller.current;
      if (!element) return;
      const centre = rowHeights.startOf(index) + rowHeights.heightAt(index) / 2 - element.clientHeight / 2;
      element.scrollTop = Math.max(0, Math.min(centre, rowHeights.total - element.clientHeight));
    },
    [rowHeights, scroller],
  );

  const rows: VirtualRow[] = [];
  if (count > 0) {
    const first = Math.max(0, rowHeights.indexAt(viewport.top) - overscan);
    const last = Math.min(count - 1, rowHeights.indexAt(viewport.top + Math.max(viewport.height, estimate)) + overscan);
    let start = rowHeights.startOf(first);
    for (let index = first; index <= last; index += 1) {
      rows.push({ index, key: keyAt(index), start });
      start += rowHeights.heightAt(index);
    }
  }
  return { rows, totalSize: rowHeights.total, measure, scrollToIndex };
}
