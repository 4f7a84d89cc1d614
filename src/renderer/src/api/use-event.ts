import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../shared/contract';
import { on } from './client';

/** Subscribes to a contract event for the component's lifetime; the latest callback is always used. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => on(event, (payload) => latest.current(payload)), [event]);
}
