import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { PushQueue } from './push-queue';
import type { Transport } from './transport';

/**
 * What the renderer's code holds to reach main: the contract's methods and events, typed, over
 * the transport it was given (the page's own, or a test's), never a module-level one.
 */
export interface ConsoleClient {
  readonly kind: Transport['kind'];
  /** Calls a contract method; resolves with its typed output or throws a ConsoleError. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** After the push stream was cut and came back (see Transport.onReconnect). */
  onReconnect(listener: () => void): () => void;
}

export function createClient(transport: Transport): ConsoleClient {
  const pushes = new PushQueue();
  return {
    kind: transport.kind,
    async call(method, input) {
      const result = await transport.call(method, input);
      if (!result.ok) throw ConsoleError.fromPayload(result.error);
      return result.result as never;
    },
    // Pushes and returns of the stream reach listeners in one queue, so in the order they happened.
    on: (event, listener) => pushes.listen((deliver) => transport.subscribe(event, (payload) => deliver(() => listener(payload)))),
    onReconnect: (listener) => pushes.listen((deliver) => transport.onReconnect(() => deliver(listener))),
  };
}
