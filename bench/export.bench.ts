// `npm run bench:export`: exports a 10,000-entry incident (Markdown, bundle, HTML) from a real
// journal file and prints how long it took, split into reading the journal and writing the files,
// and the longest the event loop stood still meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock } from '../src/main/core/clock';
import { Journal } from '../src/main/core/journal/journal';
import { exportPostmortem } from '../src/main/core/reports/postmortem-export';
import { verifyBundleText } from '../src/main/core/reports/bundle-verification';
import { readFileSync } from 'node:fs';
import { postmortemFacts } from '../src/main/core/reports/postmortem-facts';
import { postmortemHtml } from '../src/main/core/reports/postmortem-html';
import { postmortemMarkdown } from '../src/main/core/reports/postmortem-markdown';
import { serializeBundle, timelineBundle } from '../src/main/core/reports/timeline-bundle';
import { watchEventLoopStalls } from './event-loop-stalls';

const ENTRIES = 10_000;
/** The documents' evidence line for an export made without checkpoints (this bench times the files). */
const NO_EVIDENCE = { keyFingerprint: null, unsignedBecause: 'a benchmark', checkpoint: null };
const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'incident-console-bench-'));
const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
const journal = new Journal({ path: join(dir, 'journal.sqlite'), clock, author: 'bench' });
try {
  const incident = journal.createIncident({ title: 'Benchmark incident', detectedBy: 'alert' });
  const severities = ['SEV3', 'SEV2', 'SEV1', 'SEV2'] as const;
  let filling = performance.now();
  for (let i = 1; i < ENTRIES; i += 1) {
    clock.advance(1_000);
    if (i % 1000 === 0) {
      const to = severities[(i / 1000) % severities.length]!;
      journal.append(incident.id, { kind: 'severity_changed', text: `step ${i}`, data: { from: null, to } });
    } else if (i % 500 === 0) {
      journal.append(incident.id, {
        kind: 'killswitch_call',
        text: 'bench',
        data: { action: i % 1000 === 500 ? 'halt' : 'resume', profile: 'prod', httpStatus: 200, ok: true, outcome: 'ok' },
      });
    } else if (i % 97 === 0) {
      const last = journal.append(incident.id, { kind: 'note', text: `Pinned observation ${i}`, data: {} });
      i += 1;
      journal.append(incident.id, { kind: 'pin', text: '', data: {}, refersTo: last.id });
    } else {
      journal.append(incident.id, { kind: 'note', text: `Observation ${i}: error rate ${(i % 40) + 1}% on checkout, p99 ${(i % 900) + 100} ms`, data: {} });
    }
  }
  filling = performance.now() - filling;
  const count = journal.getIncident(incident.id).entryCount;

  let read = Infinity;
  for (let run = 0; run < RUNS; run += 1) {
    const began = performance.now();
    journal.allEntries(incident.id);
    read = Math.min(read, performance.now() - began);
  }
  const times: number[] = [];
  let folder = '';
  let longestStall = 0;
  for (let run = 0; run < RUNS; run += 1) {
    folder = join(dir, `export-${run}`);
    const stalls = watchEventLoopStalls();
    const began = performance.now();
    await exportPostmortem({ journal, clock }, incident.id, folder);
    times.push(performance.now() - began);
    longestStall = Math.max(longestStall, stalls.stop());
  }
  // Where the time goes, on entries already read (best of RUNS each).
  const entries = journal.allEntries(incident.id);
  const incidentNow = journal.getIncident(incident.id);
  const phase = (work: () => unknown): number => {
    let best = Infinity;
    for (let run = 0; run < RUNS; run += 1) {
      const began = performance.now();
      work();
      best = Math.min(best, performance.now() - began);
    }
    return best;
  };
  const facts = postmortemFacts(incidentNow, entries);
  const phases = {
    facts: phase(() => postmortemFacts(incidentNow, entries)),
    markdown: phase(() => postmortemMarkdown(facts, NO_EVIDENCE)),
    html: phase(() => postmortemHtml(facts, NO_EVIDENCE)),
    bundle: phase(() =>
      serializeBundle(
        timelineBundle({ incident: incidentNow, entries, keys: [], exportCheckpoint: { entryId: null, because: 'a benchmark' }, exportedAt: 'now' }),
      ),
    ),
  };
  const verifyBegan = performance.now();
  const verified = verifyBundleText(readFileSync(join(folder, 'timeline-bundle.json'), 'utf8'));
  const verifyMs = performance.now() - verifyBegan;
  times.sort((a, b) => a - b);
  console.log(`journal filled with ${count} entries in ${(filling / 1000).toFixed(1)} s`);
  console.log(`read all entries: ${read.toFixed(0)} ms (best of ${RUNS})`);
  console.log(
    `export of ${count} entries (md + bundle + html + export_made entry): best ${times[0]!.toFixed(0)} ms, median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms`,
  );
  console.log(`longest event-loop stall during an export: ${longestStall.toFixed(0)} ms (load average ${readFileSync('/proc/loadavg', 'utf8').trim()})`);
  console.log(
    `phases on entries already read: ${Object.entries(phases)
      .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`)
      .join(', ')}`,
  );
  console.log(`reading is ${((read / times[0]!) * 100).toFixed(0)}% of the best export; verifying the bundle: ${verifyMs.toFixed(0)} ms (${verified.verdict})`);
} finally {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
}
