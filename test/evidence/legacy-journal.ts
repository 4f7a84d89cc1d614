import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';
import { migrations } from '../../src/main/core/journal/migrations';
import { SAMPLE_CLOCK_START, writeSampleIncident } from '../support/sample-incident';

/** The sample incident in a journal as an install from before device keys left it: schema 2, no device in any entry. */
export function seedLegacyIncident(path: string): void {
  const clock = AdjustableClock.frozen(SAMPLE_CLOCK_START);
  const journal = new Journal({ path, clock, author: 'alice', migrations: migrations.slice(0, 2) });
  try {
    writeSampleIncident(journal, clock, { withWriteUp: true });
  } finally {
    journal.close();
  }
}
