import { useEffect, useState } from 'react';
import { useEvent } from '../../api/use-event';
import { useMethod } from '../../api/use-method';
import type { JournalStatus } from '../../../../shared/journal-schemas';

/** While the check runs, ask again now and then: its answer may be pushed before this page listens. */
const RECHECK_MS = 2_000;

/**
 * Whether the journal could be opened, whether its check has passed, read-only or not. It changes
 * while the app runs (the background check answers, a new journal is started), and main pushes
 * each change: a pushed status is never older than the one loaded at mount.
 */
export function useJournalStatus(): JournalStatus | undefined {
  const { data: loaded, reload } = useMethod('journal.status', {});
  const [pushed, setPushed] = useState<JournalStatus>();
  useEvent('journal.status', setPushed);
  const status = pushed ?? loaded;
  const checking = status?.integrity?.state === 'checking';
  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(reload, RECHECK_MS);
    return () => clearTimeout(timer);
  }, [checking, loaded, reload]);
  return status;
}
