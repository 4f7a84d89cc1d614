import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../shared/contract';
import { useClient } from './client-context';

/** Subscribes to a contract event for the component's lifetime; the latest callback is always used. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const client = useClient();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(event, (payload) => latest.current(payload)), [client, event]);
}
