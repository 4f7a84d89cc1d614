import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunSummary } from '../../../../shared/diagnostics-schemas';
import { call } from '../../api/client';
import { useEvent } from '../../api/use-event';

/** What the view keeps of a run: its summary and only the newest output (the full copy is in main). */
export interface RunView {
  summary: RunSummary;
  /** The tail of the live output, at most MAX_VIEW_CHARS. */
  text: string;
  /** Bytes not shown here (sent before the tail, or skipped by main while output flooded). */
  hiddenBytes: number;
  /** When this window first saw the run (local clock: main's clock may be pinned in demos). */
  seenAt: number;
}

/** Enough for a screen of context; a 200 MB command never lands in the DOM. */
export const MAX_VIEW_CHARS = 64 * 1024;

export function useRuns() {
  const runs = useRef(new Map<string, RunView>());
  const [version, setVersion] = useState(0);
  const frame = useRef<number | undefined>(undefined);

  // Many events per second are folded into one render per animation frame.
  const refresh = useCallback(() => {
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      setVersion((value) => value + 1);
    });
  }, []);

  useEffect(() => {
    let cancelled = false;
    void call('diagnostics.listRuns', {}).then(async ({ runs: listed }) => {
      for (const summary of listed.slice(0, 12).reverse()) {
        const detail = await call('diagnostics.getRun', { runId: summary.runId });
        if (cancelled) return;
        const text = detail.output.slice(-MAX_VIEW_CHARS);
        runs.current.set(summary.runId, { summary: detail.run, text, hiddenBytes: Math.max(0, detail.run.outputBytes - text.length), seenAt: Date.now() });
      }
      refresh();
    });
    return () => {
      cancelled = true;
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    };
  }, [refresh]);

  useEvent('diagnostics.run', (summary) => {
    const existing = runs.current.get(summary.runId);
    // Elapsed time counts from when it started, not from when it joined the queue.
    const started = existing?.summary.status === 'queued' && summary.status !== 'queued';
    runs.current.set(summary.runId, existing ? { ...existing, summary, seenAt: started ? Date.now() : existing.seenAt } : { summary, text: '', hiddenBytes: 0, seenAt: Date.now() });
    refresh();
  });

  useEvent('diagnostics.output', (event) => {
    const run = runs.current.get(event.runId);
    if (!run) return;
    let text = run.text + (event.skippedBytes > 0 ? `\n… [${event.skippedBytes} bytes not shown live; the stored copy keeps head and tail] …\n` : '') + event.text;
    let hidden = run.hiddenBytes + event.skippedBytes;
    if (text.length > MAX_VIEW_CHARS) {
      hidden += text.length - MAX_VIEW_CHARS;
      text = text.slice(-MAX_VIEW_CHARS);
    }
    runs.current.set(event.runId, { ...run, text, hiddenBytes: hidden });
    refresh();
  });

  const add = useCallback(
    (summary: RunSummary) => {
      if (!runs.current.has(summary.runId)) runs.current.set(summary.runId, { summary, text: '', hiddenBytes: 0, seenAt: Date.now() });
      refresh();
    },
    [refresh],
  );

  const dismiss = useCallback(
    (runId: string) => {
      runs.current.delete(runId);
      refresh();
    },
    [refresh],
  );

  const list = [...runs.current.values()].sort((a, b) => b.seenAt - a.seenAt);
  return { runs: list, version, add, dismiss };
}
