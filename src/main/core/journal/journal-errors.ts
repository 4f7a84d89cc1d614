import { ConsoleError } from '../../../shared/errors';

/** Codes the UI recognises to explain what is wrong with the journal file. */
export const JournalErrorCode = {
  fromNewerVersion: 'JOURNAL_FROM_NEWER_VERSION',
  notAJournal: 'JOURNAL_NOT_A_JOURNAL',
  /** The file cannot be read at all (its schema or header is damaged). */
  corrupt: 'JOURNAL_CORRUPT',
  /** SQLite's check found damage: the journal is open read-only and never written to. */
  damaged: 'JOURNAL_DAMAGED',
  readOnly: 'JOURNAL_READ_ONLY',
  unavailable: 'JOURNAL_UNAVAILABLE',
  notFound: 'JOURNAL_NOT_FOUND',
  invalidEntry: 'JOURNAL_INVALID_ENTRY',
  diskFull: 'JOURNAL_DISK_FULL',
  writeFailed: 'JOURNAL_WRITE_FAILED',
  /** "Start a new journal" was asked of a journal that is fine. */
  notReplaceable: 'JOURNAL_NOT_REPLACEABLE',
} as const;

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
  const detail = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_READONLY')) {
    return new ConsoleError(
      JournalErrorCode.readOnly,
      `Could not ${doing}: the journal ${path} is read-only. Nothing was written; make the file writable (or move the data directory) and try again.`,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new ConsoleError(
      JournalErrorCode.notAJournal,
      `${path} is not a database Incident Console can read (${detail}): another program's file, or a journal whose first bytes were damaged.`,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new ConsoleError(JournalErrorCode.corrupt, `Could not ${doing}: the journal ${path} is damaged (${detail}).`);
  }
  if (code === 'SQLITE_FULL') {
    // SQLite rolled the transaction back: the entry is not in the journal.
    return new ConsoleError(
      JournalErrorCode.diskFull,
      `Could not ${doing}: the disk holding ${path} is full. Nothing was recorded; free some space and try again.`,
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new ConsoleError(JournalErrorCode.writeFailed, `Could not ${doing}: the disk holding ${path} failed (${detail}).`);
  }
  return new ConsoleError(JournalErrorCode.writeFailed, `Could not ${doing} in ${path}: ${detail}`);
}
