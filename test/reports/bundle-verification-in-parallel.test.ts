import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEntry } from '../../bench/seed-journal';
import { verifyBundle, verifyBundleInParallel } from '../../src/main/core/reports/bundle-verification';
import type { TimelineBundle } from '../../src/main/core/reports/timeline-bundle';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';
import { runningDigestThreads } from '../support/running-digest-threads';
import { unsignedBundle } from '../support/unsigned-bundle';

// A bundle that fills the threads' ring many times over, with a redacted body in it. Below
// PARALLEL_BUNDLE_MIN entries verifyBundleInParallel starts no threads of its own: the cases give it
// threads already running, so that they, and not the walk alone, hash from the first entry.
const COUNT = 22_000;
let fx: JournalFixture;
let bundle: TimelineBundle;
beforeAll(() => {
  fx = createJournalFixture();
  const incidentId = fx.journal.createIncident({ title: 'A long night', detectedBy: 'alert' }).id;
  const leaked = fx.journal.append(incidentId, { kind: 'note', text: 'token pasted by mistake', data: {} });
  for (let start = 1; fx.journal.getIncident(incidentId).entryCount < COUNT; start += 1000) {
    fx.journal.appendBatch(
      incidentId,
      Array.from({ length: 1000 }, (_, i) => seedEntry(start + i)),
    );
  }
  fx.journal.append(incidentId, { kind: 'redaction', text: 'Contained a token', data: {}, refersTo: leaked.id });
  bundle = unsignedBundle(fx.journal, incidentId, fx.clock.now().toISOString());
});
afterAll(() => fx.dispose());

const copy = (): TimelineBundle => structuredClone(bundle);

describe.skipIf(availableParallelism() < 2)('a big bundle verified with its hashing in worker threads', () => {
  it('gives the report one thread gives', async () => {
    const report = await verifyBundleInParallel(copy(), {}, await runningDigestThreads());
    expect(report).toMatchObject({ verdict: 'limited', failure: null, chain: { verified: bundle.entries.length } });
    expect(report).toEqual(verifyBundle(copy()));
  });

  it("names an entry whose stated hash was replaced, with the next entry's link to match: what only a digest shows", async () => {
    const forged = copy();
    const at = 15_000;
    const fake = 'f'.repeat(64);
    forged.entries[at - 1]!.hash = fake;
    forged.entries[at]!.prevHash = fake;
    const report = await verifyBundleInParallel(forged, {}, await runningDigestThreads());
    expect(report.failure).toMatchObject({ check: 'entry.link', position: at, reason: 'entry hash does not match its contents' });
    expect(report.chain.verified).toBe(at - 1);
    expect(report).toEqual(verifyBundle(structuredClone(forged)));
  });

  it('names an edited body early in the bundle, and one in its last entry, which only the final verdict can see', async () => {
    for (const at of [100, COUNT]) {
      const edited = copy();
      edited.entries[at - 1]!.text = `${edited.entries[at - 1]!.text ?? ''} (edited)`;
      const report = await verifyBundleInParallel(edited, {}, await runningDigestThreads());
      expect(report.failure, `entry ${at}`).toMatchObject({ position: at, reason: 'body does not match its hash (text or data changed after it was written)' });
      expect(report).toEqual(verifyBundle(structuredClone(edited)));
    }
  });

  it('still names the first failure when a later entry fails a check of its own too', async () => {
    const twice = copy();
    twice.entries[4_999]!.text = 'edited';
    twice.entries[9_999]!.seq = 1;
    const report = await verifyBundleInParallel(twice, {}, await runningDigestThreads());
    expect(report.failure).toMatchObject({ position: 5_000, reason: expect.stringMatching(/^body does not match/) });
  });
});
