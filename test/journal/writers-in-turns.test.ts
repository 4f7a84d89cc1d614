import { afterEach, beforeEach, expect, it } from 'vitest';
import { IncidentWriters } from '../../src/main/core/journal/incident-writers';
import { JournalConnection } from '../../src/main/core/journal/journal-connection';
import { nextTurn } from '../../src/main/core/next-turn';
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

it('counts every entry when a drill is removed while the first count is in turns and its rowids are taken by new entries', async () => {
  const journal = fixture.journal;
  const long = journal.createIncident({ title: 'Checkout 502s', detectedBy: 'alert' });
  journal.appendBatch(long.id, notes(400, 'before the drill'));
  // The drill's entries are the file's last rows: once they are removed, new rowids start where the incident's end.
  const drill = journal.createIncident({ title: 'Game day', detectedBy: 'alert', drill: true });
  journal.appendBatch(drill.id, notes(1_000, 'drill'));
  // The count on a connection of its own, 100 rows a turn: eight turns take it past the incident's 401 rows, into the drill's.
  const connection = new JournalConnection({ path: fixture.path, clock: fixture.clock });
  await connection.checked();
  const writers = new IncidentWriters(connection, 100);
  try {
    const counting = writers.ofInTurns(long.id, () => journal.getIncident(long.id).entryCount);
    for (let turn = 0; turn < 8; turn += 1) await nextTurn();
    journal.removeDrills();
    // New entries take the drill's rowids, below where the turns had got to and above it: counted in turns alone, 1,402 of 1,901.
    journal.appendBatch(long.id, notes(1_500, 'after the drill'));
    const answer = await counting;
    expect(answer).toEqual(writersCountedBySqlite(fixture.path, long.id));
    expect(answer.reduce((sum, writer) => sum + writer.entries, 0)).toBe(journal.getIncident(long.id).entryCount);
  } finally {
    connection.close();
  }
});
