import { ConsoleError, type ErrorCode } from '../../../shared/errors';

/** The registry's Powernode codes: each failure the operator must tell apart has its own, and its own plain message. */
export type PowernodeErrorCode = Extract<ErrorCode, `POWERNODE_${string}`>;

/**
 * A ConsoleError that also remembers the HTTP status (for the journal), Retry-After, and whether
 * the request may have been carried out: true when it may have reached the server and no clear
 * answer came back (timeout after sending, hang-up, 5xx, an unreadable 2xx). Such an outcome is
 * unknown, never "failed", until the server's state settles it.
 */
export class PowernodeError extends ConsoleError {
  constructor(
    code: PowernodeErrorCode,
    message: string,
    readonly httpStatus: number | null = null,
    readonly retryAfterSeconds: number | null = null,
    readonly mayHaveActed = false,
  ) {
    super(code, message);
    this.name = 'PowernodeError';
  }

  /** The same failure with words added (a journal problem, say). */
  withMessage(message: string): PowernodeError {
    return new PowernodeError(this.code as PowernodeErrorCode, message, this.httpStatus, this.retryAfterSeconds, this.mayHaveActed);
  }
}

export function mayHaveActed(error: unknown): boolean {
  return error instanceof PowernodeError && error.mayHaveActed;
}

export function httpStatusOf(error: unknown): number | null {
  return error instanceof PowernodeError ? error.httpStatus : null;
}
