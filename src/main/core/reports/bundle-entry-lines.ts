import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { asciiJsonText } from './ascii-json-text';

/**
 * A bundle file in the layout the console exports (timeline-bundle.ts, withEntryLines): the header
 * indented, then `"entries": [`, one entry per line, and the array and object closed. Read in this
 * layout, a bundle of any size is verified line by line and in parts at once, where a whole file
 * parsed as one text stops at what one string holds (bench/README.md).
 */
export interface EntryLinesLayout {
  /** The bundle without its entries: the header parsed, `entries` an empty array. */
  header: Record<string, unknown>;
  /** The bytes of the entry lines: after the array's opening line, up to the newline before it closes. */
  start: number;
  end: number;
}

const OPENING = '\n  "entries": [\n';
const CLOSING = '\n  ]\n}\n';
/** The most header a bundle's file is read for: the devices' keys and the chain heads, a few kilobytes. */
const HEADER_MAX_BYTES = 1 << 20;
/** Bytes read at once; a longer line makes the buffer grow to hold it. */
const CHUNK_BYTES = 8 << 20;
/** Longer than any entry the console writes (its outputs are capped): beyond it the file is read the other way. */
const LINE_MAX_BYTES = 256 << 20;
const NEWLINE = 0x0a;
/** Stands where the entries were while the header is parsed. */
const SENTINEL = '\u0000entries';

/**
 * The file opened to read without waiting for a writer (a named pipe swapped in would otherwise
 * hold the open), or NotEntryLines when what is there now is not a regular file.
 */
export function openRegularFile(path: string): number {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  if (fstatSync(fd).isFile()) return fd;
  closeSync(fd);
  throw new NotEntryLines('not a regular file');
}

/** The file is not in the exported layout (or not JSON): the caller verifies it as one text, which says what it is. */
export class NotEntryLines extends Error {}

/**
 * The layout of the file at `fd` (`size` bytes), or undefined when it is not the exported one. The
 * header with a sentinel where the entries were, and one brace to close it, must parse as JSON and
 * give the sentinel as its `entries`: then the entry lines are the value of the top-level object's
 * last key, which is the `entries` JSON.parse of the whole file takes (of duplicates, the last).
 */
export function entryLinesLayout(fd: number, size: number): EntryLinesLayout | undefined {
  const head = readBytes(fd, 0, Math.min(size, HEADER_MAX_BYTES));
  const opening = head.indexOf(OPENING);
  if (opening < 0 || size < CLOSING.length || readBytes(fd, size - CLOSING.length, size).toString('latin1') !== CLOSING) return undefined;
  const start = opening + OPENING.length;
  const end = size - CLOSING.length;
  if (start > end) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(`${head.subarray(0, opening).toString('utf8')}\n  "entries": ${JSON.stringify(SENTINEL)}\n}`);
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header) || (header as { entries?: unknown }).entries !== SENTINEL) return undefined;
  return { header: { ...header, entries: [] }, start, end };
}

/**
 * Where to start parts of the entry lines so that `count` of them hold about as many bytes each:
 * each part starts at a line's beginning. Fewer parts when there are fewer lines.
 */
export function entryLineParts(fd: number, layout: EntryLinesLayout, count: number): Array<{ start: number; end: number }> {
  const cuts = [layout.start];
  for (let index = 1; index < count; index += 1) {
    const target = layout.start + Math.round(((layout.end - layout.start) * index) / count);
    const next = nextLineStart(fd, Math.max(target, cuts.at(-1)!), layout.end);
    if (next !== undefined && next > cuts.at(-1)! && next < layout.end) cuts.push(next);
  }
  return cuts.map((start, index) => ({ start, end: cuts[index + 1] ?? layout.end }));
}

/**
 * The entry lines between `start` and `end` (a part's bytes, starting at a line), each without the
 * comma that separates it from the next: every line but the last of the entries ends in one
 * (`lastOfEntries` says whether this part's last line is that one). UTF-8 decoded as decoding the
 * whole file decodes it: a line ends at an ASCII newline, where any byte sequence is cut cleanly.
 * Throws NotEntryLines where a separator is missing or left over.
 */
export function* entryLinesIn(fd: number, start: number, end: number, lastOfEntries: boolean): Generator<string> {
  let buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, end - start)));
  let held = 0;
  let at = start;
  let pending: string | undefined;
  for (;;) {
    if (at < end) {
      if (held === buffer.length) {
        if (buffer.length >= LINE_MAX_BYTES) throw new NotEntryLines('an entry line is longer than any the console writes');
        buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      }
      const read = readSync(fd, buffer, held, Math.min(buffer.length - held, end - at), at);
      if (read === 0) throw new NotEntryLines('the file ended early');
      at += read;
      held += read;
    }
    const finished = at >= end;
    // The whole lines read so far, each newline included; at the part's end, whatever is left.
    const cut = finished ? held : buffer.lastIndexOf(NEWLINE, held - 1) + 1;
    for (const line of linesOf(buffer.subarray(0, cut))) {
      if (pending !== undefined) yield withoutSeparator(pending);
      pending = line;
    }
    buffer.copy(buffer, 0, cut, held);
    held -= cut;
    if (finished) break;
  }
  if (pending === undefined) return;
  if (!lastOfEntries) yield withoutSeparator(pending);
  else if (pending.endsWith(',')) throw new NotEntryLines('the last entry line ends in a comma');
  else yield pending;
}

function withoutSeparator(line: string): string {
  if (!line.endsWith(',')) throw new NotEntryLines('an entry line is not followed by a comma');
  return line.slice(0, -1);
}

/**
 * The lines of whole lines' bytes (a newline after the last one is not a line of its own), as
 * ASCII text where that can be made (asciiJsonText: JSON.parse gives each line the same value), so
 * that a "●" in one line does not make the text of every other two bytes a character.
 */
function linesOf(bytes: Buffer): string[] {
  if (bytes.length === 0) return [];
  const whole = bytes.at(-1) === NEWLINE ? bytes.subarray(0, -1) : bytes;
  return (asciiJsonText(whole) ?? whole.toString('utf8')).split('\n');
}

/** How many entry lines there are: the newlines between them, and one. */
export function entryLineCount(fd: number, layout: EntryLinesLayout): number {
  if (layout.start === layout.end) return 0;
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let lines = 1;
  for (let at = layout.start; at < layout.end;) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, layout.end - at), at);
    if (read === 0) throw new NotEntryLines('the file ended early');
    const bytes = buffer.subarray(0, read);
    for (let newline = bytes.indexOf(NEWLINE); newline >= 0; newline = bytes.indexOf(NEWLINE, newline + 1)) lines += 1;
    at += read;
  }
  return lines;
}

/**
 * The entry lines parsed one by one, as an iterator that a walk's early end leaves open (it has no
 * `return`): the lines after the walk's first failure are parsed all the same (`drain`), since a
 * line that is not JSON makes the whole file a failure of its own.
 */
export class ParsedEntryLines implements IterableIterator<unknown> {
  constructor(private readonly lines: Iterator<string>) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<unknown> {
    const line = this.lines.next();
    return line.done ? { done: true, value: undefined } : { done: false, value: JSON.parse(line.value) };
  }

  /** Parses whatever lines are left; throws SyntaxError at one that is not JSON. */
  drain(): void {
    while (!this.next().done);
  }
}

function readBytes(fd: number, from: number, to: number): Buffer {
  const buffer = Buffer.allocUnsafe(to - from);
  let done = 0;
  while (done < buffer.length) {
    const read = readSync(fd, buffer, done, buffer.length - done, from + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done);
}

/** The byte after the first newline at or after `from`, before `end`; undefined when there is none. */
function nextLineStart(fd: number, from: number, end: number): number | undefined {
  const buffer = Buffer.allocUnsafe(64 << 10);
  for (let at = from; at < end;) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
    if (read === 0) return undefined;
    const newline = buffer.subarray(0, read).indexOf(NEWLINE);
    if (newline >= 0) return at + newline + 1;
    at += read;
  }
  return undefined;
}
