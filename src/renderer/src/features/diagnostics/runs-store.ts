import type { RunOutputEvent, RunSummary } from '../../../../shared/diagnostics-schemas';
import type { ConsoleClient } from '../../api/client';
import { useShared } from '../../api/client-context';
import { upsertByKey } from '../../data/by-key';
import { LiveStore } from '../../data/live-store';
import { useLiveStore } from '../../data/use-live-store';

/** What the view keeps of a run: its summary and only the newest output (the full copy is in main). */
export interface RunView {
  summary: RunSummary;
  /** The tail of the live output, at most MAX_VIEW_CHARS. */
  text: string;
  /** Bytes not shown here (sent before the tail, or skipped by main while output flooded). */
  hiddenBytes: number;
  /** How much of the run's output (main's count) `text` already takes in: a replayed push is not added twice. */
  bytesSeen: number;
  /** When this window first saw the run (local clock: main's clock may be pinned in demos). */
  seenAt: number;
}

/** Enough for a screen of context; a 200 MB command never lands in the DOM. */
export const MAX_VIEW_CHARS = 64 * 1024;
/** The runs shown when the screen opens: the most recent ones main still holds. */
const RECENT_RUNS = 12;

const byRunId = (run: RunView) => run.summary.runId;
const freshRun = (summary: RunSummary): RunView => ({ summary, text: '', hiddenBytes: 0, bytesSeen: summary.outputBytes, seenAt: Date.now() });

function withSummary(runs: RunView[], summary: RunSummary): RunView[] {
  const existing = runs.find((run) => run.summary.runId === summary.runId);
  // Elapsed time counts from when it started, not from when it joined the queue.
  const started = existing?.summary.status === 'queued' && summary.status !== 'queued';
  return upsertByKey(runs, existing ? { ...existing, summary, seenAt: started ? Date.now() : existing.seenAt } : freshRun(summary), byRunId);
}

function withOutput(runs: RunView[], event: RunOutputEvent): RunView[] {
  const run = runs.find((candidate) => candidate.summary.runId === event.runId);
  if (!run || event.totalBytes <= run.bytesSeen) return runs;
  let text =
    run.text + (event.skippedBytes > 0 ? `\n… [${event.skippedBytes} bytes not shown live; the stored copy keeps head and tail] …\n` : '') + event.text;
  let hidden = run.hiddenBytes + event.skippedBytes;
  if (text.length > MAX_VIEW_CHARS) {
    hidden += text.length - MAX_VIEW_CHARS;
    text = text.slice(-MAX_VIEW_CHARS);
  }
  return upsertByKey(runs, { ...run, text, hiddenBytes: hidden, bytesSeen: event.totalBytes }, byRunId);
}

/** The recent runs with their live output; many pushes a second are folded into one render per animation frame. */
export function createRunsStore(client: ConsoleClient): LiveStore<RunView[]> {
  return new LiveStore<RunView[]>(client, {
    initial: [],
    load: async (api) => {
      const { runs: listed } = await api.call('diagnostics.listRuns', {});
      const runs: RunView[] = [];
      for (const summary of listed.slice(0, RECENT_RUNS).reverse()) {
        const detail = await api.call('diagnostics.getRun', { runId: summary.runId });
        const text = detail.output.slice(-MAX_VIEW_CHARS);
        runs.push({
          summary: detail.run,
          text,
          hiddenBytes: Math.max(0, detail.run.outputBytes - text.length),
          bytesSeen: detail.run.outputBytes,
          seenAt: Date.now(),
        });
      }
      return runs;
    },
    fold: { 'diagnostics.run': withSummary, 'diagnostics.output': withOutput },
    schedule: (notify) => requestAnimationFrame(notify),
  });
}

export function useRuns(): { runs: RunView[]; add: (summary: RunSummary) => void; dismiss: (runId: string) => void } {
  const store = useShared(createRunsStore);
  const { value } = useLiveStore(store);
  return {
    runs: [...value].sort((a, b) => b.seenAt - a.seenAt),
    add: (summary) => store.update((runs) => (runs.some((run) => run.summary.runId === summary.runId) ? runs : [...runs, freshRun(summary)])),
    dismiss: (runId) => store.update((runs) => runs.filter((run) => run.summary.runId !== runId)),
  };
}
