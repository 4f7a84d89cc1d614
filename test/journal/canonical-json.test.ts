import { describe, expect, it } from 'vitest';
import { bodyHash, bodyHashOfJson, canonicalHeader, entryHash, GENESIS_HASH, sha256 } from '../../src/main/core/journal/chain';
import { canonicalJson } from '../../src/main/core/journal/canonical-json';

/**
 * The definition (RFC 8785 as docs/evidence-format.md applies it): keys sorted by UTF-16 code
 * units at every level, written key by key, values as JSON.stringify writes them. For values
 * without integer-like keys ("9", "10") this is exactly the journal's first implementation
 * (JSON.stringify of a key-sorted copy, which lists such keys first), so existing hashes stand;
 * no entry kind's data has such keys.
 */
function definition(value: unknown): string | undefined {
  if (Array.isArray(value)) return `[${value.map((item) => definition(item) ?? 'null').join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const members = Object.keys(source)
      .sort()
      .flatMap((key) => {
        const text = definition(source[key]);
        return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
      });
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

const header = {
  id: '0b7e6f0e-5d1c-4b8e-9d7a-3c2f1e0d9a8b',
  incidentId: 'c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f',
  seq: 7,
  kind: 'command_run',
  author: 'Zoë "ops" O\'Neil',
  recordedAt: '2026-03-15T09:00:00.123Z',
  occurredAt: null,
  refersTo: null,
};
const body = {
  text: 'line 1\nline 2\t"quoted" \\ back \u0001 ctl \u2028 sep é 🚀',
  data: { z: 1, a: [3, { y: null, b: 'x' }, -0, 1e21, 0.1], é: true, nested: { empty: {}, list: [] } },
};

describe('canonical JSON', () => {
  it('hashes an entry exactly as journals written before it did (vectors from the first implementation)', () => {
    expect(canonicalJson(header)).toBe(
      '{"author":"Zoë \\"ops\\" O\'Neil","id":"0b7e6f0e-5d1c-4b8e-9d7a-3c2f1e0d9a8b","incidentId":"c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f","kind":"command_run","occurredAt":null,"recordedAt":"2026-03-15T09:00:00.123Z","refersTo":null,"seq":7}',
    );
    expect(canonicalJson(body)).toBe(
      '{"data":{"a":[3,{"b":"x","y":null},0,1e+21,0.1],"nested":{"empty":{},"list":[]},"z":1,"é":true},"text":"line 1\\nline 2\\t\\"quoted\\" \\\\ back \\u0001 ctl \u2028 sep é 🚀"}',
    );
    expect(bodyHash(body)).toBe('18253589ca577208c4df0952b8c0b6cc6a1dadde45465e975ab6defb4932e625');
    expect(entryHash('a'.repeat(64), header, bodyHash(body))).toBe('6551fbba19121da08bcef27ebf4a10b8b70c264f47ed2a5b9172290dadf65e07');
    expect(entryHash(GENESIS_HASH, header, bodyHash({ text: '', data: {} }))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sorts integer-like keys as strings, by UTF-16 code units (RFC 8785), not first as a JavaScript object lists them', () => {
    expect(canonicalJson({ a: 1, '9': 'nine', '10': 'ten' })).toBe('{"10":"ten","9":"nine","a":1}');
  });

  it('gives the text of its definition for every kind of value, whatever order the keys were built in', () => {
    const values: unknown[] = [
      null,
      true,
      0,
      -0,
      1.5e-7,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '',
      'plain',
      '"\\\n\r\t\b\f\u0000\u001f\u007f',
      '\ud83d\ude80 pair, lone \ud83d and \ude80',
      [],
      [undefined, () => 1, Symbol('s'), null, [[]]],
      {},
      { b: undefined, a: () => 1, c: Symbol('s'), d: 1 },
      { '2': 'two', '10': 'ten', '01': 'leading zero', '-1': 'negative', '4294967294': 'largest index', '4294967295': 'not an index', a: 1, A: 2, _: 3 },
      JSON.parse('{"__proto__": {"x": 1}, "kept": true}'),
      JSON.parse('{"__proto__": 5, "kept": true}'),
      { nested: { z: [{ b: 1, a: 2 }], y: { d: { c: 'deep' } } } },
      { date: new Date(0), emoji: { '🚀': 1, é: 2, e: 3, Z: 4 } },
    ];
    for (const [index, value] of values.entries()) expect(canonicalJson(value), `value #${index}`).toBe(definition(value));
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    // The same key lists over and over (as a chain's headers are), then a new one: each in its own order.
    for (let i = 0; i < 20; i += 1) expect(canonicalJson({ ...header, seq: i })).toBe(definition({ ...header, seq: i }));
    expect(canonicalJson({ ...header, device: 'laptop-1' })).toBe(definition({ ...header, device: 'laptop-1' }));
  });

  it('writes a header out directly exactly as its definition does, odd characters and nulls included', () => {
    const headers = [
      header,
      { ...header, occurredAt: '2026-03-15T08:59:00.000Z', refersTo: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', seq: 1 },
      { ...header, author: 'tab\there\nnewline \u0000 \ud83d lone \u2028', kind: 'note', seq: 4294967296 },
      { ...header, id: '"quoted"', incidentId: 'back\\slash', recordedAt: '', seq: 0 },
      { ...header, device: 'd7c1f0e2-5b4a-4c3d-9e8f-0a1b2c3d4e5f' },
      { ...header, device: 'odd "device"\n' },
      // Nothing to escape anywhere: written in one go, values between literal quotes.
      { ...header, author: 'alice', device: 'd7c1f0e2-5b4a-4c3d-9e8f-0a1b2c3d4e5f', occurredAt: '2026-03-15T08:59:00.000Z' },
      { ...header, author: 'alice', refersTo: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' },
    ];
    for (const [index, value] of headers.entries()) expect(canonicalHeader(value), `header #${index}`).toBe(definition(value));
  });

  it('hashes a header with nothing to escape, written in one go, and one with odd characters the same way: over its definition', () => {
    const plain = { ...header, author: 'alice', device: 'd7c1f0e2-5b4a-4c3d-9e8f-0a1b2c3d4e5f', refersTo: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' };
    const headers = [
      plain,
      { ...plain, device: undefined, occurredAt: '2026-03-15T08:59:00.000Z', refersTo: null, seq: 1 },
      // One odd character in any one field takes the header off the plain path.
      ...(['author', 'device', 'id', 'incidentId', 'kind', 'occurredAt', 'recordedAt', 'refersTo'] as const).map((field) => ({
        ...plain,
        [field]: 'odd "quote" \u0000',
      })),
    ];
    const [prev, bodyHex] = ['a'.repeat(64), 'b'.repeat(64)];
    for (const [index, value] of headers.entries()) {
      expect(entryHash(prev, value, bodyHex), `header #${index}`).toBe(sha256(`${prev}${definition(JSON.parse(JSON.stringify(value)))}${bodyHex}`));
    }
    for (const text of ['plain words', '', 'tab\there "quoted" \ud83d']) {
      expect(bodyHashOfJson(text, '{"a":1}'), text).toBe(sha256(definition({ data: { a: 1 }, text })!));
    }
  });

  it('refuses what JSON refuses', () => {
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
    expect(canonicalJson(undefined)).toBeUndefined();
  });
});
