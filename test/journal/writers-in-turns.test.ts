import { afterEach, beforeEach, expect, it } from 'vitest';
import { writersCountedBySqlite } from '../support/writers-counted-by-sqlite';
import { createJournalFixture, type JournalFixture } from './journal-fixture';

let fixture: JournalFixture;
beforeEach(() => {
  fixture = createJournalFixture('alice');
});
afterEach(() => fixture.dispose());

const notes = (count: number, text: string) => Array.from({ length: count }, (_, index) => ({ kind: 'note' as const, text: `${text} ${index}`, data: {} }));

it("the first count of a long incident's writers lets other calls be answered before it ends, and counts what is appended meanwhile", async () => {
  const journal = fixture.journal;
  const long = journal.createIncident({ title: 'Checkout 502s', detectedBy: 'alert' });
  const other = journal.createIncident({ title: 'Search slow', detectedBy: 'alert' });
  // Two incidents' entries interleaved in the file, so the count's slices of rows cross both.
  for (let round = 0; round < 3; round += 1) {
    journal.appendBatch(long.id, notes(20_000, `long ${round}`));
    journal.appendBatch(other.id, notes(5_000, `other ${round}`));
  }
  journal.close();
  const journalNow = fixture.reopen();

  let done = false;
  const counting = journalNow.writersOf(long.id).then((writers) => ((done = true), writers));
  // A call arriving once the count has begun (here: the next turn of the event loop) is answered before it ends.
  const answeredBefore = await new Promise<boolean>((resolve) => setImmediate(() => resolve(!done)));
  expect(answeredBefore).toBe(true);
  // And an entry appended while it counts is in its answer.
  journalNow.append(long.id, { kind: 'note', text: 'appended while counting', data: {} });
  const writers = await counting;
  expect(writers).toEqual(writersCountedBySqlite(fixture.path, long.id));
  expect(writers.reduce((sum, writer) => sum + writer.entries, 0)).toBe(journalNow.getIncident(long.id).entryCount);
  expect(await journalNow.writersOf(other.id)).toEqual(writersCountedBySqlite(fixture.path, other.id));
});
