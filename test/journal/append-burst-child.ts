// Child process for the crash test: appends notes as fast as it can and acknowledges each one on
// stdout only after append() has returned, until it is killed.
import { writeSync } from 'node:fs';
import { systemClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';

const [path, incidentId] = process.argv.slice(2);
if (!path || !incidentId) throw new Error('usage: append-burst-child <journal path> <incident id>');
const journal = new Journal({ path, clock: systemClock, author: 'crash-test' });
writeSync(1, 'ready\n');
for (let i = 0; ; i += 1) {
  const entry = journal.append(incidentId, { kind: 'note', text: `burst note ${i} ${'x'.repeat(i % 300)}`, data: {} });
  // writeSync: the acknowledgement must not sit in a stream buffer when SIGKILL lands.
  writeSync(1, `ack ${entry.id}\n`);
}
