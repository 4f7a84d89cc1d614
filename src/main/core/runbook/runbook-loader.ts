import { ConsoleError, errorMessage } from '../../../shared/errors';
import { parseRunbook, type Runbook } from '../../../shared/runbook';
import { readRegularFile } from '../files/bounded-read';

/** Larger than any plausible runbook; keeps a wrong path (a disk image, /dev/zero) from being read whole. */
const MAX_RUNBOOK_BYTES = 2 * 1024 * 1024;

/** Checks runbook data; refuses it with every issue as `sections[3].steps[1].command: unknown command id "foo"`. */
export function validateRunbook(data: unknown, origin: string): Runbook {
  const parsed = parseRunbook(data);
  if (parsed.ok) return parsed.runbook;
  const first = parsed.issues[0]!;
  const more = parsed.issues.length > 1 ? ` (and ${parsed.issues.length - 1} more)` : '';
  throw new ConsoleError('RUNBOOK_INVALID', `${origin} is not a valid runbook: ${first.path}: ${first.message}${more}`, parsed.issues);
}

/**
 * Reads and validates a runbook file the operator pointed at: a regular file only, its size
 * checked before a byte is read, the read bounded. The path may be anything the operator typed
 * (/etc/shadow, a FIFO, a disk), so no error quotes the file's content: a JSON error says where,
 * and a JSON file that is not a runbook at all is refused before its fields are listed.
 */
export async function loadRunbookFile(path: string): Promise<Runbook> {
  let text: string;
  try {
    text = readRegularFile(path, MAX_RUNBOOK_BYTES, 'load the runbook').toString('utf8');
  } catch (error) {
    throw new ConsoleError('RUNBOOK_UNREADABLE', errorMessage(error));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const where = syntaxErrorAt(text, error);
    const message = `is not JSON${where ? ` (syntax error at ${where})` : ''}`;
    throw new ConsoleError('RUNBOOK_INVALID', `${path} ${message}.`, [{ path: '(file)', message }]);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || (data as { version?: unknown }).version !== 1) {
    const message = 'is JSON, but not an Incident Console runbook (a runbook is an object with "version": 1)';
    throw new ConsoleError('RUNBOOK_INVALID', `${path} ${message}.`, [{ path: '(file)', message }]);
  }
  return validateRunbook(data, path);
}

/** "line 3, column 17" from V8's JSON error, which may also quote the text around it (never passed on). */
function syntaxErrorAt(text: string, error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return undefined;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}
