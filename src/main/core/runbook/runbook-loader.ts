import { readFile } from 'node:fs/promises';
import { ConsoleError } from '../../../shared/errors';
import { parseRunbook, type Runbook } from '../../../shared/runbook';

export const RunbookErrorCode = {
  invalid: 'RUNBOOK_INVALID',
  unreadable: 'RUNBOOK_UNREADABLE',
} as const;

/** Larger than any plausible runbook; keeps a wrong path (a disk image, say) from being read whole. */
const MAX_RUNBOOK_BYTES = 2 * 1024 * 1024;

/** Checks runbook data; refuses it with every issue as `sections[3].steps[1].command: unknown command id "foo"`. */
export function validateRunbook(data: unknown, origin: string): Runbook {
  const parsed = parseRunbook(data);
  if (parsed.ok) return parsed.runbook;
  const first = parsed.issues[0]!;
  const more = parsed.issues.length > 1 ? ` (and ${parsed.issues.length - 1} more)` : '';
  throw new ConsoleError(RunbookErrorCode.invalid, `${origin} is not a valid runbook: ${first.path}: ${first.message}${more}`, parsed.issues);
}

/** Reads and validates a runbook file the operator pointed at. */
export async function loadRunbookFile(path: string): Promise<Runbook> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.byteLength > MAX_RUNBOOK_BYTES) throw new ConsoleError(RunbookErrorCode.unreadable, `${path} is ${bytes.byteLength} bytes; a runbook is at most ${MAX_RUNBOOK_BYTES}`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof ConsoleError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConsoleError(RunbookErrorCode.unreadable, `Cannot read ${path}: ${reason}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConsoleError(RunbookErrorCode.invalid, `${path} is not JSON: ${(error as Error).message}`, [{ path: '(file)', message: (error as Error).message }]);
  }
  return validateRunbook(data, path);
}
