import { z } from 'zod';

/**
 * Every code a failure can carry, in one place: `ConsoleError` takes only these, and an error that
 * crosses a transport is parsed by this list (a code it does not name becomes INTERNAL, its text
 * kept). A code says in one word what the UI can act on; the message says the rest in plain words.
 * test/error-registry.test.ts checks that every code here is used in src/ and every code used is here.
 */
export const ErrorCode = z.enum([
  // The transports and the door they share (dispatch, IPC, browser mode, the renderer's client).
  'INVALID_INPUT', // a call's input failed the contract's schema (`issues` name the fields), or browser mode could not read the request
  'UNKNOWN_METHOD', // a call named a method the contract does not have
  'INVALID_OUTPUT', // a handler answered something its output schema refuses (a bug in main)
  'INTERNAL', // something failed that has no code of its own (a bug), or an answer carried a code this version does not know
  'UNAUTHORIZED', // browser mode: the console token is missing or wrong
  'FORBIDDEN', // a call from an untrusted frame, or a request with a foreign Host or Origin
  'NOT_FOUND', // browser mode: no such file in the built renderer
  'BAD_RESPONSE', // the renderer got an answer from the backend it cannot read
  'BACKEND_UNREACHABLE', // the renderer got no answer at all (browser mode's server is gone)

  // Files the console reads and writes.
  'FILE_DISK_FULL', // a save found the disk full or over quota; the old file is intact
  'FILE_READ_ONLY', // a save met a read-only file system
  'FILE_PERMISSION_DENIED', // a save was refused by the folder's or file's permissions
  'FILE_WRITE_FAILED', // a save failed for any other reason (an I/O error, a folder where the file should be)
  'FILE_NOT_REGULAR', // a file to read is a folder, FIFO or device
  'FILE_TOO_LARGE', // a file to read is larger than the console reads of its kind
  'FILE_UNREADABLE', // a file to read is missing or may not be read
  'DATA_DIR_IN_USE', // another console holds the data directory's lock
  'DATA_DIR_UNUSABLE', // the data directory cannot be created
  'NATIVE_MODULE_MISSING', // the desktop app finds no SQLite module built for its Electron

  // The journal.
  'JOURNAL_FROM_NEWER_VERSION', // the journal's schema is newer than this console knows
  'JOURNAL_NOT_A_JOURNAL', // the file is not an Incident Console journal (another program's, or its header is damaged)
  'JOURNAL_CORRUPT', // SQLite cannot read the journal at all
  'JOURNAL_DAMAGED', // SQLite's check found damage: the journal is open read-only and never written to
  'JOURNAL_READ_ONLY', // the journal's file or disk cannot be written
  'JOURNAL_UNAVAILABLE', // the journal could not be opened, for a reason without a code of its own
  'JOURNAL_NOT_FOUND', // no incident or entry with that id in this journal
  'JOURNAL_INVALID_ENTRY', // an entry the journal's rules refuse (malformed data, a bad reference, a start in the future)
  'JOURNAL_DISK_FULL', // the disk holding the journal is full; nothing was recorded
  'JOURNAL_WRITE_FAILED', // the journal could not be written (an I/O error)
  'JOURNAL_NOT_REPLACEABLE', // "start a new journal" was asked of a journal that is fine

  // The runbook and triage.
  'RUNBOOK_INVALID', // a runbook is not JSON, or not one this console accepts (`issues` name the fields)
  'RUNBOOK_UNREADABLE', // the runbook file cannot be read
  'REASON_REQUIRED', // a severity change or under-call was asked without the reason the journal needs
  'SEVERITY_UNCHANGED', // the incident already has that severity
  'TRIAGE_INCOMPLETE', // a severity was set from triage answers that do not reach one
  'ALREADY_ACKNOWLEDGED', // the incident was acknowledged before
  'UNKNOWN_STEP', // a checklist step the runbook does not have
  'BAD_TIME', // a backdated severity lies in the future or before the previous change

  // Post-mortem, exports and updates.
  'REPORTS_BAD_FOLDER', // an export folder given as a relative path
  'POSTMORTEM_UNKNOWN_ITEM', // an action item that is not part of the incident
  'PDF_TOO_LARGE', // the post-mortem page is too large to print to PDF

  // Diagnostics.
  'CATALOG_INVALID', // the command catalog does not pass its schema
  'UNKNOWN_COMMAND', // a command id the catalog does not have
  'INVALID_PARAMS', // a command's parameters are missing or refused by their kind (`issues` name them)
  'HOST_NOT_FOUND', // no host with that name
  'HOST_EXISTS', // a host renamed onto a name another host has
  'CONFIRMATION_REQUIRED', // a command that changes a system was sent without its confirmation for that host
  'DIAGNOSTICS_TIMEOUT_TOO_LONG', // a timeout longer than the command may run
  'DIAGNOSTICS_BUSY', // too many commands are running and waiting to start another
  'RUN_NOT_FOUND', // no run with that id in this session
  'COMMAND_NOT_STARTED', // the operating system refused to start a command's program

  // The keychain.
  'KEYCHAIN_UNAVAILABLE', // there is no OS keychain here (no library, no Secret Service, locked), so nothing can be remembered
  'KEYCHAIN_FAILED', // the keychain was there but failed to read, store or delete a secret

  // Evidence (device key, checkpoints).
  'EVIDENCE_UNSIGNED', // a key rotation was asked for while this run has no device key (no keychain)

  // Roles and handover (the Team screen).
  'ROLE_UNCHANGED', // the responder already holds that role (or command)
  'ROLE_NOT_HELD', // a role was to be taken from a responder who does not hold it
  'COMMAND_HELD', // a commander was assigned while someone holds command: that is a handover
  // Several responders (issue 17: chains per device, responder bundles, joining an incident).
  'CHAINS_REFUSED', // chains offered for import do not verify (a changed entry, a bad signature, a foreign incident): nothing was imported
  'BUNDLE_INVALID', // a responder bundle or join code that is not one (damaged, cut short, another format): nothing was changed
  'DEVICE_UNKNOWN', // an exchange needs this console's device id, and it has none

  // Powernode.
  'POWERNODE_WRONG_PASSWORD', // the login's email or password is wrong
  'POWERNODE_ACCOUNT_LOCKED', // the account is locked after too many wrong passwords
  'POWERNODE_ACCOUNT_DISABLED', // the login was refused because the account is suspended or inactive
  'POWERNODE_2FA_FAILED', // the 2FA code was wrong, expired, or its login step too old
  'POWERNODE_PERMISSION_DENIED', // a 403: the user may not do this
  'POWERNODE_CONFLICT', // a 409 (already halted, not halted)
  'POWERNODE_RATE_LIMITED', // a 429, or a request held back while its window lasts
  'POWERNODE_SERVER_ERROR', // a 5xx: the action may or may not have happened
  'POWERNODE_TIMEOUT', // no connection, no answer or no more of it within its timeout
  'POWERNODE_CONNECTION_REFUSED', // nothing listens at the base URL, or a firewall rejects it
  'POWERNODE_DNS_FAILURE', // the base URL's host name cannot be resolved
  'POWERNODE_NETWORK_ERROR', // the connection broke, or failed in a way not named above
  'POWERNODE_MALFORMED_ANSWER', // an answer this console cannot read (or too large): the outcome is unknown
  'POWERNODE_UNAUTHORIZED', // a 401 on a call (a refresh may cure it)
  'POWERNODE_LOGIN_REQUIRED', // the session has ended and the refresh was refused: log in again
  'POWERNODE_ACCESS_REFUSED', // a lasting 401 (account suspended, user inactive…): logging in again does not help
  'POWERNODE_NOT_FOUND', // a 404 from Powernode
  'POWERNODE_REJECTED', // any other 4xx (a 422 on halt, say)
  'POWERNODE_NOT_LOGGED_IN', // a call to a profile without a session or a stored refresh token
  'POWERNODE_UNKNOWN_PROFILE', // no Powernode profile with that name
  'POWERNODE_NO_2FA_PENDING', // a 2FA code with no login waiting for one

  // Team sync (one PostgreSQL database).
  'SYNC_CONNECTION_STRING_INVALID', // the team database connection string cannot be read as postgres://user@host/database
  'SYNC_TLS_REQUIRED', // a connection string to a host that is not loopback without sslmode=require or verify-full
  'SYNC_SCHEMA_NEWER', // the team database's schema is newer than this console knows: it is not written to
  'SYNC_DATABASE_FAILED', // the team database could not be reached or refused a query (the words say which)
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Whether a string is one of the registry's codes (an answer from another version may carry others). */
export function isErrorCode(code: string): code is ErrorCode {
  return ErrorCode.safeParse(code).success;
}
