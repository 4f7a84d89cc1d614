import type { ConsoleError } from '../../../../shared/errors';
import type { EvidenceStatus } from '../../../../shared/evidence-schemas';
import type { ConsoleClient } from '../../api/client';
import { useShared } from '../../api/client-context';
import { LiveStore } from '../../data/live-store';
import { useLiveStore } from '../../data/use-live-store';

/** This console's device key and trusted time, as main pushes them (the key is read in the background at start). */
export function createEvidenceStore(client: ConsoleClient): LiveStore<EvidenceStatus | undefined> {
  return new LiveStore<EvidenceStatus | undefined>(client, {
    initial: undefined,
    load: (api) => api.call('evidence.status', {}),
    fold: { 'evidence.status': (_value, status) => status },
  });
}

export function useEvidence(): { status: EvidenceStatus | undefined; error: ConsoleError | undefined; replace: (status: EvidenceStatus) => void } {
  const store = useShared(createEvidenceStore);
  const { value, error } = useLiveStore(store);
  return { status: value, error, replace: (status) => store.update(() => status) };
}
