import type { EventName, EventPayload, MethodName } from './contract';
import type { CallResult } from './errors';

/**
 * What the preload exposes as `window.consoleApi`: one function per contract method and a
 * subscription per contract event; nothing else (no generic channel, no ipcRenderer).
 */
export interface ConsoleBridge {
  readonly methods: { readonly [M in MethodName]: (input: unknown) => Promise<CallResult> };
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export const BRIDGE_GLOBAL = 'consoleApi';
