// Child process for the redaction test: journals a note with a canary, says so and waits for a line
// on stdin (the test looks at the files meanwhile), redacts it, says so as soon as the redaction has
// returned, then idles until the test SIGKILLs it.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { systemClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';

const [path, canary] = process.argv.slice(2);
if (!path || !canary) throw new Error('usage: redact-then-wait-child <journal path> <canary>');
const journal = new Journal({ path, clock: systemClock, author: 'redaction-test' });
const incident = journal.createIncident({ title: 'Token pasted into the journal', detectedBy: 'operator' });
for (let i = 0; i < 200; i += 1) journal.append(incident.id, { kind: 'note', text: `Worker restart ${i} on app-${i % 4}`, data: {} });
const leaked = journal.append(incident.id, { kind: 'note', text: `Deploy token ${canary} pasted by mistake`, data: {} });
for (let i = 0; i < 50; i += 1) journal.append(incident.id, { kind: 'note', text: `Queue drained ${i}`, data: {} });
// writeSync: the line must be out before the kill, not sitting in a stream buffer.
writeSync(1, 'noted\n');
createInterface({ input: process.stdin }).once('line', () => {
  journal.append(incident.id, { kind: 'redaction', text: 'Contained a deploy token', data: {}, refersTo: leaked.id });
  writeSync(1, 'redacted\n');
  setInterval(() => {}, 1000);
});
