import { describe, expect, it } from 'vitest';
import { asciiJsonText } from '../../src/main/core/reports/ascii-json-text';
import { parseBundleBytes } from '../../src/main/core/reports/bundle-verification';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const onlyAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

/** What JSON.parse makes of the file decoded as it is: what the ASCII text must parse to. */
const asDecoded = (bytes: Buffer): unknown => JSON.parse(bytes.toString('utf8'));

describe('a JSON file as ASCII text (asciiJsonText)', () => {
  it('gives a pure-ASCII file back as it is', () => {
    const text = JSON.stringify({ entries: [{ text: 'rolled back deploy 4521', data: {} }] });
    expect(asciiJsonText(utf8(text))).toBe(text);
  });

  it('escapes every non-ASCII character, and the text parses to what the file decoded as UTF-8 does', () => {
    const value = {
      notes: ['Zahlung schlägt fehl', '● checkout-api.service', '€ 1 200 lost', 'on fire 🔥🔥', 'line\u2028separator', 'Ωmega', '日本語のメモ'],
      clé: { naïve: 'é' },
    };
    const bytes = utf8(JSON.stringify(value, null, 2));
    const ascii = asciiJsonText(bytes)!;
    expect(onlyAscii(ascii)).toBe(true);
    expect(ascii).toContain('\\ud83d\\udd25');
    expect(JSON.parse(ascii)).toEqual(value);
  });

  it('gives the same value whichever byte a character starts at, across the blocks it checks', () => {
    for (let padding = 0; padding < 2100; padding += padding > 1000 && padding < 1040 ? 1 : 37) {
      const value = { pad: 'x'.repeat(padding), text: '●é🔥€'.repeat(3), after: 'ok' };
      const ascii = asciiJsonText(utf8(JSON.stringify(value)));
      expect(ascii !== undefined && onlyAscii(ascii), `padding ${padding}`).toBe(true);
      expect(JSON.parse(ascii!), `padding ${padding}`).toEqual(value);
    }
  });

  it('turns bytes that are not UTF-8 into U+FFFD, as decoding the file does', () => {
    const bytes = Buffer.concat([utf8('{"a":"x'), Buffer.from([0xff, 0xe2, 0x82]), utf8('y","b":"'), Buffer.from([0xc3]), utf8('"}')]);
    const ascii = asciiJsonText(bytes)!;
    expect(onlyAscii(ascii)).toBe(true);
    expect(JSON.parse(ascii)).toEqual(asDecoded(bytes));
    expect(JSON.parse(ascii)).toEqual({ a: 'x\ufffd\ufffdy', b: '\ufffd' });
  });

  it('declines a non-ASCII character after a backslash, where an escape would make invalid JSON valid', () => {
    // `"\é"` is not JSON; written `"\\u00e9"` it would be.
    expect(asciiJsonText(utf8('{"a":"\\é"}'))).toBeUndefined();
    expect(asciiJsonText(utf8('{"a":"\\\\é"}'))).toBeUndefined();
  });

  it('declines when the escaped text would be longer than a string may be', () => {
    const bytes = utf8('{"a":"éé"}');
    expect(asciiJsonText(bytes, 20)).toBe('{"a":"\\u00e9\\u00e9"}');
    expect(asciiJsonText(bytes, 19)).toBeUndefined();
    expect(asciiJsonText(utf8('{"a":1}'), 6)).toBeUndefined();
  });
});

describe('a bundle file parsed from its bytes (parseBundleBytes)', () => {
  it('parses what JSON.parse of the decoded file parses, with or without the ASCII text', () => {
    for (const text of ['{"a":"\\\\é","b":[1,"●"]}', '{"a":"●","b":null}', '{"plain":true}']) {
      expect(parseBundleBytes(utf8(text)), text).toEqual({ parsed: true, value: JSON.parse(text) });
    }
  });

  it('reports a file that is not JSON with what JSON.parse says of the file itself, not of its escaped text', () => {
    for (const text of ['{"a": é}', '{"a":"\\é"}', '{"a":"●"', '\ufeff{"a":1}']) {
      let expected: unknown;
      try {
        JSON.parse(text);
      } catch (error) {
        expected = error;
      }
      const parsed = parseBundleBytes(utf8(text));
      expect(parsed.parsed, text).toBe(false);
      expect(String((parsed as { error: unknown }).error), text).toBe(String(expected));
    }
  });
});
