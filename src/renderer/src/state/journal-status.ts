import { useMethod } from '../api/use-method';
import type { JournalStatus } from '../../../shared/journal-schemas';

/** Whether the journal could be opened, and read-only or not; it does not change while the app runs. */
export function useJournalStatus(): JournalStatus | undefined {
  return useMethod('journal.status', {}).data;
}
