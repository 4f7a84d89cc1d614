/**
 * Quick capture in browser mode (Debian's Chromium), on a timeline holding 100,000 entries: how
 * long from Enter until the note is in the DOM (shown as pending), until that frame is painted
 * (and whether it is the first frame after Enter), and until it is shown as recorded (the journal
 * made it durable and the console said so).
 * Figures only. Needs a build (`npm run bench:capture` builds first).
 *
 * Env: BENCH_CAPTURES (default 200), BENCH_DOM_ENTRIES (default 100,000), BENCH_TRACE (a path:
 * writes a Chromium performance trace of the captures there, to see where a slow one went).
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/fixtures/chromium';
import { startBrowserMode } from '../e2e/fixtures/browser-mode';
import { seedJournal } from './seed-journal';

const CAPTURES = Number(process.env.BENCH_CAPTURES ?? 200);
const ENTRIES = Number(process.env.BENCH_DOM_ENTRIES ?? 100_000);
const TITLE = 'Capture bench incident';
const TRACE = process.env.BENCH_TRACE;
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').trim();

interface CaptureTiming {
  text: string;
  enter: number;
  inDom?: number;
  painted?: number;
  /** When the first frame after Enter began (its requestAnimationFrame): a note in the DOM before then is painted in that frame. */
  firstFrame?: number;
  durable?: number;
  /** A timeline row holding the note's text was added or changed (it may still show as pending too). */
  rowSeen?: boolean;
}

/** One call the page made to the console (browser mode's `/rpc/<method>`), from fetch to its answer. */
interface RpcTiming {
  method: string;
  start: number;
  end?: number;
}

declare global {
  interface Window {
    __captureTimings: CaptureTiming[];
    __rpcTimings: RpcTiming[];
  }
}

/**
 * In the page: Enter's own timestamp (the event's, taken before any handler ran), the moment the
 * pending note is in the DOM (a MutationObserver, run right after React's commit), the frame
 * after it (requestAnimationFrame, then a message: after that frame was produced), when the first
 * frame after Enter began (a note in the DOM by then is shown in that frame), and the moment the
 * recorded entry replaced it.
 */
function instrument(): void {
  const timings: CaptureTiming[] = [];
  window.__captureTimings = timings;
  const calls: RpcTiming[] = [];
  window.__rpcTimings = calls;
  performance.setResourceTimingBufferSize(100_000);
  const fetchFirst = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call: RpcTiming = { method: decodeURIComponent(url.split('/rpc/')[1] ?? url), start: performance.now() };
    calls.push(call);
    try {
      return await fetchFirst(input, init);
    } finally {
      call.end = performance.now();
    }
  };
  const box = document.querySelector<HTMLTextAreaElement>('[aria-label="Quick capture"]')!;
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.target !== box || event.key !== 'Enter' || event.shiftKey) return;
      const timing: CaptureTiming = { text: box.value, enter: event.timeStamp };
      timings.push(timing);
      // Asked for during Enter, so it runs at the start of the next frame, before its style, layout and paint.
      requestAnimationFrame(() => (timing.firstFrame = performance.now()));
    },
    { capture: true },
  );
  const afterPaint = (timing: CaptureTiming) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (timing.painted = performance.now());
      channel.port2.postMessage(undefined);
    });
  // Only what a mutation touched is read (the few pending notes, the timeline rows it added or
  // changed): reading every row's text on each mutation cost the page's thread up to 2.4 ms per
  // call, in the very frames being timed.
  const ROW = '[data-testid="timeline-entry"]';
  const rowsTouched = (records: MutationRecord[]): Element[] => {
    const rows = new Set<Element>();
    for (const record of records) {
      const target = record.target instanceof Element ? record.target : record.target.parentElement;
      const around = target?.closest(ROW);
      if (around) rows.add(around);
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node.matches(ROW)) rows.add(node);
        for (const row of node.querySelectorAll(ROW)) rows.add(row);
      }
    }
    return [...rows];
  };
  new MutationObserver((records) => {
    const now = performance.now();
    const waiting = timings.filter((timing) => timing.inDom === undefined || timing.durable === undefined);
    if (waiting.length === 0) return;
    const pending = [...document.querySelectorAll('[data-testid="pending-capture"]')].map((element) => element.textContent ?? '');
    const recorded = rowsTouched(records).map((element) => element.textContent ?? '');
    for (const timing of waiting) {
      const isPending = pending.some((text) => text.includes(timing.text));
      if (!timing.rowSeen && recorded.some((text) => text.includes(timing.text))) timing.rowSeen = true;
      const isRecorded = !isPending && timing.rowSeen === true;
      if (timing.inDom === undefined && (isPending || isRecorded)) {
        timing.inDom = now;
        afterPaint(timing);
      }
      if (timing.durable === undefined && isRecorded) timing.durable = now;
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const dataDir = mkdtempSync(join(tmpdir(), 'incident-console-bench-capture-'));
try {
  console.log(`Quick capture benchmark (${new Date().toISOString()}, load average ${loadAverage()})`);
  const seeded = seedJournal(dataDir, ENTRIES, TITLE);
  console.log(`  seeded ${ENTRIES.toLocaleString('en-US')} entries in ${seeded.seconds.toFixed(1)} s`);
  const server = await startBrowserMode(['--data-dir', dataDir]);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await page.getByRole('button', { name: /^Incidents/ }).click();
    await page.getByRole('button', { name: `Open ${TITLE}` }).click();
    await page.getByTestId('timeline-list').locator(`[data-seq="${ENTRIES}"]`).waitFor();
    // The badge's first walk of the chain and the integrity check run in main: let them finish first.
    await page.getByText(/Chain verified/).waitFor({ timeout: 600_000 });
    // A first write waits for the open's integrity check (a 1,000,000-entry file takes seconds): measure captures after it.
    await page.waitForFunction(
      async () => {
        const answer = await fetch('/rpc/journal.status', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        const status = (await answer.json()) as { result?: { integrity?: { state?: string } } };
        return status.result?.integrity?.state !== 'checking';
      },
      undefined,
      { timeout: 600_000, polling: 500 },
    );
    // tsx keeps function names with a helper the page does not have; give it one that does nothing.
    await page.evaluate('globalThis.__name ??= (target) => target');
    await page.evaluate(instrument);
    const box = page.getByLabel('Quick capture');
    await box.focus();
    console.log(`  ${CAPTURES} captures, one at a time, each typed after the last was recorded (load average ${loadAverage()})`);
    if (TRACE)
      await browser.startTracing(page, {
        path: TRACE,
        screenshots: false,
        categories: ['devtools.timeline', 'blink', 'disabled-by-default-devtools.timeline', 'v8.execute'],
      });
    for (let i = 0; i < CAPTURES; i += 1) {
      await box.fill(`Capture bench note ${i}: error rate ${i % 40}% on checkout`);
      await page.keyboard.press('Enter');
      await page.waitForFunction((index) => {
        const timing = window.__captureTimings[index];
        return timing?.durable !== undefined && timing.painted !== undefined;
      }, i);
      // An operator types for a while between notes: let the timeline settle (pages read again, the badge).
      await page.waitForTimeout(150 + (i % 5) * 50);
    }
    if (TRACE) {
      await browser.stopTracing();
      console.log(`  trace of the captures written to ${TRACE}`);
    }
    const timings = await page.evaluate(() => window.__captureTimings);
    const failed = await page.getByTestId('pending-capture').count();
    /** The time from Enter to a moment `pick` names, over the captures that reached it (a missing moment is left out, never counted as NaN). */
    const figures = (label: string, pick: (timing: CaptureTiming) => number | undefined) => {
      const samples = timings.flatMap((timing) => {
        const at = pick(timing);
        return at === undefined ? [] : [at - timing.enter];
      });
      console.log(
        `  ${label.padEnd(24)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(samples, 99).toFixed(1).padStart(6)} ms  max ${Math.max(
          ...samples,
        )
          .toFixed(1)
          .padStart(6)} ms  (${samples.length} captures)`,
      );
    };
    figures('Enter → in DOM (pending)', (timing) => timing.inDom);
    figures('Enter → painted', (timing) => timing.painted);
    figures('Enter → first frame', (timing) => timing.firstFrame);
    const inFirstFrame = timings.filter((timing) => timing.inDom !== undefined && timing.firstFrame !== undefined && timing.inDom <= timing.firstFrame).length;
    console.log(`  pending note in the DOM before the first frame after Enter began (so shown in it): ${inFirstFrame} of ${timings.length} captures`);
    figures('Enter → durable (shown)', (timing) => timing.durable);
    // Where the time to durable goes: the append's own round trip, and what else the page asked meanwhile.
    const calls = await page.evaluate(() => window.__rpcTimings);
    const appends = calls.filter((call) => call.method === 'journal.append' && call.end !== undefined);
    const roundTrips = appends.map((call) => call.end! - call.start);
    console.log(
      `  journal.append round trip  p50 ${percentile(roundTrips, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(roundTrips, 99).toFixed(1).padStart(6)} ms  max ${Math.max(
        ...roundTrips,
      )
        .toFixed(1)
        .padStart(6)} ms  (${roundTrips.length} appends)`,
    );
    // One append per capture, in order: where each capture's time went on either side of its answer reaching the page.
    if (appends.length === timings.length) {
      const answered = timings.map((timing, index) => appends[index]!.end! - timing.enter);
      const shownAfter = timings.map((timing, index) => timing.durable! - appends[index]!.end!);
      for (const [label, samples] of [
        ['Enter → answer in the page', answered],
        ['answer → shown as recorded', shownAfter],
      ] as const) {
        console.log(
          `  ${label.padEnd(26)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(samples, 99).toFixed(1).padStart(6)} ms  max ${Math.max(
            ...samples,
          )
            .toFixed(1)
            .padStart(6)} ms`,
        );
      }
    }
    // The console's own time for each append (its Server-Timing): the rest of the round trip is the network stack and the page.
    const inConsole = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.includes('/rpc/journal.append'))
        .flatMap((entry) => (entry as PerformanceResourceTiming).serverTiming.filter((timing) => timing.name === 'call').map((timing) => timing.duration)),
    );
    if (inConsole.length > 0) {
      console.log(
        `  journal.append in the console  p50 ${percentile(inConsole, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(inConsole, 99).toFixed(1).padStart(6)} ms  max ${Math.max(
          ...inConsole,
        )
          .toFixed(1)
          .padStart(6)} ms  (${inConsole.length} appends, Server-Timing)`,
      );
    }
    // The network stack's own times for each append (resource timing, taken off the page's thread): request sent → answer read.
    const onTheWire = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.includes('/rpc/journal.append'))
        .map((entry) => {
          const timing = entry as PerformanceResourceTiming;
          return { sent: timing.requestStart - timing.startTime, answered: timing.responseEnd - timing.startTime };
        }),
    );
    if (onTheWire.length > 0) {
      for (const [label, pick] of [
        ['fetch → request sent', (wire: { sent: number }) => wire.sent],
        ['fetch → answer read', (wire: { answered: number }) => wire.answered],
      ] as const) {
        const samples = onTheWire.map(pick);
        console.log(
          `  journal.append ${label.padEnd(22)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(samples, 99).toFixed(1).padStart(6)} ms  (resource timing)`,
        );
      }
    }
    const alongside = new Map<string, number>();
    for (const append of appends) {
      for (const call of calls) {
        if (call !== append && call.start < append.end! && (call.end ?? Infinity) > append.start)
          alongside.set(call.method, (alongside.get(call.method) ?? 0) + 1);
      }
    }
    // What main spent on each method while capturing (its Server-Timing), apart from the round trips the page saw.
    const consoleTimes = await page.evaluate(
      (since) =>
        performance.getEntriesByType('resource').flatMap((entry) => {
          if (entry.startTime < since) return [];
          const method = decodeURIComponent(entry.name.split('/rpc/')[1] ?? '');
          return (entry as PerformanceResourceTiming).serverTiming
            .filter((timing) => timing.name === 'call')
            .map((timing) => ({ method, ms: timing.duration }));
        }),
      timings[0]?.enter ?? 0,
    );
    const inMain = new Map<string, number[]>();
    for (const { method, ms } of consoleTimes) if (method) inMain.set(method, [...(inMain.get(method) ?? []), ms]);
    console.log(
      `  time in the console per method while capturing (Server-Timing, p50 / p99 / max): ${[...inMain]
        .sort((a, b) => Math.max(...b[1]) - Math.max(...a[1]))
        .slice(0, 6)
        .map(
          ([method, samples]) =>
            `${method} ${percentile(samples, 50).toFixed(1)} / ${percentile(samples, 99).toFixed(1)} / ${Math.max(...samples).toFixed(1)} ms`,
        )
        .join(', ')}`,
    );
    const durations = new Map<string, number[]>();
    for (const call of calls) if (call.end !== undefined) durations.set(call.method, [...(durations.get(call.method) ?? []), call.end - call.start]);
    const longest = [...durations].sort((a, b) => Math.max(...b[1]) - Math.max(...a[1])).slice(0, 6);
    console.log(
      `  calls of each method while capturing (count, p50 / p99 / max): ${longest
        .map(
          ([method, samples]) =>
            `${method} ×${samples.length} ${percentile(samples, 50).toFixed(0)} / ${percentile(samples, 99).toFixed(0)} / ${Math.max(...samples).toFixed(0)} ms`,
        )
        .join(', ')}`,
    );
    const busiest = [...alongside].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`  calls in flight during an append: ${busiest.map(([method, count]) => `${method} ×${count}`).join(', ') || 'none'}`);
    console.log(`  notes not recorded at the end: ${failed}; load average at the end ${loadAverage()}`);
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
