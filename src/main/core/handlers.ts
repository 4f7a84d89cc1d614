import type { MethodName, MethodOutput, ParsedInput } from '../../shared/contract';

export type Handler<M extends MethodName> = (input: ParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;

/** Every contract method must have exactly one handler; the type checker enforces completeness. */
export type HandlerMap = { [M in MethodName]: Handler<M> };

/** A service's share of the handler map. */
export type PartialHandlerMap = Partial<HandlerMap>;
