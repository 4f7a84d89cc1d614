import { describe, expect, it } from 'vitest';
import { KEY_BLOCK_BEGIN, KEY_BLOCK_END, KEY_MARKER_MAX, LOOKBEHIND_MAX, MAX_SECRET_MATCH, SECRET_RULES } from '../../src/shared/secret-patterns';
import { findSecrets, redactSecrets } from '../../src/shared/secret-redactor';
import { regexShape } from '../support/regex-shape';
import { LOOK_ALIKES, SECRET_CORPUS, WINDOW, leakedFragments, secretWindows } from '../support/secret-corpus';

describe('secret patterns: what streaming relies on', () => {
  it.each(SECRET_RULES.map((rule) => [rule.kind, rule.pattern] as const))('%s: bounded, short lookbehinds, never across a newline', (_kind, pattern) => {
    const shape = regexShape(pattern.source);
    expect(shape.maxLength).toBeLessThanOrEqual(MAX_SECRET_MATCH);
    expect(shape.lookbehindMax).toBeLessThanOrEqual(LOOKBEHIND_MAX);
    expect(shape.newlineMatches).toEqual([]);
    expect(pattern.flags).toContain('g');
    expect(pattern.flags).toContain('d');
  });

  it('every token rule starts with its prefix, so the one prefix gate may skip it', () => {
    const tokenRules = SECRET_RULES.filter((rule) => rule.prefix !== undefined);
    expect(tokenRules.length).toBeGreaterThan(20);
    for (const rule of tokenRules) expect(rule.pattern.source.startsWith(String.raw`\b(?:${rule.prefix})`), rule.kind).toBe(true);
  });

  it('key block markers are shorter than the stretch held back for them', () => {
    for (const marker of [KEY_BLOCK_BEGIN, KEY_BLOCK_END]) expect(regexShape(marker.source).maxLength).toBeLessThan(KEY_MARKER_MAX);
  });

  it('the shape reader itself catches what it guards against', () => {
    expect(regexShape('token=[A-Za-z]+').maxLength).toBe(Infinity);
    expect(regexShape(String.raw`bearer\s{1,8}x`).newlineMatches).toHaveLength(1);
    expect(regexShape(String.raw`[^"]{1,9}`).newlineMatches).toHaveLength(1);
    expect(regexShape(String.raw`(?<=^.{0,300})x`).lookbehindMax).toBe(300);
  });
});

describe('the secret corpus', () => {
  it('holds at least 40 secrets of at least 20 kinds, each long enough to be looked for', () => {
    expect(SECRET_CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(SECRET_CORPUS.map((item) => item.kind)).size).toBeGreaterThanOrEqual(20);
    for (const item of SECRET_CORPUS) {
      expect(item.secrets.length, item.kind).toBeGreaterThan(0);
      for (const secret of item.secrets) {
        expect(secret.length, item.kind).toBeGreaterThanOrEqual(WINDOW);
        expect(item.text, item.kind).toContain(secret);
      }
    }
  });

  it('the leak finder sees a whole secret, a partial one and an escaped one', () => {
    const item = SECRET_CORPUS.find((candidate) => candidate.kind === 'Stripe secret key')!;
    const windows = secretWindows([item]);
    const secret = item.secrets[0]!;
    expect(leakedFragments(`x ${secret} y`, windows)).not.toEqual([]);
    expect(leakedFragments(`[REDACTED]${secret.slice(-WINDOW)}`, windows)).not.toEqual([]);
    expect(leakedFragments(secret.slice(0, 20).toLowerCase(), windows)).not.toEqual([]);
    expect(leakedFragments(`${secret.slice(0, 5)}\\${secret.slice(5, 20)}`, windows)).not.toEqual([]);
    expect(leakedFragments('nothing here', windows)).toEqual([]);
  });
});

describe('redactSecrets and findSecrets (whole texts: notes, one-shot use)', () => {
  it.each(SECRET_CORPUS.map((item) => [item.kind, item] as const))('removes %s', (_kind, item) => {
    const out = redactSecrets(`before\n${item.text}\nafter\n`);
    expect(leakedFragments(out, secretWindows([item]))).toEqual([]);
    expect(out).toContain('[REDACTED');
    expect(out.startsWith('before\n')).toBe(true);
    expect(out.endsWith('\nafter\n')).toBe(true);
    expect(findSecrets(item.text).length).toBeGreaterThan(0);
  });

  it.each(LOOK_ALIKES.map((line) => [line]))('leaves ordinary output alone: %s', (line) => {
    expect(redactSecrets(`${line}\n`)).toBe(`${line}\n`);
    expect(findSecrets(line)).toEqual([]);
  });

  it('keeps what surrounds a secret: the label, the host of a URL, the rest of the line', () => {
    expect(redactSecrets('DATABASE_URL=postgres://powernode:pa/ss@word@db.internal:5432/app ok')).toBe(
      'DATABASE_URL=postgres://powernode:[REDACTED]@db.internal:5432/app ok',
    );
    expect(redactSecrets('login password="with spaces" ok')).toBe('login password="[REDACTED]" ok');
    expect(redactSecrets('mysql -uroot -pS3cretPw -h db app')).toBe('mysql -uroot -p[REDACTED] -h db app');
    expect(redactSecrets('Authorization: Bearer abc123opaqueTOKENvalue')).toBe('Authorization: Bearer [REDACTED]');
  });

  it('names what it found, for the warning before a note is saved', () => {
    const found = findSecrets('deploy with ghp_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6 and password=hunter2hunter2');
    expect(found.map((finding) => finding.kind).sort()).toEqual(['GitHub token', 'password']);
    expect(findSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----')).toEqual([
      { kind: 'private key', count: 1 },
    ]);
  });
});
