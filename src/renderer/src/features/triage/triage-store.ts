import { useCallback, useEffect, useState } from 'react';
import { call, errorMessage } from '../../api/client';
import { useEvent } from '../../api/use-event';
import type { RunbookInfo, SeverityStatus } from '../../../../shared/triage-schemas';

/** The active runbook, shared by every screen; reloaded when the operator loads another file. */
let runbookCache: Promise<RunbookInfo> | undefined;
const runbookListeners = new Set<(info: RunbookInfo) => void>();

export function replaceRunbook(info: RunbookInfo): void {
  runbookCache = Promise.resolve(info);
  for (const listener of runbookListeners) listener(info);
}

export function useRunbook(): { info: RunbookInfo | undefined; error: string | undefined } {
  const [info, setInfo] = useState<RunbookInfo>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    runbookCache ??= call('runbook.get', {});
    runbookCache.then(setInfo).catch((failure: unknown) => {
      runbookCache = undefined;
      setError(errorMessage(failure));
    });
    runbookListeners.add(setInfo);
    return () => void runbookListeners.delete(setInfo);
  }, []);
  return { info, error };
}

/** Severity, acknowledgement and checklist state of an incident, refreshed whenever its journal grows. */
export function useSeverityStatus(incidentId: string | undefined): { status: SeverityStatus | undefined; error: string | undefined; reload: () => void } {
  const [status, setStatus] = useState<SeverityStatus>();
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  useEffect(() => {
    if (!incidentId) {
      setStatus(undefined);
      return;
    }
    let live = true;
    call('triage.status', { incidentId })
      .then((next) => {
        if (!live) return;
        setStatus(next);
        setError(undefined);
      })
      .catch((failure: unknown) => live && setError(errorMessage(failure)));
    return () => {
      live = false;
    };
  }, [incidentId, generation]);
  useEvent('journal.appended', ({ entry }) => {
    if (entry.incidentId === incidentId) reload();
  });
  return { status: incidentId ? status : undefined, error, reload };
}
