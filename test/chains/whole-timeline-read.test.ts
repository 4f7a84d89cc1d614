import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/main/core/journal/journal';
import { COMMANDER, twoConsoles, type TwoConsoles } from './two-devices';

let fx: TwoConsoles;
beforeEach(() => {
  fx = twoConsoles();
});
afterEach(() => fx.dispose());

const notes = (count: number, who: string) =>
  Array.from({ length: count }, (_, index) => ({ kind: 'note' as const, text: `${who} note ${index + 1}`, data: {} }));

describe('a whole timeline read at once (the post-mortem export and its bundle)', () => {
  it('gives every entry once, in seq order, when three chains share every seq and the timeline is longer than one read', () => {
    const incident = fx.shared();
    const { commander, responder } = fx;
    const pinned = commander.journal.append(incident.id, { kind: 'note', text: 'the one that matters', data: {} });
    commander.journal.append(incident.id, { kind: 'pin', text: '', data: {}, refersTo: pinned.id });
    commander.journal.append(incident.id, { kind: 'amendment', text: 'it was the replica', data: {}, refersTo: pinned.id });
    const scribe = new Journal({ path: join(fx.dir, 'scribe.sqlite'), clock: fx.clock, author: 'scribe', device: '33333333-3333-4333-8333-333333333333' });
    try {
      scribe.joinIncident({
        incidentId: incident.id,
        title: incident.title,
        detectedBy: incident.detectedBy,
        startedAt: incident.startedAt,
        commander: { deviceId: COMMANDER, publicKey: commander.key.publicKey, fingerprint: commander.key.fingerprint },
      });
      // Three chains share every seq, so the 2,000 rows read at a time end between entries of one seq; longer than two reads.
      commander.journal.appendBatch(incident.id, notes(1_500, 'commander'));
      responder.journal.appendBatch(incident.id, notes(1_500, 'responder'));
      scribe.appendBatch(incident.id, notes(1_500, 'scribe'));
      commander.journal.importChains(incident.id, responder.journal.exportChains(incident.id, { ownOnly: true }));
      commander.journal.importChains(incident.id, scribe.exportChains(incident.id, { ownOnly: true }));
    } finally {
      scribe.close();
    }

    const all = commander.journal.allEntries(incident.id);
    const total = commander.journal.getIncident(incident.id).entryCount;
    expect(total).toBeGreaterThan(4_000);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((entry) => entry.id)).size).toBe(total);
    for (let index = 1; index < all.length; index += 1) expect(all[index]!.seq).toBeGreaterThanOrEqual(all[index - 1]!.seq);
    // Each chain in its own order, nothing of any left out where one read ends.
    for (const who of ['commander', 'responder', 'scribe']) {
      const texts = all.filter((entry) => entry.text?.startsWith(`${who} note `)).map((entry) => entry.text);
      expect(texts).toEqual(notes(1_500, who).map((note) => note.text));
    }
    // The same entries, flags and amendments as the timeline's pages give them.
    const paged = [];
    for (let offset = 0; offset < total; offset += 500)
      paged.push(...commander.journal.listEntries({ incidentId: incident.id, order: 'asc', limit: 500, offset }).entries);
    const byId = (entries: typeof all) => new Map(entries.map((entry) => [entry.id, entry]));
    expect(byId(all)).toEqual(byId(paged));
    expect(all.find((entry) => entry.id === pinned.id)).toMatchObject({ pinned: true, amendedBy: [expect.any(String)] });
  });
});
