import { constants, isAscii } from 'node:buffer';

/**
 * Bytes checked by one native isAscii call; the bytes of a block that is not ASCII are looked at
 * one by one in JavaScript, so a block is small enough that few are, and big enough that the
 * native calls stay few: most blocks of a bundle hold no non-ASCII byte at all.
 */
const BLOCK = 1024;
const BACKSLASH = 0x5c;

/**
 * A JSON file's UTF-8 bytes as a text of ASCII characters only, each non-ASCII character written
 * as its `\uXXXX` escape, or undefined when that might not be the same JSON. JSON.parse gives the
 * same value either way (outside a string, a non-ASCII character is invalid JSON, and so is its
 * escape), but V8 keeps an ASCII text one byte per character and makes it by copying, where a few
 * "●" of `systemctl` output make a whole bundle's text a two-byte string, decoded character by
 * character and twice the memory (bench/README.md has the figures). Bytes that are not UTF-8
 * become U+FFFD, as a decoding of the whole file makes them: a run of non-ASCII bytes always ends
 * at an ASCII one, so it decodes alone as it does in the file.
 *
 * Undefined when a non-ASCII character follows a backslash (escaping it would turn the invalid
 * `\é` into the valid `\\u00e9`) or when the escaped text would be longer than one string holds:
 * the caller then decodes the file as it is.
 */
export function asciiJsonText(buffer: Buffer, longest = constants.MAX_STRING_LENGTH): string | undefined {
  if (isAscii(buffer)) return buffer.length > longest ? undefined : buffer.toString('latin1');
  const runs = nonAsciiRuns(buffer);
  if (runs === undefined) return undefined;
  let length = buffer.length;
  for (const run of runs) length += run.escaped.length - (run.end - run.start);
  if (length > longest) return undefined;
  // Written into one buffer and made a string once: a string per stretch between runs was as many
  // copies again, and the garbage collector moving them cost most of the time.
  const written = Buffer.allocUnsafe(length);
  let from = 0;
  let to = 0;
  for (const run of runs) {
    to += buffer.copy(written, to, from, run.start);
    to += written.write(run.escaped, to, 'latin1');
    from = run.end;
  }
  buffer.copy(written, to, from);
  return written.toString('latin1');
}

interface NonAsciiRun {
  start: number;
  end: number;
  escaped: string;
}

/** The stretches of bytes at 0x80 or above, each with its characters' escapes; undefined when one follows a backslash. */
function nonAsciiRuns(buffer: Buffer): NonAsciiRun[] | undefined {
  const runs: NonAsciiRun[] = [];
  let scannedTo = 0;
  for (let block = 0; block < buffer.length; block += BLOCK) {
    const blockEnd = Math.min(block + BLOCK, buffer.length);
    if (blockEnd <= scannedTo || isAscii(buffer.subarray(block, blockEnd))) continue;
    // A character's bytes may run past the block's end: a run ends at the next ASCII byte wherever it is.
    for (let at = Math.max(block, scannedTo); at < blockEnd; at += 1) {
      if (buffer[at]! < 0x80) continue;
      if (at > 0 && buffer[at - 1] === BACKSLASH) return undefined;
      let end = at + 1;
      while (end < buffer.length && buffer[end]! >= 0x80) end += 1;
      runs.push({ start: at, end, escaped: escapes(buffer.toString('utf8', at, end)) });
      scannedTo = end;
      at = end - 1;
    }
  }
  return runs;
}

/** Every UTF-16 code unit of a run of non-ASCII characters as a JSON `\u` escape (a pair for a character past U+FFFF). */
function escapes(run: string): string {
  let written = '';
  for (let index = 0; index < run.length; index += 1) written += `\\u${run.charCodeAt(index).toString(16).padStart(4, '0')}`;
  return written;
}
