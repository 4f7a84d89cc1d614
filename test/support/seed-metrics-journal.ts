// Writes the metrics journal (test/support/metrics-journal.ts) into a data dir before the app opens
// it (e2e). Prints the incident ids as JSON. Usage: node --import tsx test/support/seed-metrics-journal.ts <dataDir>
import { join } from 'node:path';
import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';
import { JOURNAL_FILE_NAME } from '../../src/main/core/journal/journal-service';
import { METRICS_CLOCK_START, writeMetricsJournal } from './metrics-journal';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: seed-metrics-journal.ts <dataDir>');
const clock = AdjustableClock.frozen(METRICS_CLOCK_START);
const journal = new Journal({ path: join(dataDir, JOURNAL_FILE_NAME), clock, author: 'alice' });
try {
  process.stdout.write(`${JSON.stringify(writeMetricsJournal(journal, clock))}\n`);
} finally {
  journal.close();
}
