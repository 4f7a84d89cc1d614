/**
 * Writes a large, valid journal file (a real chain, through the Journal's own batch append) before
 * an app or a benchmark opens it. Bench/test only: `node --import tsx bench/seed-journal.ts DIR COUNT [TITLE]`
 * prints the incident id.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Clock } from '../src/main/core/clock';
import { Journal } from '../src/main/core/journal/journal';
import type { NewEntry } from '../src/shared/model';

const WORDS = [
  'latency',
  'database',
  'worker',
  'queue',
  'deploy',
  'rollback',
  'timeout',
  'cpu',
  'memory',
  'redis',
  'postgres',
  'ingress',
  'certificate',
  'dns',
  'replica',
];
const BATCH = Number(process.env.SEED_BATCH ?? 10_000);
const STEP_MS = 250;

/** A clock that ticks STEP_MS on every read, ending near now, so seeded entries come before live ones. */
function steppingClock(count: number): Clock {
  let at = Date.now() - (count + 10) * STEP_MS;
  return { now: () => new Date((at += STEP_MS)) };
}

/** Entry i of the seed: mostly notes, with the other capabilities' kinds mixed in. "needle" marks 1 in 10,000. */
export function seedEntry(i: number): NewEntry {
  const word = WORDS[i % WORDS.length]!;
  const other = WORDS[(i * 7) % WORDS.length]!;
  if (i % 50 === 49) {
    return {
      kind: 'command_run',
      text: '',
      data: {
        runId: `run-${i}`,
        commandId: 'service-status',
        host: `app-${i % 8}.prod`,
        argv: ['systemctl', 'status', `${word}.service`],
        exitCode: i % 3 === 0 ? 3 : 0,
        signal: null,
        outcome: i % 3 === 0 ? 'failed' : 'succeeded',
        durationMs: 120 + (i % 900),
        output: `● ${word}.service - ${other}\n   Active: ${i % 3 === 0 ? 'failed' : 'active (running)'}\n`,
        outputBytes: 64,
        outputTruncated: false,
      },
    };
  }
  if (i % 500 === 250) {
    return {
      kind: 'killswitch_call',
      text: `${word} ${other} halt check`,
      data: { action: 'status', profile: 'prod', httpStatus: 200, ok: true, outcome: 'not halted' },
    };
  }
  const needle = i % 10_000 === 5_000 ? ' needle' : '';
  return { kind: 'note', text: `Note ${i}: ${word} ${other} on app-${i % 8}, p99 ${(i % 997) + 3} ms${needle}`, data: {} };
}

export interface SeedResult {
  incidentId: string;
  path: string;
  seconds: number;
}

export function seedJournal(dataDir: string, count: number, title = 'Seeded incident'): SeedResult {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'journal.sqlite');
  const started = performance.now();
  const journal = new Journal({ path, clock: steppingClock(count), author: 'seed' });
  try {
    const incident = journal.createIncident({ title, detectedBy: 'Monitoring alert' });
    // The incident's own first entry counts towards `count`.
    for (let done = 1; done < count; done += BATCH) {
      const size = Math.min(BATCH, count - done);
      journal.appendBatch(
        incident.id,
        Array.from({ length: size }, (_, k) => seedEntry(done + k)),
      );
    }
    return { incidentId: incident.id, path, seconds: (performance.now() - started) / 1000 };
  } finally {
    journal.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, countText = '100000', title] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node --import tsx bench/seed-journal.ts DATA_DIR [COUNT] [TITLE]');
    process.exit(2);
  }
  const result = seedJournal(dir, Number(countText), title);
  console.log(result.incidentId);
  console.error(`seeded ${countText} entries in ${result.seconds.toFixed(1)} s → ${result.path}`);
}
