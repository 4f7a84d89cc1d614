// Writes the sample incident into a data dir's journal (e2e: before or beside a running app),
// under a frozen clock so every time in it is predictable. Prints the incident id.
// Usage: node --import tsx test/support/seed-sample-incident.ts <dataDir> [--with-write-up | --open-sev1 | --commander-sam | --dense-marks]
import { join } from 'node:path';
import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';
import { JOURNAL_FILE_NAME } from '../../src/main/core/journal/journal-service';
import { SAMPLE_CLOCK_START, writeDenseMarksIncident, writeSampleIncident } from './sample-incident';

/** An ongoing SEV1, opened and triaged at 09:00 UTC: the update clock counts from there. */
function openSev1Incident(journal: Journal) {
  const incident = journal.createIncident({ title: 'Login failing for all tenants', detectedBy: 'customer report' });
  journal.append(incident.id, { kind: 'severity_changed', text: 'Customer-facing outage', data: { from: null, to: 'SEV1' } });
  return journal.getIncident(incident.id);
}

/**
 * Two ongoing SEV1s, both past their acknowledgement and update deadlines by 09:20: the first
 * commanded by sam (so only sam's console reminds), the second with nobody in command (so every
 * console does). sam is given command before the severity is set, so no reminder check ever sees
 * the first without its commander. Answers the first.
 */
function commanderSamIncidents(journal: Journal) {
  const incident = journal.createIncident({ title: 'Login failing for all tenants', detectedBy: 'customer report' });
  journal.append(incident.id, { kind: 'role_assigned', text: 'sam has the pager', data: { role: 'commander', responder: { name: 'sam', device: null } } });
  journal.append(incident.id, { kind: 'severity_changed', text: 'Customer-facing outage', data: { from: null, to: 'SEV1' } });
  const other = journal.createIncident({ title: 'Search results empty', detectedBy: 'alert' });
  journal.append(other.id, { kind: 'severity_changed', text: 'Customer-facing outage', data: { from: null, to: 'SEV1' } });
  return journal.getIncident(incident.id);
}

const [dataDir] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!dataDir) throw new Error('usage: seed-sample-incident.ts <dataDir> [--with-write-up]');
const clock = AdjustableClock.frozen(SAMPLE_CLOCK_START);
const journal = new Journal({ path: join(dataDir, JOURNAL_FILE_NAME), clock, author: 'alice' });
try {
  const incident = process.argv.includes('--open-sev1')
    ? openSev1Incident(journal)
    : process.argv.includes('--commander-sam')
      ? commanderSamIncidents(journal)
      : process.argv.includes('--dense-marks')
        ? writeDenseMarksIncident(journal, clock)
        : writeSampleIncident(journal, clock, { withWriteUp: process.argv.includes('--with-write-up') });
  process.stdout.write(`${incident.id}\n`);
} finally {
  journal.close();
}
