import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Journal } from '../../src/main/core/journal/journal';
import { nextTurn } from '../../src/main/core/next-turn';
import { createJournalFixture, type JournalFixture } from './journal-fixture';

let fixture: JournalFixture;
beforeEach(() => {
  fixture = createJournalFixture('alice');
});
afterEach(() => fixture.dispose());

const note = (text: string) => ({ kind: 'note' as const, text, data: {} });
const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);
const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn += 1) await nextTurn();
};

it('copies the WAL into the journal file in a turn after the appends, never inside an acknowledged one', async () => {
  const journal = fixture.journal;
  const incident = journal.createIncident({ title: 'Checkout 502s', detectedBy: 'alert' });
  await turns(3);
  const before = fileSize(fixture.path);
  // 200 notes write about 2,200 WAL frames: SQLite's autocheckpoint would have copied them twice, inside two of the appends.
  for (let i = 0; i < 200; i += 1) journal.append(incident.id, note(`Restarted worker ${i}`));
  expect(fileSize(fixture.path)).toBe(before);
  await turns(3);
  expect(fileSize(fixture.path)).toBeGreaterThan(before);
  // What was copied is the journal as acknowledged: another connection reads every note from the file.
  const reader = new Database(fixture.path, { readonly: true });
  try {
    expect(reader.prepare("SELECT count(*) AS notes FROM entries WHERE kind = 'note'").get()).toEqual({ notes: 200 });
  } finally {
    reader.close();
  }
});

it('keeps the WAL small over a long incident, a turn of the event loop after each note as in the app', async () => {
  const journal = fixture.journal;
  const incident = journal.createIncident({ title: 'Checkout 502s', detectedBy: 'alert' });
  for (let i = 0; i < 1_000; i += 1) {
    journal.append(incident.id, note(`Error rate ${i % 40}% on checkout`));
    await nextTurn();
  }
  // Never copied, the WAL would hold about 16,000 frames (65 MB); copied every 128 commits, a few hundred.
  expect(fileSize(`${fixture.path}-wal`)).toBeLessThan(8 * 1024 * 1024);
  expect(journal.verify(incident.id)).toMatchObject({ ok: true, checked: 1_001 });
});

it('copies the WAL within the commits all the same when they come without the event loop turning (a script)', () => {
  const journal = fixture.journal;
  const incident = journal.createIncident({ title: 'Seeded timeline', detectedBy: 'alert' });
  for (let i = 0; i < 2_000; i += 1) journal.append(incident.id, note(`Seeded line ${i}`));
  // Never copied, the WAL would hold about 22,000 frames (90 MB); copied every 256 commits, at most about 2,800.
  expect(fileSize(`${fixture.path}-wal`)).toBeLessThan(16 * 1024 * 1024);
});

it('copies a batch into the file in the next turn, without waiting for more commits', async () => {
  const journal = fixture.journal;
  const incident = journal.createIncident({ title: 'Imported timeline', detectedBy: 'alert' });
  await turns(3);
  const before = fileSize(fixture.path);
  journal.appendBatch(
    incident.id,
    Array.from({ length: 3_000 }, (_, index) => note(`Imported line ${index}`)),
  );
  expect(fileSize(fixture.path)).toBe(before);
  await turns(3);
  expect(fileSize(fixture.path)).toBeGreaterThan(before + 3_000 * 100);
});

it('erases a redacted body from the WAL with the first checkpoint after the reader that held it up is done', async () => {
  const warnings: string[] = [];
  fixture.journal.close();
  fixture.journal = new Journal({ path: fixture.path, clock: fixture.clock, author: 'alice', onWarning: (message) => warnings.push(message) });
  const journal = fixture.journal;
  const incident = journal.createIncident({ title: 'Secrets in the timeline', detectedBy: 'operator' });
  const secret = `zq${Math.random().toString(36).slice(2, 10)}canary`;
  const leaked = journal.append(incident.id, note(`password ${secret} for the replica`));
  for (let i = 0; i < 50; i += 1) journal.append(incident.id, note(`Queue drained ${i}`));
  await turns(3);
  // Another reader (a verification in a worker, say) holds a snapshot that still needs the WAL.
  const reader = new Database(fixture.path, { readonly: true });
  reader.prepare('BEGIN').run();
  reader.prepare('SELECT count(*) FROM entries').get();
  journal.append(incident.id, { kind: 'redaction', text: 'Contained a password', data: {}, refersTo: leaked.id });
  expect(warnings).toEqual([expect.stringContaining('another reader kept the redacted text')]);
  await turns(3);
  // Still held up: the WAL keeps its earlier copy of the body.
  expect(readFileSync(`${fixture.path}-wal`).includes(secret)).toBe(true);
  reader.prepare('COMMIT').run();
  reader.close();
  journal.append(incident.id, note('Rotated the replica password'));
  await turns(3);
  // Truncated, then written again from its start (the new note's words): the earlier copy is gone.
  for (const file of [fixture.path, `${fixture.path}-wal`]) expect(readFileSync(file).includes(secret)).toBe(false);
});
