import type { EventName, EventPayload, MethodName } from '../../../shared/contract';
import type { CallResult } from '../../../shared/errors';

/** How the renderer reaches main: Electron IPC through the preload bridge, or loopback HTTP in browser mode. */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  call(method: MethodName, input: unknown): Promise<CallResult>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Called each time the push stream comes back after it was cut: pushes sent meanwhile are lost,
   * so what the renderer holds must be read again.
   */
  onReconnect(listener: () => void): () => void;
}
