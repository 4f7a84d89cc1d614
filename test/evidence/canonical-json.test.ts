import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/main/core/journal/canonical-json';
import { canonicalJson as standaloneCanonicalJson } from '../../resources/verifier/verify-core.mjs';

/**
 * RFC 8785 (JCS) examples that apply to what the journal hashes: key order by UTF-16 code units
 * (section 3.2.3) and string escaping and literals (section 3.2.2). The journal's canonical JSON
 * and the standalone verifier's, written apart, must both give the RFC's bytes.
 */
const implementations = [
  ['the journal', canonicalJson],
  ['the standalone verifier', standaloneCanonicalJson],
] as const;

describe.each(implementations)('canonical JSON of %s is RFC 8785', (_name, canonical) => {
  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3), not by code point or locale', () => {
    const value = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    ) as unknown;
    // The RFC's order: "\r" before "1" (a JavaScript object would list the integer-like key first),
    // and the emoji (surrogates D83D DE00) before U+FB33 by code unit, though after it by code point.
    expect(canonical(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes strings and literals as the RFC does (§3.2.2), with no whitespace', () => {
    const value = JSON.parse('{ "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false] }') as unknown;
    expect(canonical(value)).toBe('{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('writes the integers a header holds in their shortest form, and sorts nested objects too', () => {
    expect(canonical({ b: { d: 1, c: [{ z: 0, y: -0 }] }, a: 1e21, seq: 412 })).toBe('{"a":1e+21,"b":{"c":[{"y":0,"z":0}],"d":1},"seq":412}');
  });

  it('leaves out a field that is absent, as an entry from before devices has no device', () => {
    expect(canonical({ id: 'x', device: undefined })).toBe('{"id":"x"}');
  });
});
