import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { it } from 'vitest';
import { systemClock } from '../src/main/core/clock';
import { createDiagnostics } from '../src/main/core/diagnostics/diagnostics-service';
import { EventBus } from '../src/main/core/event-bus';
import type { HandlerMap } from '../src/main/core/handlers';
import type { CommandCatalog } from '../src/shared/command-catalog';
import { RunOutput } from '../src/main/core/diagnostics/run-output';

// Times each output chunk's processing (decode, scrub, store, batch) to tell our own cost apart
// from the machine's scheduling noise in the event-loop stall figures.
const chunkMs: number[] = [];
const write = RunOutput.prototype.write;
RunOutput.prototype.write = function timedWrite(this: RunOutput, chunk: Buffer, stream: 'stdout' | 'stderr') {
  const started = performance.now();
  write.call(this, chunk, stream);
  chunkMs.push(performance.now() - started);
};

/**
 * A command printing 200 MB (log-like lines, one in 50 carrying a secret) through the real
 * runner: scrubbing, capped storage, batched live events. Prints peak RSS, the longest event-loop
 * stall, event counts and the bytes that would cross to the renderer; a 20 MB run first gives a
 * ratio in the same process (bounded memory means the 200 MB peak is not ~10x the 20 MB one).
 *
 * Run: npm run bench:diagnostics   (vitest runs the TypeScript; nothing here asserts timings)
 */
const FLOOD = `
const total = Number(process.argv[1]);
const line = (i) => i % 50 === 0
  ? 'Mar 15 09:29:28 api-1 app[42]: retry with DATABASE_URL=postgres://app:hunter2@db/app Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig' + i + '\\n'
  : 'Mar 15 09:29:28 api-1 app[42]: GET /api/v1/health 200 in 3ms request_id=' + i.toString(16).padStart(12, '0') + '\\n';
let written = 0, i = 0;
function pump() {
  let ok = true;
  while (ok && written < total) {
    let block = '';
    while (block.length < 65536) block += line(i++);
    written += block.length;
    ok = process.stdout.write(block);
  }
  if (written < total) process.stdout.once('drain', pump);
}
pump();
`;

const catalog: CommandCatalog = {
  version: 1,
  commands: [
    {
      id: 'flood',
      title: 'Print a lot',
      group: 'Bench',
      description: 'Prints N bytes of log lines',
      argv: [process.execPath, '-e', FLOOD, '{lines}'],
      params: [{ name: 'lines', label: 'Bytes', kind: 'line-count' }],
      effect: 'read',
      roles: [],
      timeoutSeconds: 600,
    },
  ],
};

async function measure(handlers: HandlerMap, whenFinished: (id: string) => Promise<unknown>, bus: EventBus, bytes: number) {
  // line-count caps at 10000, so the byte count is passed as an extra argv element instead.
  const command = catalog.commands[0]!;
  command.argv = [process.execPath, '-e', FLOOD, String(bytes)];
  command.params = [];
  chunkMs.length = 0;
  let events = 0;
  let eventBytes = 0;
  let largestEvent = 0;
  const unsubscribe = bus.subscribe((name, payload) => {
    if (name !== 'diagnostics.output') return;
    events += 1;
    const size = Buffer.byteLength(JSON.stringify(payload));
    eventBytes += size;
    largestEvent = Math.max(largestEvent, size);
  });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const baseRss = process.memoryUsage().rss;
  delay.enable();
  const started = performance.now();
  const run = await handlers['diagnostics.run']({ commandId: 'flood', hostName: 'local', params: {} });
  const summary = (await whenFinished(run.runId)) as { status: string; outputBytes: number };
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  clearInterval(sampler);
  unsubscribe();
  const detail = await handlers['diagnostics.getRun']({ runId: run.runId });
  return {
    status: summary.status,
    outputMB: summary.outputBytes / 1e6,
    seconds,
    throughputMBs: summary.outputBytes / 1e6 / seconds,
    baseRssMB: baseRss / 1e6,
    peakRssMB: peakRss / 1e6,
    rssGrowthMB: (peakRss - baseRss) / 1e6,
    maxStallMs: delay.max / 1e6,
    p99StallMs: delay.percentile(99) / 1e6,
    events,
    eventsPerSecond: events / seconds,
    liveMB: eventBytes / 1e6,
    largestEventKB: largestEvent / 1024,
    storedKB: Buffer.byteLength(detail.output) / 1024,
    chunks: chunkMs.length,
    chunkMedianMs: percentile(chunkMs, 50),
    chunkP99Ms: percentile(chunkMs, 99),
    chunkMaxMs: percentile(chunkMs, 100),
    secretLeaked: /hunter2|eyJzdWIiOiIxIn0/.test(detail.output),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * (p / 100)))] ?? 0;
}

it('200 MB of output through the diagnostics runner', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ic-bench-'));
  const bus = new EventBus();
  const diagnostics = createDiagnostics({ dataDir, clock: systemClock, events: bus, journal: undefined, catalog });
  const handlers = diagnostics.handlers as HandlerMap;
  // The machine is shared: an idle stretch in the same process gives the noise floor of stalls.
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  idle.disable();
  const small = await measure(handlers, diagnostics.whenFinished, bus, 20e6);
  const large = await measure(handlers, diagnostics.whenFinished, bus, 200e6);
  const format = (value: unknown) => (typeof value === 'number' ? value.toFixed(value < 10 ? 2 : 1) : String(value));
  console.log('\nDiagnostics output benchmark (one process, real runner, node child printing log lines)');
  console.log(['figure', '20 MB', '200 MB'].map((cell) => cell.padEnd(18)).join(''));
  for (const key of Object.keys(large) as Array<keyof typeof large>) {
    console.log([key, format(small[key]), format(large[key])].map((cell) => String(cell).padEnd(18)).join(''));
  }
  console.log(`idle baseline (3 s, no command): longest stall ${(idle.max / 1e6).toFixed(1)} ms, p99 ${(idle.percentile(99) / 1e6).toFixed(1)} ms`);
  console.log(
    `peak RSS growth ratio 200 MB / 20 MB: ${(large.rssGrowthMB / Math.max(1, small.rssGrowthMB)).toFixed(2)} (bounded memory keeps this near 1, not 10)`,
  );
  console.log(`process maxRSS (whole bench process, includes vitest): ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
  await diagnostics.close();
  rmSync(dataDir, { recursive: true, force: true });
});
