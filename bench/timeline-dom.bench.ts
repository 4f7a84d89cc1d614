/**
 * DOM size of the timeline view on a 100,000-entry incident, in browser mode in Debian's Chromium.
 * Figures only. Needs a build (`npx electron-vite build`). `npm run bench:timeline-dom`
 *
 * Env: BENCH_DOM_ENTRIES (default 100,000).
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/fixtures/chromium';
import { startBrowserMode } from '../e2e/fixtures/browser-mode';
import { seedJournal } from './seed-journal';

const ENTRIES = Number(process.env.BENCH_DOM_ENTRIES ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), 'incident-console-bench-dom-'));
try {
  console.log(`Timeline DOM benchmark (${new Date().toISOString()})`);
  const seeded = seedJournal(dataDir, ENTRIES, 'DOM bench incident');
  console.log(`  seeded ${ENTRIES.toLocaleString('en-US')} entries in ${seeded.seconds.toFixed(1)} s`);
  const server = await startBrowserMode(['--data-dir', dataDir]);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await page.getByRole('button', { name: /^Incidents/ }).click();
    const opened = performance.now();
    await page.getByRole('button', { name: 'Open DOM bench incident' }).click();
    const list = page.getByTestId('timeline-list');
    await list.locator(`[data-seq="${ENTRIES}"]`).waitFor();
    console.log(`  newest entry shown ${(performance.now() - opened).toFixed(0)} ms after "Open"`);
    // The badge's first walk of the chain runs in main meanwhile; let it finish before timing frames.
    await page.getByText(/Chain verified/).waitFor({ timeout: 600_000 });
    console.log(`  chain badge verified ${(performance.now() - opened).toFixed(0)} ms after "Open"`);
    const count = () =>
      page.evaluate(() => ({
        document: document.getElementsByTagName('*').length,
        timeline: document.querySelector('[data-testid="timeline-list"]')?.getElementsByTagName('*').length ?? 0,
        rows: document.querySelectorAll('[data-testid="timeline-entry"]').length,
      }));
    const report = (where: string, nodes: { document: number; timeline: number; rows: number }) =>
      console.log(
        `  ${where.padEnd(22)} DOM nodes: document ${String(nodes.document).padStart(5)}, timeline ${String(nodes.timeline).padStart(5)}, rows rendered ${nodes.rows}`,
      );
    report('top', await count());
    for (const [where, fraction] of [
      ['middle', 0.5],
      ['bottom', 1],
    ] as const) {
      const jumped = performance.now();
      await list.evaluate((element, at) => (element.scrollTop = element.scrollHeight * at), fraction);
      await page.waitForFunction(
        () => document.querySelectorAll('.entry-placeholder').length === 0 && document.querySelectorAll('[data-testid="timeline-entry"]').length > 0,
      );
      report(`${where} (${(performance.now() - jumped).toFixed(0)} ms to fill)`, await count());
    }
    // Smoothness figures: frame intervals while scrolling through 200 steps, and long tasks meanwhile.
    const frames = await page.evaluate(async () => {
      let longTasks = 0;
      let longest = 0;
      const observer = new PerformanceObserver((list) => {
        for (const task of list.getEntries()) {
          longTasks += 1;
          longest = Math.max(longest, task.duration);
        }
      });
      observer.observe({ entryTypes: ['longtask'] });
      const element = document.querySelector('[data-testid="timeline-list"]')!;
      element.scrollTop = 0;
      const intervals: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 200; i += 1) {
        element.scrollTop += 600;
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        intervals.push(now - last);
        last = now;
      }
      observer.disconnect();
      intervals.sort((a, b) => a - b);
      return { p50: intervals[100]!, p95: intervals[190]!, max: intervals[199]!, longTasks, longest };
    });
    console.log(
      `  frame interval scrolling 200 x 600 px: p50 ${frames.p50.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms; ` +
        `${frames.longTasks} long tasks (longest ${frames.longest.toFixed(0)} ms)`,
    );
    report('after scrolling', await count());
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
