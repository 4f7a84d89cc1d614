import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../src/shared/error-codes';
import { CallResult, ConsoleError, ErrorPayload, errorMessage } from '../src/shared/errors';

const ROOT = join(import.meta.dirname, '..');
const REGISTRY_FILE = 'src/shared/error-codes.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

const sources = sourceFiles(join(ROOT, 'src'))
  .filter((path) => path !== REGISTRY_FILE)
  .map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

/**
 * Where src/ gives a failure its code: the first argument of a ConsoleError or PowernodeError (on
 * its line or the next), or a `code:` in an error payload. Comparisons need no scan: `.code` is
 * typed by the registry, so comparing it with a code not in it does not compile.
 */
const PRODUCED = [/new (?:Console|Powernode)Error\(\s*'([A-Z][A-Z0-9_]*)'/g, /\bcode: '([A-Z][A-Z0-9_]*)'/g];

function producedCodes(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const { path, text } of sources) {
    for (const pattern of PRODUCED) {
      for (const match of text.matchAll(pattern)) found.set(match[1]!, [...(found.get(match[1]!) ?? []), path]);
    }
  }
  return found;
}

describe('the error registry (src/shared/error-codes.ts)', () => {
  const registry: readonly string[] = ErrorCode.options;
  const produced = producedCodes();

  it('names every code src/ gives a failure', () => {
    const strangers = [...produced.entries()].filter(([code]) => !registry.includes(code)).map(([code, paths]) => `${code} (${paths.join(', ')})`);
    expect(strangers).toEqual([]);
    // The scan finds what it should: codes of several layers, from constructors and payloads alike.
    expect(produced.get('JOURNAL_DISK_FULL')).toContain('src/main/core/journal/journal-errors.ts');
    expect(produced.get('POWERNODE_TIMEOUT')).toContain('src/main/core/powernode/http-client.ts');
    expect(produced.get('BACKEND_UNREACHABLE')).toContain('src/renderer/src/api/http-transport.ts');
  });

  it('holds no code that nothing in src/ produces', () => {
    expect(registry.filter((code) => !produced.has(code))).toEqual([]);
  });

  it('says, beside each code, when it happens', () => {
    const text = readFileSync(join(ROOT, REGISTRY_FILE), 'utf8');
    const undocumented = registry.filter((code) => !new RegExp(`^\\s*'${code}', // \\S.{10,}$`, 'm').test(text));
    expect(undocumented).toEqual([]);
    expect(new Set(registry).size).toBe(registry.length);
  });

  it('is the only list: no module keeps its own object of codes', () => {
    const objects = sources.filter(({ text }) => /export const \w*(ErrorCode|ErrorCodes)\b/.test(text)).map(({ path }) => path);
    expect(objects).toEqual([]);
  });

  it('turns a thrown value into text one way: errorMessage(), never a copy of it', () => {
    const COPY = /instanceof Error \? \w+\.message : String\(/;
    expect(sources.filter(({ path, text }) => path !== 'src/shared/errors.ts' && COPY.test(text)).map(({ path }) => path)).toEqual([]);
    // The pattern finds the copy it is there to find.
    expect(COPY.test('const text = error instanceof Error ? error.message : String(error);')).toBe(true);
  });
});

describe('an error payload crossing a transport', () => {
  it('keeps a registry code, its message and its issues', () => {
    const payload = { code: 'INVALID_INPUT', message: 'Invalid input for profiles.save: name: bad', issues: [{ path: 'name', message: 'bad' }] };
    expect(ErrorPayload.parse(payload)).toEqual(payload);
    const error = ConsoleError.fromPayload(payload);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject(payload);
  });

  it('turns a code the registry does not know into INTERNAL, keeping the code and the words in the message', () => {
    const answer = CallResult.parse({
      ok: false,
      error: { code: 'QUOTA_EXCEEDED', message: 'Too many exports today', issues: [{ path: 'folder', message: 'x' }] },
    });
    expect(answer).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'QUOTA_EXCEEDED: Too many exports today', issues: [{ path: 'folder', message: 'x' }] },
    });
    expect(ConsoleError.fromPayload({ code: 'QUOTA_EXCEEDED', message: 'Too many exports today' })).toMatchObject({
      code: 'INTERNAL',
      message: 'QUOTA_EXCEEDED: Too many exports today',
    });
  });

  it('that cannot be read at all becomes BAD_RESPONSE, saying what arrived', () => {
    const error = ConsoleError.fromPayload({ status: 500 });
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', message: 'A failure arrived in a form this console cannot read: {"status":500}' });
  });

  it('from anything thrown: a ConsoleError stays itself, anything else is INTERNAL with its words', () => {
    const own = new ConsoleError('HOST_EXISTS', 'A host named "db-1" already exists', [{ path: 'host.name', message: 'Another host has this name' }]);
    expect(ConsoleError.from(own)).toBe(own);
    expect(ConsoleError.from(new TypeError('x is not a function'))).toMatchObject({ code: 'INTERNAL', message: 'x is not a function', issues: undefined });
  });
});

describe('errorMessage: anything thrown, as the text a user reads', () => {
  it('a ConsoleError or an Error: its message', () => {
    expect(errorMessage(new ConsoleError('JOURNAL_READ_ONLY', 'The journal is read-only.'))).toBe('The journal is read-only.');
    expect(errorMessage(new RangeError('Offset out of range'))).toBe('Offset out of range');
    // An Error without words still says what it was.
    expect(errorMessage(new TypeError())).toBe('TypeError');
  });

  it('a string: the string', () => {
    expect(errorMessage('the keychain did not answer')).toBe('the keychain did not answer');
  });

  it('other values: their message, their JSON or their text, never "[object Object]" and never empty', () => {
    expect(errorMessage({ message: 'from a plain object' })).toBe('from a plain object');
    expect(errorMessage({ status: 503, reason: 'busy' })).toBe('{"status":503,"reason":"busy"}');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(Symbol('gone'))).toBe('Symbol(gone)');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const nothing of [undefined, null, '', '   ', new Error(''), circular, {}]) {
      expect(errorMessage(nothing)).not.toMatch(/^\s*$|\[object Object\]/);
    }
    expect(errorMessage(undefined)).toBe('An unknown failure (nothing said what went wrong)');
  });
});
