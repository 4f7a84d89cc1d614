import { events, type EventName, type EventPayload } from '../../shared/contract';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/**
 * Pushes from core to whichever transports are attached (IPC windows, SSE clients).
 * Payloads are parsed against the contract here, so a transport never forwards a malformed event.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed = events[name].parse(payload) as EventPayload<E>;
    for (const listener of this.listeners) {
      try {
        listener(name, parsed);
      } catch {
        // One broken subscriber (a closed window, a dropped SSE socket) must not starve the rest.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
