import { execFileSync, spawnSync } from 'node:child_process';
import { constants } from 'node:buffer';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/main/core/reports/bundle-verification';
import type { BundleEntry, TimelineBundle } from '../../src/main/core/reports/timeline-bundle';
import { unsignedBundle } from '../support/unsigned-bundle';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';
import { SAMPLE_CLOCK_START, writeSampleIncident } from '../support/sample-incident';

/** A different value of the same field: one character changed, a number moved, a null filled, a key added. */
function tamper(value: unknown): unknown {
  if (typeof value === 'string') return value.length === 0 ? 'x' : `${value.slice(0, -1)}${value.endsWith('a') ? 'b' : 'a'}`;
  if (typeof value === 'number') return value + 1;
  if (value === null) return 'x';
  if (Array.isArray(value)) return value.length === 0 ? ['x'] : [tamper(value[0]), ...value.slice(1)];
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0) return { x: 1 };
  return { ...record, [keys[0]!]: tamper(record[keys[0]!]) };
}

describe('timeline bundle verification', () => {
  let fixture: JournalFixture;
  let bundle: TimelineBundle;
  let dir: string;

  beforeAll(() => {
    fixture = createJournalFixture('alice');
    fixture.clock.advance(SAMPLE_CLOCK_START.getTime() - fixture.clock.now().getTime());
    const incident = writeSampleIncident(fixture.journal, fixture.clock, { withWriteUp: true });
    // A redaction drops a body; the bundle must still verify, and still catch a forged body there.
    const secret = fixture.journal.append(incident.id, { kind: 'note', text: 'pasted a token by mistake', data: {} });
    fixture.journal.append(incident.id, { kind: 'redaction', text: 'token pasted', data: {}, refersTo: secret.id });
    fixture.journal.append(incident.id, { kind: 'note', text: 'after the redaction', data: {} });
    // Text beyond ASCII: npm run verify reads such a file through its ASCII-escaped text (asciiJsonText).
    fixture.journal.append(incident.id, { kind: 'note', text: 'Kunde in Zürich: Zahlung schlägt fehl ● 🔥', data: {} });
    bundle = unsignedBundle(fixture.journal, incident.id, fixture.clock.now().toISOString());
    dir = mkdtempSync(join(tmpdir(), 'incident-console-bundle-'));
  });
  afterAll(() => {
    fixture.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies as exported, with the same head the journal reports (with limits: nothing here is signed)', () => {
    const journalHead = fixture.journal.verify(bundle.incident.id).headHash;
    expect(verifyBundle(JSON.parse(JSON.stringify(bundle)))).toMatchObject({
      verdict: 'limited',
      failure: null,
      chain: { verified: bundle.entries.length, head: journalHead },
      exportCheckpoint: { because: expect.any(String) },
    });
    expect(bundle.entries.some((entry) => entry.text === null)).toBe(true);
  });

  it('fails and names the entry when any field of any entry is changed', () => {
    let cases = 0;
    for (const [index, entry] of bundle.entries.entries()) {
      for (const field of Object.keys(entry) as Array<keyof BundleEntry>) {
        const copy = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
        (copy.entries[index] as unknown as Record<string, unknown>)[field] = tamper(entry[field]);
        const result = verifyBundle(copy);
        expect(result.verdict, `entry ${index + 1}, field ${field}`).toBe('failed');
        expect(result.failure?.position, `entry ${index + 1}, field ${field}: ${JSON.stringify(result.failure)}`).toBe(index + 1);
        cases += 1;
      }
    }
    expect(cases).toBe(bundle.entries.length * 13);
  });

  it('fails when an entry is removed, reordered or the head is swapped', () => {
    const dropped = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
    dropped.entries.splice(3, 1);
    expect(verifyBundle(dropped).failure?.position).toBe(4);

    const truncated = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
    truncated.entries.pop();
    truncated.chains[0]!.entryCount -= 1;
    expect(verifyBundle(truncated)).toMatchObject({ verdict: 'failed', failure: { check: 'chains', reason: expect.stringMatching(/chain head/) } });

    const swapped = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
    [swapped.entries[4], swapped.entries[5]] = [swapped.entries[5]!, swapped.entries[4]!];
    expect(verifyBundle(swapped).failure?.position).toBe(5);
  });

  it('npm run verify says what verified and what is not proven for a good bundle, and names the first broken entry with exit 1', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(bundle));
    const out = execFileSync('npm', ['run', '--silent', 'verify', '--', good], { encoding: 'utf8' });
    expect(out).toMatch(/^VERIFIED, WITH LIMITS: incident "Checkout API returning 500s"/);
    expect(out).toContain(`Entries 1–${bundle.entries.length} form an unbroken hash chain`);
    expect(out).toContain('No checkpoint here is signed');

    const bad = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
    bad.entries[6]!.text = `${bad.entries[6]!.text ?? ''} (edited)`;
    const badPath = join(dir, 'bad.json');
    writeFileSync(badPath, JSON.stringify(bad));
    const run = spawnSync('npm', ['run', '--silent', 'verify', '--', badPath], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`First failure: Entry #7, id ${bad.entries[6]!.id}: body does not match its hash`);
  });

  it('npm run verify checks text beyond ASCII as written: one letter changed there is named', () => {
    const last = bundle.entries.length - 1;
    expect(bundle.entries[last]!.text).toContain('schlägt');
    const bad = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
    bad.entries[last]!.text = bad.entries[last]!.text!.replace('schlägt', 'schlagt');
    const badPath = join(dir, 'bad-letter.json');
    writeFileSync(badPath, JSON.stringify(bad));
    const run = spawnSync('npm', ['run', '--silent', 'verify', '--', badPath], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`First failure: Entry #${last + 1}, id ${bad.entries[last]!.id}: body does not match its hash`);
  });

  it('npm run verify names a file cut short as not JSON, with exit 1', () => {
    const text = JSON.stringify(bundle);
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
    const run = spawnSync('npm', ['run', '--silent', 'verify', '--', cut], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/First failure: The file is not JSON: .+ \[bundle\.json\]/);
  });

  it('npm run verify says a file too big for one string is too big, rather than that it cannot be read', () => {
    // Sparse: a file one byte longer than the longest string, without writing half a gigabyte.
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, constants.MAX_STRING_LENGTH + 1);
    const run = spawnSync('npm', ['run', '--silent', 'verify', '--', huge], { encoding: 'utf8' });
    rmSync(huge);
    expect(run.status).toBe(1);
    const megabytes = ((constants.MAX_STRING_LENGTH + 1) / 1e6).toFixed(0);
    const longest = constants.MAX_STRING_LENGTH.toLocaleString('en-US');
    expect(run.stderr).toContain(
      `${huge} is ${megabytes} MB: more text than Node.js holds in one string (${longest} characters), so it cannot be verified in one pass, and it is not a bundle as the console writes one (one entry per line, each of them JSON), which is verified line by line at any size. Nothing was verified.`,
    );
    expect(run.stderr).not.toContain('Cannot read');
  });

  it('npm run verify says the same of a file too big for one buffer (2 GiB)', () => {
    const huge = join(dir, 'huge-2gib.json');
    writeFileSync(huge, '');
    truncateSync(huge, 2 ** 31);
    const run = spawnSync('npm', ['run', '--silent', 'verify', '--', huge], { encoding: 'utf8' });
    rmSync(huge);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${huge} is ${(2 ** 31 / 1e6).toFixed(0)} MB: more text than Node.js holds in one string`);
    expect(run.stderr).not.toContain('Cannot read');
  });
});
