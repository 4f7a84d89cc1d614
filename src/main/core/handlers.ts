import { methodNames, type MethodName, type MethodOutput, type ParsedInput } from '../../shared/contract';

export type Handler<M extends MethodName> = (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;

/** Every contract method has exactly one handler: `composeCore` checks its map `satisfies HandlerMap`. */
export type HandlerMap = { [M in MethodName]: Handler<M> };

/** A service's share of the handler map, any methods. */
export type PartialHandlerMap = Partial<HandlerMap>;

/** The contract methods whose names start with `namespace.`: `MethodsIn<'comms'>` is 'comms.cadence' | …. */
export type MethodsIn<Namespace extends string> = Extract<MethodName, `${Namespace}.${string}`>;

/**
 * The handlers of exactly the methods M: what one service serves. A service that leaves one of
 * them out (or adds one it does not name) does not compile.
 */
export type Handlers<M extends MethodName> = Pick<HandlerMap, M>;

/** The map the parts make together, as the type checker sees it (each part's methods, all of them). */
type Merged<Parts extends readonly unknown[]> = Parts extends readonly [infer First, ...infer Rest] ? First & Merged<Rest> : unknown;

/**
 * Puts the services' shares together. The result's type is every part's methods, so the caller's
 * `satisfies HandlerMap` fails to compile when a contract method has no handler; two services
 * claiming one method, which types cannot see, is refused here at start.
 */
export function mergeHandlers<const Parts extends readonly PartialHandlerMap[]>(...parts: Parts): Merged<Parts> {
  const merged: PartialHandlerMap = {};
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (name in merged) throw new Error(`Two services handle ${name}`);
      (merged as Record<string, unknown>)[name] = handler;
    }
  }
  const missing = methodNames.filter((name) => !(name in merged));
  if (missing.length > 0) throw new Error(`No handler for: ${missing.join(', ')}`);
  return merged as Merged<Parts>;
}
