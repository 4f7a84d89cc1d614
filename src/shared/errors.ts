import { z } from 'zod';

/**
 * Every failure that crosses a transport has this shape, so the renderer shows the same
 * message whether it talks IPC or HTTP.
 */
export const ErrorIssue = z.object({ path: z.string(), message: z.string() });
export type ErrorIssue = z.infer<typeof ErrorIssue>;

export const ErrorPayload = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(ErrorIssue).optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

/** Codes the transports themselves produce; services add their own (e.g. JOURNAL_READ_ONLY). */
export const TransportErrorCode = {
  invalidInput: 'INVALID_INPUT',
  unknownMethod: 'UNKNOWN_METHOD',
  invalidOutput: 'INVALID_OUTPUT',
  internal: 'INTERNAL',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
} as const;

/**
 * A file the console could not write (or read): the code says why in one word a UI can act on,
 * the message names the file, says what was kept and what the operator can do.
 */
export const FileErrorCode = {
  diskFull: 'FILE_DISK_FULL',
  readOnly: 'FILE_READ_ONLY',
  permissionDenied: 'FILE_PERMISSION_DENIED',
  writeFailed: 'FILE_WRITE_FAILED',
  notRegular: 'FILE_NOT_REGULAR',
  tooLarge: 'FILE_TOO_LARGE',
  unreadable: 'FILE_UNREADABLE',
} as const;

/** A second console on a data directory another console holds. */
export const DataDirErrorCode = { inUse: 'DATA_DIR_IN_USE', unusable: 'DATA_DIR_UNUSABLE' } as const;

/** Thrown by core services and by the renderer's client; carries a code the UI can act on. */
export class ConsoleError extends Error {
  readonly code: string;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: string, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'ConsoleError';
    this.code = code;
    this.issues = issues;
  }

  toPayload(): ErrorPayload {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromPayload(payload: ErrorPayload): ConsoleError {
    return new ConsoleError(payload.code, payload.message, payload.issues);
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
