import { ConsoleError, errorMessage } from '../../../shared/errors';

/** The errno of a failed fs call, or '' for anything else. */
export function errnoOf(error: unknown): string {
  return typeof (error as { code?: unknown } | undefined)?.code === 'string' ? (error as { code: string }).code : '';
}

/**
 * A failed save in plain words, with a named code. `what` is what the operator asked for ("save
 * the settings"); `kept` says what is still as it was, and is only said because the write goes
 * through a temporary file that is removed on failure, so it is true.
 */
export function fileWriteError(error: unknown, what: string, path: string, kept = 'Nothing was changed'): ConsoleError {
  if (error instanceof ConsoleError) return error;
  const errno = errnoOf(error);
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new ConsoleError('FILE_DISK_FULL', `Could not ${what}: the disk holding ${path} is full. ${kept}; free some space and try again.`);
    case 'EROFS':
      return new ConsoleError('FILE_READ_ONLY', `Could not ${what}: ${path} is on a read-only file system. ${kept}.`);
    case 'EACCES':
    case 'EPERM':
      return new ConsoleError('FILE_PERMISSION_DENIED', `Could not ${what}: permission to write ${path} was denied. ${kept}; check who owns the folder.`);
    default:
      return new ConsoleError('FILE_WRITE_FAILED', `Could not ${what} (${path}): ${errno || errorMessage(error)}. ${kept}.`);
  }
}

/** A file that could not be read, without quoting a byte of it. */
export function fileReadError(error: unknown, what: string, path: string): ConsoleError {
  if (error instanceof ConsoleError) return error;
  const errno = errnoOf(error);
  const reason =
    errno === 'ENOENT'
      ? 'there is no such file'
      : errno === 'EACCES' || errno === 'EPERM'
        ? 'permission denied'
        : errno === 'EISDIR'
          ? 'it is a folder'
          : errno || 'it could not be read';
  return new ConsoleError('FILE_UNREADABLE', `Could not ${what}: ${path}: ${reason}.`);
}
