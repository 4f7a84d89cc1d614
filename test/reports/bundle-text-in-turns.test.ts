import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeBundle, serializeBundleInTurns, timelineBundle } from '../../src/main/core/reports/timeline-bundle';
import { createJournalFixture, type JournalFixture } from '../journal/journal-fixture';

let fixture: JournalFixture;
beforeEach(() => {
  fixture = createJournalFixture('alice');
});
afterEach(() => fixture.dispose());

const bundleOf = (notes: number) => {
  const incident = fixture.journal.createIncident({ title: 'Checkout 502s', detectedBy: 'alert' });
  fixture.journal.appendBatch(
    incident.id,
    Array.from({ length: notes }, (_, index) => ({ kind: 'note' as const, text: `Note ${index} "quoted" \n ✓`, data: {} })),
  );
  return timelineBundle({
    incident: fixture.journal.getIncident(incident.id),
    entries: fixture.journal.allEntries(incident.id),
    keys: [],
    exportCheckpoint: { entryId: null, because: 'a test' },
    exportedAt: '2026-03-15T09:00:00.000Z',
  });
};

describe('a bundle written out in turns of the event loop', () => {
  it('is the same text as written in one go, once its parts are put together, for a long timeline and a short one', async () => {
    for (const notes of [12_000, 0]) {
      const bundle = bundleOf(notes);
      expect((await serializeBundleInTurns(bundle)).join('')).toBe(serializeBundle(bundle));
    }
  });

  it('lets a call arriving meanwhile be answered before it is done', async () => {
    const bundle = bundleOf(12_000);
    let done = false;
    const writing = serializeBundleInTurns(bundle).then((text) => ((done = true), text));
    const answeredBefore = await new Promise<boolean>((resolve) => setImmediate(() => resolve(!done)));
    expect(answeredBefore).toBe(true);
    expect(JSON.parse((await writing).join('')).entries).toHaveLength(12_001);
  });
});
