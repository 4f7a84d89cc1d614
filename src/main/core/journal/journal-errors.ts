import { ConsoleError } from '../../../shared/errors';

/** Codes the UI recognises to explain what is wrong with the journal file. */
export const JournalErrorCode = {
  fromNewerVersion: 'JOURNAL_FROM_NEWER_VERSION',
  notAJournal: 'JOURNAL_NOT_A_JOURNAL',
  corrupt: 'JOURNAL_CORRUPT',
  readOnly: 'JOURNAL_READ_ONLY',
  unavailable: 'JOURNAL_UNAVAILABLE',
  notFound: 'JOURNAL_NOT_FOUND',
  invalidEntry: 'JOURNAL_INVALID_ENTRY',
  writeFailed: 'JOURNAL_WRITE_FAILED',
} as const;

/** Turns SQLite's error codes into a message an operator can act on, naming the file. */
export function journalErrorFromSqlite(error: unknown, path: string, doing: string): ConsoleError {
  const code = (error as { code?: string }).code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_READONLY')) {
    return new ConsoleError(
      JournalErrorCode.readOnly,
      `Could not ${doing}: the journal ${path} is read-only. Nothing was written; make the file writable (or move the data directory) and try again.`,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new ConsoleError(JournalErrorCode.notAJournal, `${path} is not an Incident Console journal (${detail}). The file was left untouched.`);
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new ConsoleError(JournalErrorCode.corrupt, `The journal ${path} is damaged (${detail}). The file was left untouched; keep a copy before repairing it.`);
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
    return new ConsoleError(JournalErrorCode.writeFailed, `Could not ${doing}: the disk holding ${path} failed or is full (${detail}). Nothing was written.`);
  }
  return new ConsoleError(JournalErrorCode.writeFailed, `Could not ${doing} in ${path}: ${detail}`);
}
