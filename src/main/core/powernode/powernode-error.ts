import { ConsoleError } from '../../../shared/errors';

/** Each failure the operator must tell apart has its own code and its own plain message. */
export const PowernodeErrorCode = {
  wrongPassword: 'POWERNODE_WRONG_PASSWORD',
  accountLocked: 'POWERNODE_ACCOUNT_LOCKED',
  accountDisabled: 'POWERNODE_ACCOUNT_DISABLED',
  twoFactorFailed: 'POWERNODE_2FA_FAILED',
  permissionDenied: 'POWERNODE_PERMISSION_DENIED',
  conflict: 'POWERNODE_CONFLICT',
  rateLimited: 'POWERNODE_RATE_LIMITED',
  serverError: 'POWERNODE_SERVER_ERROR',
  timeout: 'POWERNODE_TIMEOUT',
  connectionRefused: 'POWERNODE_CONNECTION_REFUSED',
  dnsFailure: 'POWERNODE_DNS_FAILURE',
  network: 'POWERNODE_NETWORK_ERROR',
  malformed: 'POWERNODE_MALFORMED_ANSWER',
  unauthorized: 'POWERNODE_UNAUTHORIZED',
  loginRequired: 'POWERNODE_LOGIN_REQUIRED',
  /** A lasting 401 (account suspended, user inactive…): logging in again does not help. */
  accessRefused: 'POWERNODE_ACCESS_REFUSED',
  notFound: 'POWERNODE_NOT_FOUND',
  rejected: 'POWERNODE_REJECTED',
  notLoggedIn: 'POWERNODE_NOT_LOGGED_IN',
  unknownProfile: 'POWERNODE_UNKNOWN_PROFILE',
  keychainUnavailable: 'KEYCHAIN_UNAVAILABLE',
  no2faPending: 'POWERNODE_NO_2FA_PENDING',
} as const;
export type PowernodeErrorCode = (typeof PowernodeErrorCode)[keyof typeof PowernodeErrorCode];

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

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
