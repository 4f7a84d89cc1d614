import { describe, expect, it } from 'vitest';
import { MAX_PENDING_LINE, redactSecrets, SecretRedactor } from '../../src/shared/secret-redactor';
import { LOOK_ALIKES, SECRET_CORPUS, leakedFragments, secretWindows, type CorpusItem } from '../support/secret-corpus';

/**
 * The streaming scrubber every command's output goes through. Its promise: the result does not
 * depend on how the output was cut into chunks, so a secret split across two reads, or lying
 * where a very long line is cut, is removed exactly as if it had arrived whole.
 */
function streamThrough(text: string, chunkSizes: number[]): string {
  const redactor = new SecretRedactor();
  let out = '';
  let at = 0;
  let index = 0;
  while (at < text.length) {
    const size = chunkSizes[index++ % chunkSizes.length]!;
    out += redactor.push(text.slice(at, at + size));
    at += size;
  }
  return out + redactor.end();
}

function twoChunks(text: string, split: number): string {
  const redactor = new SecretRedactor();
  return redactor.push(text.slice(0, split)) + redactor.push(text.slice(split)) + redactor.end();
}

/** Deterministic chunk sizes from 1 byte to 5 KiB. */
function chunkings(count: number): number[][] {
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => Array.from({ length: 50 }, () => 1 + Math.floor(next() ** 3 * 5120)));
}

const PRIVATE_KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACBLANTEDKEYMATERIALxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAAAAJg',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');

const filler = (length: number) => 'x '.repeat(Math.ceil(length / 2)).slice(0, length);

/** Where a long line of filler read in pieces of `read` characters is first cut (observed, not assumed). */
function firstCut(read: number): number {
  const redactor = new SecretRedactor();
  const text = filler(4 * MAX_PENDING_LINE);
  for (let at = 0; at < text.length; at += read) {
    const released = redactor.push(text.slice(at, at + read));
    if (released !== '') return released.length;
  }
  throw new Error('a long line was never cut');
}

const READ = 4096;
const FIRST_CUT = firstCut(READ);

/** Every offset across a line; across both ends only for a very long one. */
function sweep(length: number): number[] {
  const all = Array.from({ length: length + 17 }, (_, index) => index - 8);
  return length <= 300 ? all : [...all.slice(0, 150), ...all.slice(-150)];
}

/** Lines that are one line in the corpus but start a line by nature (a config line). */
const startsLine = (item: CorpusItem) => /^password = /.test(item.text);

/** The line of an item that carries its (first) secret. */
function secretLine(item: CorpusItem): string {
  return item.text.split('\n').find((line) => item.secrets.some((secret) => line.includes(secret.slice(0, 8)))) ?? item.text;
}

const corpusText = `before\n${SECRET_CORPUS.map((item) => item.text).join('\n')}\n${LOOK_ALIKES.join('\n')}\nafter\n`;
const allWindows = secretWindows(SECRET_CORPUS);

describe('streaming secret scrubber', () => {
  it('keeps ordinary output untouched, byte for byte, in any chunking', () => {
    const text = `${LOOK_ALIKES.join('\n')}\n`;
    expect(streamThrough(text, [5])).toBe(text);
    expect(streamThrough(text, [1])).toBe(text);
  });

  it('removes every secret of the corpus and keeps every look-alike line, whole', () => {
    const out = redactSecrets(corpusText);
    expect(leakedFragments(out, allWindows)).toEqual([]);
    for (const line of LOOK_ALIKES) expect(out).toContain(`\n${line}\n`);
  });

  it('gives the same result one byte at a time and in 40 random chunkings of the whole corpus', () => {
    const reference = redactSecrets(corpusText);
    expect(streamThrough(corpusText, [1])).toBe(reference);
    for (const sizes of chunkings(40)) expect(streamThrough(corpusText, sizes)).toBe(reference);
  });

  it.each(SECRET_CORPUS.map((item) => [item.kind, item] as const))('%s: the same at every two-chunk split', (_kind, item) => {
    const text = `ok 1\n${item.text}\nok 2\n`;
    const reference = redactSecrets(text);
    expect(leakedFragments(reference, secretWindows([item]))).toEqual([]);
    for (let split = 1; split < text.length; split += 1) {
      const out = twoChunks(text, split);
      if (out !== reference) expect(out, `split at ${split}`).toBe(reference);
    }
  });

  it.each(SECRET_CORPUS.filter((item) => !startsLine(item)).map((item) => [item.kind, item] as const))(
    '%s: removed wherever the long-line cut falls across it',
    (_kind, item) => {
      // Output with no newline for more than MAX_PENDING_LINE is released in pieces. Slide the
      // item's line across the first such cut, one character at a time (for a key block's long
      // JSON line: across its two ends, where the markers are).
      const line = secretLine(item);
      const lineStart = item.text.indexOf(line);
      const windows = secretWindows([item]);
      // Enough to carry the line past MAX_PENDING_LINE, where the cut is made.
      const tail = ' x'.repeat((MAX_PENDING_LINE + READ - FIRST_CUT) / 2);
      const offsets = sweep(line.length);
      for (const cutInLine of offsets) {
        const lead = `${filler(FIRST_CUT - lineStart - cutInLine - 1)} `;
        const text = `${lead}${item.text}${tail}`;
        const out = streamThrough(text, [READ]);
        // Nothing before the item was touched, so only the rest needs reading.
        expect(out.startsWith(lead), `cut at ${cutInLine}`).toBe(true);
        const leaks = leakedFragments(out.slice(lead.length), windows);
        if (leaks.length > 0) expect(leaks, `cut ${cutInLine} characters into the line`).toEqual([]);
      }
      // And the pieces add up to what the whole text gives.
      const text = `${filler(FIRST_CUT - lineStart - Math.floor(line.length / 2) - 1)} ${item.text}${tail}`;
      expect(streamThrough(text, [READ])).toBe(redactSecrets(text));
    },
  );

  it('the two leaks of the old cut (Bearer <token>, password = x) hold at every offset, in any read size', () => {
    const failures: string[] = [];
    for (const [secretText, secret] of [
      ['Authorization: Bearer abc123opaqueTOKENvalue', 'abc123opaqueTOKENvalue'],
      ['retry password = hunter2pass now', 'hunter2pass'],
    ] as const) {
      for (const read of [1000, 4096, 65536]) {
        const cut = firstCut(read);
        for (let offset = cut - secretText.length - 8; offset <= cut + 8; offset += 1) {
          const out = streamThrough(`${filler(offset)}${secretText}${' y'.repeat(40_000)}`, [read]);
          if (out.includes(secret.slice(0, 6)) || out.includes(secret.slice(-6))) failures.push(`${secret} at ${offset} in reads of ${read}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('drops a private key block fed one byte at a time, and says so when it never ends', () => {
    expect(streamThrough(`header\n${PRIVATE_KEY}\nfooter\n`, [1])).toBe('header\n[REDACTED PRIVATE KEY]\nfooter\n');
    const unterminated = streamThrough(`header\n${PRIVATE_KEY.split('\n').slice(0, 3).join('\n')}\nmore output\n`, [7]);
    expect(unterminated).toMatch(/^header\n\[REDACTED PRIVATE KEY\]\n\[\d+ characters withheld after a private key with no END line\]\n$/);
    expect(unterminated).not.toContain('LANTEDKEYMATERIAL');
  });

  it('never cuts a long line between the halves of an emoji', () => {
    const text = `${'🚒'.repeat(3 * MAX_PENDING_LINE)}\n`;
    const redactor = new SecretRedactor();
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += 4095) pieces.push(redactor.push(text.slice(at, at + 4095)));
    pieces.push(redactor.end());
    expect(pieces.filter((piece) => piece !== '').length).toBeGreaterThan(2);
    for (const piece of pieces) expect(piece).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    expect(pieces.join('')).toBe(text);
  });

  it('keeps releasing a huge line without newlines (memory stays bounded) and still scrubs in it', () => {
    const redactor = new SecretRedactor();
    let released = 0;
    let fed = 0;
    for (let index = 0; index < 400; index += 1) {
      const piece = index === 200 ? 'password=hidden-in-long-line ' : 'x '.repeat(2048);
      fed += piece.length;
      const out = redactor.push(piece);
      expect(out).not.toContain('hidden-in-long-line');
      released += out.length;
      // What is held back never grows past one long-line cut.
      expect(fed - released, `after ${index + 1} reads`).toBeLessThanOrEqual(MAX_PENDING_LINE + 4096);
    }
    expect(redactor.end()).not.toContain('hidden-in-long-line');
  });
});
