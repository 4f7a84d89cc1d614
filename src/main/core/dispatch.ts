import { isMethodName, methods, type MethodName } from '../../shared/contract';
import { ConsoleError, issuesFromZod, describeIssues, type CallResult, errorMessage } from '../../shared/errors';
import type { HandlerMap } from './handlers';

export interface DispatchOptions {
  /** Where unexpected failures go (never shown raw to a remote caller beyond their message). */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * The single door both transports go through: the method must exist in the contract, its input
 * must parse, and its output must parse before it leaves main.
 */
export async function dispatch(handlers: HandlerMap, methodName: string, rawInput: unknown, options: DispatchOptions = {}): Promise<CallResult> {
  if (!isMethodName(methodName)) {
    return failure(new ConsoleError('UNKNOWN_METHOD', `Unknown method "${methodName}"`));
  }
  const spec = methods[methodName];
  const parsedInput = spec.input.safeParse(rawInput ?? {});
  if (!parsedInput.success) {
    const issues = issuesFromZod(parsedInput.error);
    return failure(new ConsoleError('INVALID_INPUT', `Invalid input for ${methodName}: ${describeIssues(issues)}`, issues));
  }
  try {
    const handler = handlers[methodName] as (input: unknown) => unknown;
    const output = await handler(parsedInput.data);
    const parsedOutput = spec.output.safeParse(output);
    if (!parsedOutput.success) {
      const issues = issuesFromZod(parsedOutput.error);
      options.onInternalError?.(methodName, parsedOutput.error);
      return failure(new ConsoleError('INVALID_OUTPUT', `${methodName} produced an invalid answer: ${describeIssues(issues)}`));
    }
    return { ok: true, result: parsedOutput.data };
  } catch (error) {
    if (error instanceof ConsoleError) return failure(error);
    options.onInternalError?.(methodName, error);
    const message = errorMessage(error);
    return failure(new ConsoleError('INTERNAL', `${methodName} failed: ${message}`));
  }
}

function failure(error: ConsoleError): CallResult {
  return { ok: false, error: error.toPayload() };
}

export type { MethodName };
