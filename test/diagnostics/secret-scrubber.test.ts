import { describe, expect, it } from 'vitest';
import { scrubText, StreamingScrubber } from '../../src/main/core/diagnostics/secret-scrubber';

const PRIVATE_KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACBLANTEDKEYMATERIALxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAAAAJg',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');

/** Each planted secret with the part that must never survive. */
const PLANTED: Array<[string, string]> = [
  ['Authorization: Bearer abc123opaqueTOKENvalue', 'abc123opaqueTOKENvalue'],
  ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.dGhpcy1pcy10aGUtc2ln here', 'eyJzdWIiOiI0MiJ9'],
  ['DATABASE_URL=postgres://powernode:Sup3rS3cret@db:5432/app', 'Sup3rS3cret'],
  ['redis://:r3dispass@cache:6379/1', 'r3dispass'],
  ['PGPASSWORD=pgpass-value psql -h db', 'pgpass-value'],
  ['login password=letmein123 ok', 'letmein123'],
  ['{"password": "json-pass-9"}', 'json-pass-9'],
  ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI'],
  ['key id AKIAIOSFODNN7EXAMPLE in use', 'AKIAIOSFODNN7EXAMPLE'],
  ['gcp AIzaSyA1234567890abcdefghijklmnopqrstuv end', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
  ['"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n"', 'MIIEvQIBADANBg'],
  ['oauth ya29.a0AfH6SMBxxxxxxxxxxxxxxxxxxxxxxx', 'ya29.a0AfH6SMB'],
  ['gh token ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
  [PRIVATE_KEY, 'PLANTEDKEYMATERIAL'],
];

function streamThrough(text: string, chunkSizes: number[]): string {
  const scrubber = new StreamingScrubber();
  let out = '';
  let at = 0;
  let index = 0;
  while (at < text.length) {
    const size = chunkSizes[index++ % chunkSizes.length]!;
    out += scrubber.push(text.slice(at, at + size));
    at += size;
  }
  return out + scrubber.end();
}

describe('secret scrubber', () => {
  it.each(PLANTED)('removes %s', (line, secret) => {
    const out = scrubText(`${line}\n`);
    expect(out).not.toContain(secret);
    expect(out).toContain('REDACTED');
  });

  it('keeps ordinary output untouched', () => {
    const text = ' count | state\n-------+--------\n     3 | active\nPONG\n(2 rows)\n';
    expect(streamThrough(text, [5])).toBe(text);
  });

  it('catches secrets split across chunk boundaries, at every split point', () => {
    const text = `before\n${PLANTED.map(([line]) => line).join('\nsome other line\n')}\nafter\n`;
    for (let split = 1; split < text.length; split += 7) {
      const scrubber = new StreamingScrubber();
      const out = scrubber.push(text.slice(0, split)) + scrubber.push(text.slice(split)) + scrubber.end();
      for (const [, secret] of PLANTED) expect(out, `split at ${split}`).not.toContain(secret);
      expect(out).toContain('before');
      expect(out).toContain('after');
    }
  });

  it('drops a private key block fed one byte at a time', () => {
    const out = streamThrough(`header\n${PRIVATE_KEY}\nfooter\n`, [1]);
    expect(out).toBe('header\n[REDACTED PRIVATE KEY]\nfooter\n');
  });

  it('bounds memory on a huge line without newlines and still scrubs tokens in it', () => {
    const filler = 'x '.repeat(50_000);
    const text = `${filler}password=hidden-in-long-line ${filler}`;
    const out = streamThrough(text, [4096]);
    expect(out).not.toContain('hidden-in-long-line');
    expect(out.length).toBeGreaterThan(190_000);
  });
});
