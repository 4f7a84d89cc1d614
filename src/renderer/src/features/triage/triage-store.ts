import type { ConsoleError } from '../../../../shared/errors';
import type { RunbookInfo, SeverityStatus } from '../../../../shared/triage-schemas';
import type { ConsoleClient } from '../../api/client';
import { useShared, useSharedFor } from '../../api/client-context';
import { LiveStore } from '../../data/live-store';
import { sameJson } from '../../data/same-json';
import { useLiveStore } from '../../data/use-live-store';

/** The active runbook, shared by every screen; replaced when the operator loads another file. */
export function createRunbookStore(client: ConsoleClient): LiveStore<RunbookInfo | undefined> {
  return new LiveStore<RunbookInfo | undefined>(client, { initial: undefined, load: (api) => api.call('runbook.get', {}) });
}

export function useRunbook(): { info: RunbookInfo | undefined; error: ConsoleError | undefined; replace: (info: RunbookInfo) => void } {
  const store = useShared(createRunbookStore);
  const { value, error } = useLiveStore(store);
  return { info: value, error, replace: (info) => store.update(() => info) };
}

/**
 * Severity, acknowledgement and checklist state of an incident, read again whenever its journal
 * grows: by an entry written here, or by another device's entries taken in (a bundle, the team sync).
 */
export function createSeverityStatusStore(client: ConsoleClient, incidentId: string): LiveStore<SeverityStatus | undefined> {
  return new LiveStore<SeverityStatus | undefined>(client, {
    initial: undefined,
    load: (api) => api.call('triage.status', { incidentId }),
    unchanged: sameJson,
    reloadOn: { 'journal.appended': ({ entry }) => entry.incidentId === incidentId, 'chains.imported': (imported) => imported.incidentId === incidentId },
  });
}

/** One store per incident, shared by the top bar's severity slot and the Triage screen. */
export function useSeverityStatus(incidentId: string | undefined): { status: SeverityStatus | undefined; error: ConsoleError | undefined } {
  const { value, error } = useLiveStore(useSharedFor(createSeverityStatusStore, incidentId));
  return { status: value, error };
}
