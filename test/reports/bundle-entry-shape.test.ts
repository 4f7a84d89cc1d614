import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash, entryHeaderOf } from '../../src/main/core/journal/chain';
import { verifyBundle } from '../../src/main/core/reports/bundle-verification';
import { ENTRY_FIELDS, quickEntry } from '../../src/main/core/reports/bundle-entry-quick-shape';
import { BundleEntryV1, BundleEntryV2 } from '../../src/main/core/reports/bundle-shapes';
import type { TimelineBundle } from '../../src/main/core/reports/timeline-bundle';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';
import { unsignedBundle } from '../support/unsigned-bundle';

/** Values of every JSON type and a few that only an object built in memory can hold. */
const VALUES: unknown[] = ['', 'x', 0, 7, 1.5, 2 ** 60, -1, true, null, undefined, {}, [], ['x'], { a: 1 }, Object.create(null), new Date(0), 'a'.repeat(64)];

const DIGESTS = ['hash', 'prevHash', 'bodyHash'];

describe('the quick shape check of a bundle entry', () => {
  let fixture: JournalFixture;
  let bundle: TimelineBundle;
  beforeAll(() => {
    fixture = createJournalFixture('alice');
    const incident = fixture.journal.createIncident({ title: 'Checkout 502s', detectedBy: 'alert' });
    fixture.journal.append(incident.id, { kind: 'severity_changed', text: 'SEV2', data: { from: null, to: 'SEV2' } });
    const pasted = fixture.journal.append(incident.id, { kind: 'note', text: 'pasted a token by mistake', data: {} });
    fixture.journal.append(incident.id, { kind: 'redaction', text: 'token pasted', data: {}, refersTo: pasted.id });
    fixture.journal.append(incident.id, { kind: 'note', text: 'after the redaction', data: {} });
    bundle = unsignedBundle(fixture.journal, incident.id, fixture.clock.now().toISOString());
  });
  afterAll(() => fixture.dispose());

  it('lists the fields the schema lists', () => {
    expect([...ENTRY_FIELDS].sort()).toEqual(Object.keys(BundleEntryV1.shape).sort());
  });

  it('accepts only what the schema accepts (the form of the digests the walk computes aside), whatever any field holds, with or without a device, with its body or redacted', () => {
    const redacted = bundle.entries.find((entry) => entry.text === null)!;
    // The walk computes no body hash for a redacted entry: its bodyHash's form is the quick check's own.
    for (const [base, walkJudges] of [
      [bundle.entries.at(-1)!, DIGESTS as string[]],
      [redacted, ['hash', 'prevHash'] as string[]],
    ] as const) {
      // Only shapes are compared here, not hashes: the entry is given a device of its own.
      const entry: Record<string, unknown> = { ...(JSON.parse(JSON.stringify(base)) as Record<string, unknown>), device: 'device-1' };
      const variants: unknown[] = [null, [], 'entry', 3];
      for (const field of [...Object.keys(entry), 'extra']) {
        for (const value of VALUES) variants.push({ ...entry, [field]: value });
        const without = { ...entry };
        delete without[field];
        variants.push(without);
      }
      let quick = 0;
      for (const variant of variants) {
        for (const [shape, withDevice] of [
          [BundleEntryV2, true],
          [BundleEntryV1, false],
        ] as const) {
          if (quickEntry(variant, withDevice) === undefined) continue;
          quick += 1;
          // The form of those digests is the walk's to judge (next test): any other issue would be one the quick check missed.
          const parsed = shape.safeParse(variant);
          const issues = parsed.success ? [] : parsed.error.issues.filter((issue) => !walkJudges.includes(String(issue.path[0])));
          expect(issues, JSON.stringify(variant)).toEqual([]);
        }
      }
      // It is the common case's check, not one that refuses everything: the entry itself, and one without a device in either version.
      expect(quickEntry(entry, true)).toBe(entry);
      expect(quickEntry({ ...entry, device: undefined }, false)).toBeUndefined();
      const { device: _device, ...older } = entry;
      expect(quickEntry(older, false)).toBe(older);
      expect(quick).toBeGreaterThan(20);
    }
  });

  it('a digest that is not hex, which the quick check leaves to the walk, is still named as malformed', () => {
    for (const field of DIGESTS) {
      const copy = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
      (copy.entries[1] as unknown as Record<string, unknown>)[field] = 'G'.repeat(64);
      expect(verifyBundle(copy).failure, field).toMatchObject({
        check: 'entry.shape',
        reason: `Malformed entry: ${field}: not a sha256 hex digest`,
        position: 2,
      });
    }
  });

  it('a redacted entry whose bodyHash is not hex is named as malformed, even in a chain rehashed by hand to match it', () => {
    const copy = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
    const redacted = copy.entries.findIndex((entry) => entry.text === null);
    expect(redacted).toBeGreaterThan(0);
    copy.entries[redacted]!.bodyHash = 'not-a-digest';
    // What a forger would do: every hash from there on written again, so that each link holds.
    for (let index = redacted; index < copy.entries.length; index += 1) {
      const entry = copy.entries[index]!;
      entry.prevHash = copy.entries[index - 1]!.hash;
      entry.hash = entryHash(entry.prevHash, entryHeaderOf(entry), entry.bodyHash);
    }
    copy.chains[0]!.head = copy.entries.at(-1)!.hash;
    expect(verifyBundle(copy).failure).toMatchObject({
      check: 'entry.shape',
      reason: 'Malformed entry: bodyHash: not a sha256 hex digest',
      position: redacted + 1,
    });
  });

  it('an extra field or a device in a bundle from before devices is named as malformed, as before', () => {
    const extra = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
    (extra.entries[0] as unknown as Record<string, unknown>).note = 'added';
    expect(verifyBundle(extra).failure).toMatchObject({ check: 'entry.shape', reason: expect.stringMatching(/^Malformed entry: .*note/), position: 1 });
    const seq = JSON.parse(JSON.stringify(bundle)) as TimelineBundle;
    (seq.entries[1] as unknown as Record<string, unknown>).seq = 2.5;
    expect(verifyBundle(seq).failure).toMatchObject({ check: 'entry.shape', reason: expect.stringMatching(/^Malformed entry: seq: /), position: 2 });
  });
});
