// Writes the sample incident into a data dir's journal (e2e: before or beside a running app),
// under a frozen clock so every time in it is predictable. Prints the incident id.
// Usage: node --import tsx test/support/seed-sample-incident.ts <dataDir> [--with-write-up]
import { join } from 'node:path';
import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';
import { JOURNAL_FILE_NAME } from '../../src/main/core/journal/journal-service';
import { SAMPLE_CLOCK_START, writeSampleIncident } from './sample-incident';

const [dataDir] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!dataDir) throw new Error('usage: seed-sample-incident.ts <dataDir> [--with-write-up]');
const clock = AdjustableClock.frozen(SAMPLE_CLOCK_START);
const journal = new Journal({ path: join(dataDir, JOURNAL_FILE_NAME), clock, author: 'alice' });
try {
  const incident = writeSampleIncident(journal, clock, { withWriteUp: process.argv.includes('--with-write-up') });
  process.stdout.write(`${incident.id}\n`);
} finally {
  journal.close();
}
