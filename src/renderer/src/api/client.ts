import { BRIDGE_GLOBAL, type ConsoleBridge } from '../../../shared/bridge';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';

/** The renderer picks its transport by itself: the preload bridge if present, else browser mode. */
function pickTransport(): Transport {
  const bridge = (window as unknown as Record<string, ConsoleBridge | undefined>)[BRIDGE_GLOBAL];
  return bridge ? createIpcTransport(bridge) : createHttpTransport();
}

export const transport: Transport = pickTransport();

/** Calls a contract method; resolves with its typed output or throws a ConsoleError. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await transport.call(method, input);
  if (!result.ok) throw ConsoleError.fromPayload(result.error);
  return result.result as MethodOutput<M>;
}

export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return transport.subscribe(event, listener);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
