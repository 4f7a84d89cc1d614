import type { Core } from '../../src/main/core/compose-core';
import { dispatch } from '../../src/main/core/dispatch';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import type { ErrorPayload } from '../../src/shared/errors';

/** What a transport would answer: the parsed result, or the error payload it would send. */
export type Answer<M extends MethodName> = { ok: true; result: MethodOutput<M> } | { ok: false; error: ErrorPayload };

export async function answer<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<Answer<M>> {
  return (await dispatch(core.handlers, method, input)) as Answer<M>;
}

/** The result of a call that must succeed; a failure is thrown with its code. */
export async function callOk<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await answer(core, method, input);
  if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), result.error);
  return result.result;
}
