import { ConsoleError, errorMessage } from '../../../shared/errors';

/** What the operator can do with a journal that is damaged: said wherever the damage is. */
export const DAMAGED_JOURNAL_ADVICE =
  'What you can do: export what is readable (Post-mortem screen, one incident at a time), then start a new journal beside it; the damaged file stays where it is, byte for byte.';

export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/**
 * Turns SQLite's error codes into a message an operator can act on, naming the file. It says only
 * what the error shows; what happened to the file is for the caller to add when it knows.
 */
export function journalErrorFromSqlite(error: unknown, path: string, doing: string): ConsoleError {
  const code = (error as { code?: string }).code ?? '';
  const detail = errorMessage(error);
  if (code.startsWith('SQLITE_READONLY')) {
    return new ConsoleError(
      'JOURNAL_READ_ONLY',
      `Could not ${doing}: the journal ${path} is read-only. Nothing was written; make the file writable (or move the data directory) and try again.`,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new ConsoleError(
      'JOURNAL_NOT_A_JOURNAL',
      `${path} is not a database Incident Console can read (${detail}): another program's file, or a journal whose first bytes were damaged.`,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new ConsoleError('JOURNAL_CORRUPT', `Could not ${doing}: the journal ${path} is damaged (${detail}).`);
  }
  if (code === 'SQLITE_FULL') {
    // SQLite rolled the transaction back: the entry is not in the journal.
    return new ConsoleError('JOURNAL_DISK_FULL', `Could not ${doing}: the disk holding ${path} is full. Nothing was recorded; free some space and try again.`);
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new ConsoleError('JOURNAL_WRITE_FAILED', `Could not ${doing}: the disk holding ${path} failed (${detail}).`);
  }
  return new ConsoleError('JOURNAL_WRITE_FAILED', `Could not ${doing} in ${path}: ${detail}`);
}
