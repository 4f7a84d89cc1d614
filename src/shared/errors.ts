import { z } from 'zod';
import { isErrorCode, type ErrorCode } from './error-codes';
import { errorMessage } from './error-message';

export { ErrorCode } from './error-codes';
export { errorMessage } from './error-message';

/**
 * Every failure that crosses a transport has this shape, so the renderer shows the same
 * message whether it talks IPC or HTTP.
 */
export const ErrorIssue = z.object({ path: z.string(), message: z.string() });
export type ErrorIssue = z.infer<typeof ErrorIssue>;

/**
 * A failure as it crosses a transport, its code parsed by the registry (error-codes.ts). A code the
 * registry does not name (another version's, a bug's) becomes INTERNAL with the original code kept
 * at the head of the message, so nothing is lost.
 */
export const ErrorPayload = z
  .object({
    code: z.string(),
    message: z.string(),
    issues: z.array(ErrorIssue).optional(),
  })
  .transform((payload) =>
    isErrorCode(payload.code) ? { ...payload, code: payload.code } : { ...payload, code: 'INTERNAL' as const, message: `${payload.code}: ${payload.message}` },
  );
export type ErrorPayload = z.infer<typeof ErrorPayload>;

/** Thrown by core services and by the renderer's client; carries a code the UI can act on, and the fields at fault. */
export class ConsoleError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'ConsoleError';
    this.code = code;
    this.issues = issues;
  }

  toPayload(): ErrorPayload {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  /** An error payload from the other side of a transport, parsed: an unknown code becomes INTERNAL, an unreadable payload says so. */
  static fromPayload(payload: unknown): ConsoleError {
    const parsed = ErrorPayload.safeParse(payload);
    if (!parsed.success) return new ConsoleError('BAD_RESPONSE', `A failure arrived in a form this console cannot read: ${errorMessage(payload)}`);
    return new ConsoleError(parsed.data.code, parsed.data.message, parsed.data.issues);
  }

  /** Anything thrown, as a ConsoleError: itself when it is one, else INTERNAL with its text. */
  static from(error: unknown): ConsoleError {
    return error instanceof ConsoleError ? error : new ConsoleError('INTERNAL', errorMessage(error));
  }
}

/** zod issues as `field.path: reason` lines, so a validation error names the field. */
export function issuesFromZod(error: z.ZodError): ErrorIssue[] {
  return error.issues.flatMap((issue) => {
    // An unexpected key is reported on its parent; name the key itself instead.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathText([...issue.path, key]), message: 'Unexpected field' }));
    }
    return [{ path: pathText(issue.path), message: issue.message }];
  });
}

function pathText(path: PropertyKey[]): string {
  return path.length > 0 ? path.map(String).join('.') : '(input)';
}

export function describeIssues(issues: ErrorIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** Every answer on the wire: a result, or an error payload. */
export const CallResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorPayload }),
]);
export type CallResult = z.infer<typeof CallResult>;
