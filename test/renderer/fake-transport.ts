import type { EventName, EventPayload, MethodName } from '../../src/shared/contract';
import { ConsoleError, type CallResult } from '../../src/shared/errors';
import type { Transport } from '../../src/renderer/src/api/transport';

type Handler = (input: never) => unknown;

/**
 * A stand-in for the renderer's transport boundary (the only thing faked): answers calls from
 * handlers the test writes (an error thrown becomes the contract's error answer: a ConsoleError as
 * it is, with its code, anything else INTERNAL), delivers pushes when the test says so, and can
 * hold answers back to let pushes overtake them.
 */
export class FakeTransport implements Transport {
  readonly kind = 'http' as const;
  readonly calls: Array<{ method: MethodName; input: unknown }> = [];
  private readonly handlers = new Map<MethodName, Handler>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly reconnectListeners = new Set<() => void>();
  private held: Array<() => void> | undefined;

  answer<M extends MethodName>(method: M, handler: (input: never) => unknown): this {
    this.handlers.set(method, handler as Handler);
    return this;
  }

  /** Answers wait until `release()` (requests are still received, in order). */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const resume of waiting) resume();
  }

  async call(method: MethodName, input: unknown): Promise<CallResult> {
    this.calls.push({ method, input });
    if (this.held) await new Promise<void>((resume) => this.held!.push(resume));
    const handler = this.handlers.get(method);
    if (!handler) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `no handler for ${method}` } };
    try {
      return { ok: true, result: await handler(input as never) };
    } catch (error) {
      return { ok: false, error: ConsoleError.from(error).toPayload() };
    }
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  push<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload as never);
  }

  /** The push stream came back after a cut. */
  reconnect(): void {
    for (const listener of [...this.reconnectListeners]) listener();
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  callsOf(method: MethodName): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.input);
  }
}

/**
 * Lets every pending promise settle (answers, then the store's handling of them), after the
 * pushes already made have reached their listeners (the client hands them over in a task of their own).
 */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
