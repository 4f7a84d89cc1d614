import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyPairOf, signBytes } from '../../src/main/core/evidence/device-key';
import { statementBytes, statementHash, witnessFingerprint } from '../../src/main/core/evidence/statements';
import { canonicalJson } from '../../src/main/core/journal/canonical-json';
import { bodyHash, entryHash } from '../../src/main/core/journal/chain';
import { CheckpointStatement } from '../../src/shared/evidence-statements';

/**
 * docs/evidence-format.md's test vectors, checked with the `openssl` command-line tool alone (and
 * `base64`/`tail` for bytes), independently of the project's code; then the project's code is
 * held to the same values, so the document describes what the console really does.
 */
const doc = readFileSync(join(import.meta.dirname, '../../docs/evidence-format.md'), 'utf8');
const vectors = new Map([...doc.matchAll(/<!-- vector: ([a-z0-9-]+) -->\n```[a-z]*\n([\s\S]*?)\n```/g)].map((match) => [match[1]!, match[2]!]));
const vector = (name: string): string => {
  const value = vectors.get(name);
  if (value === undefined) throw new Error(`docs/evidence-format.md has no vector ${name}`);
  return value;
};

const dir = mkdtempSync(join(tmpdir(), 'incident-console-vectors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
/** `openssl …` with a shell only for the pipes the document itself shows. */
const sh = (command: string): string => execFileSync('bash', ['-c', command], { cwd: dir, encoding: 'utf8' }).trim();
const opensslSha256 = (path: string): string => sh(`openssl dgst -sha256 -r '${path}' | cut -d' ' -f1`);

describe('the evidence format test vectors, with openssl alone', () => {
  it('has every vector the document promises', () => {
    expect([...vectors.keys()].sort()).toEqual(
      [
        'key-seed-hex',
        'private-key-pem',
        'public-key-pem',
        'public-key-hex',
        'public-key-base64',
        'key-fingerprint',
        'header-jcs',
        'body-jcs',
        'body-hash',
        'prev-hash',
        'entry-hash',
        'statement-jcs',
        'statement-hash',
        'witness',
        'signature-base64',
      ].sort(),
    );
  });

  it('body hash and entry hash are sha256 of the canonical text (openssl dgst -sha256)', () => {
    expect(opensslSha256(file('body.jcs', vector('body-jcs')))).toBe(vector('body-hash'));
    const joined = file('entry.txt', `${vector('prev-hash')}${vector('header-jcs')}${vector('body-hash')}`);
    expect(opensslSha256(joined)).toBe(vector('entry-hash'));
  });

  it('the statement commits to that entry; its hash and witness fingerprint come from openssl dgst', () => {
    expect(JSON.parse(vector('statement-jcs'))).toMatchObject({ headHash: vector('entry-hash'), chainLength: 2, keyFingerprint: vector('key-fingerprint') });
    const hash = opensslSha256(file('statement.jcs', vector('statement-jcs')));
    expect(hash).toBe(vector('statement-hash'));
    expect(vector('witness')).toBe(`IC-${hash.slice(0, 8)}`);
  });

  it('the public key: PEM, raw hex and base64 are one key; its fingerprint is sha256 of the raw 32 bytes', () => {
    const pem = file('public.pem', `${vector('public-key-pem')}\n`);
    expect(sh(`openssl pkey -pubin -in '${pem}' -outform DER | tail -c 32 | od -An -tx1 | tr -d ' \\n'`)).toBe(vector('public-key-hex'));
    expect(sh(`printf '%s' '${vector('public-key-base64')}' | openssl base64 -d -A | od -An -tx1 | tr -d ' \\n'`)).toBe(vector('public-key-hex'));
    expect(sh(`openssl pkey -pubin -in '${pem}' -outform DER | tail -c 32 | openssl dgst -sha256 -r | cut -d' ' -f1`)).toBe(vector('key-fingerprint'));
    // The private key is the seed the document names, and its public half is the key above.
    const privatePem = file('private.pem', `${vector('private-key-pem')}\n`);
    expect(sh(`openssl pkey -in '${privatePem}' -pubout`)).toBe(vector('public-key-pem'));
    expect(sh(`openssl pkey -in '${privatePem}' -outform DER | tail -c 32 | od -An -tx1 | tr -d ' \\n'`)).toBe(vector('key-seed-hex'));
    expect(sh(`printf '%s' 'incident-console evidence-format test vector key (never use it)' | openssl dgst -sha256 -r | cut -d' ' -f1`)).toBe(
      vector('key-seed-hex'),
    );
  });

  it('the signature verifies with openssl pkeyutl -verify -rawin, fails for a statement one byte off, and signing again gives it', () => {
    const pem = file('public.pem', `${vector('public-key-pem')}\n`);
    const statement = file('statement.jcs', vector('statement-jcs'));
    const signature = file('statement.sig', Buffer.from(vector('signature-base64'), 'base64'));
    expect(sh(`openssl pkeyutl -verify -pubin -inkey '${pem}' -rawin -in '${statement}' -sigfile '${signature}'`)).toBe('Signature Verified Successfully');
    const edited = file('edited.jcs', vector('statement-jcs').replace('"chainLength":2', '"chainLength":3'));
    const refused = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', edited, '-sigfile', signature], { encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toContain('Signature Verification Failure');
    const privatePem = file('private.pem', `${vector('private-key-pem')}\n`);
    sh(`openssl pkeyutl -sign -inkey '${privatePem}' -rawin -in '${statement}' -out again.sig`);
    expect(readFileSync(join(dir, 'again.sig')).toString('base64')).toBe(vector('signature-base64'));
  });
});

describe("the console's code gives the document's values", () => {
  it('canonical header and body, body hash, entry hash', () => {
    const header = JSON.parse(vector('header-jcs')) as Parameters<typeof entryHash>[1];
    const body = JSON.parse(vector('body-jcs')) as Parameters<typeof bodyHash>[0];
    // Built in another key order, the canonical form is the same text.
    const shuffled = Object.fromEntries(Object.entries(header).reverse());
    expect(canonicalJson(shuffled)).toBe(vector('header-jcs'));
    expect(canonicalJson({ text: body.text, data: body.data })).toBe(vector('body-jcs'));
    expect(bodyHash(body)).toBe(vector('body-hash'));
    expect(entryHash(vector('prev-hash'), header, vector('body-hash'))).toBe(vector('entry-hash'));
  });

  it('statement bytes, hash, witness, key fingerprint and signature', () => {
    const statement = CheckpointStatement.parse(JSON.parse(vector('statement-jcs')));
    expect(statementBytes(statement).toString('utf8')).toBe(vector('statement-jcs'));
    expect(statementHash(statement)).toBe(vector('statement-hash'));
    expect(witnessFingerprint(statement)).toBe(vector('witness'));
    const pair = keyPairOf(createPrivateKey(`${vector('private-key-pem')}\n`));
    expect(pair.publicKey).toBe(vector('public-key-base64'));
    expect(pair.fingerprint).toBe(vector('key-fingerprint'));
    expect(signBytes(pair.privateKey, statementBytes(statement))).toBe(vector('signature-base64'));
  });
});
