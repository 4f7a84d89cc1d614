import { events as eventSchemas, type EventName, type EventPayload } from '../../../shared/contract';
import { CallResult, errorMessage } from '../../../shared/errors';
import type { Transport } from './transport';

/**
 * Browser mode: calls are POST /rpc/<method>, pushes arrive on one EventSource. The console
 * token travels as the HttpOnly cookie the server set when the printed URL was opened.
 */
export function createHttpTransport(): Transport {
  let source: EventSource | undefined;
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const reconnectListeners = new Set<() => void>();

  function ensureSource(): EventSource {
    if (source) return source;
    source = new EventSource('/events');
    // EventSource reconnects by itself after a cut; every open after the first is such a return.
    let opened = false;
    source.addEventListener('open', () => {
      if (opened) for (const listener of [...reconnectListeners]) listener();
      opened = true;
    });
    return source;
  }

  return {
    kind: 'http',
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`/rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch (error) {
        return unreachable(error);
      }
      const body: unknown = await response.json().catch(() => undefined);
      const parsed = CallResult.safeParse(body);
      if (parsed.success) return parsed.data;
      return {
        ok: false,
        error: { code: 'BAD_RESPONSE', message: `The console backend answered HTTP ${response.status} without a readable body` },
      };
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const stream = ensureSource();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        stream.addEventListener(event, (message) => {
          const parsed = eventSchemas[event].safeParse(JSON.parse((message as MessageEvent<string>).data));
          if (!parsed.success) return;
          for (const each of listeners.get(event) ?? []) each(parsed.data as never);
        });
      }
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    onReconnect(listener) {
      ensureSource();
      reconnectListeners.add(listener);
      return () => {
        reconnectListeners.delete(listener);
      };
    },
  };
}

function unreachable(error: unknown): CallResult {
  const reason = errorMessage(error);
  return {
    ok: false,
    error: { code: 'BACKEND_UNREACHABLE', message: `The console backend is not answering (${reason}); is npm start still running?` },
  };
}
