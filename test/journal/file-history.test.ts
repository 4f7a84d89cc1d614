import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalConnection } from '../../src/main/core/journal/journal-connection';
import { createJournalFixture, type JournalFixture } from './journal-fixture';

const note = (text: string) => ({ kind: 'note' as const, text, data: {} });

/** Another process writing the file while the console has it open (a row in a table of its own). */
function writeFromElsewhere(path: string): void {
  const raw = new Database(path);
  raw.exec('CREATE TABLE IF NOT EXISTS elsewhere (x INTEGER); INSERT INTO elsewhere VALUES (1);');
  raw.close();
}

describe('whether anything else wrote the journal file since a moment', () => {
  let fx: JournalFixture;
  beforeEach(() => {
    fx = createJournalFixture();
    const incident = fx.journal.createIncident({ title: 'x', detectedBy: 'alert' });
    fx.journal.append(incident.id, note('one'));
    fx.journal.close();
  });
  afterEach(() => fx.dispose());

  /** The file opened again: its quick_check runs in the background, read-only until it answers. */
  const openWhileChecking = () => {
    const connection = new JournalConnection({ path: fx.path, clock: fx.clock });
    expect(connection.state.integrity.state).toBe('checking');
    return connection;
  };

  it('carries a moment marked while the open’s check ran over to the writable connection the clean check opens', async () => {
    const connection = openWhileChecking();
    const mark = connection.mark();
    await connection.checked();
    expect(connection.state.access).toBe('writable');
    expect(connection.generation).not.toBe(mark.generation);
    expect(connection.unchangedSince(mark)).toBe(true);
    expect(connection.continues(mark.generation)).toBe(true);
    connection.close();
  });

  it('keeps counting who wrote the incident across the check, from where it got to', async () => {
    const journal = fx.reopen();
    const [incident] = journal.listIncidents();
    expect(await journal.writersOf(incident!.id)).toEqual([expect.objectContaining({ author: 'alice', entries: 2 })]);
    await journal.checked();
    journal.append(incident!.id, note('two'));
    journal.append(incident!.id, note('three'));
    expect(await journal.writersOf(incident!.id)).toEqual([expect.objectContaining({ author: 'alice', entries: 4 })]);
  });

  it('does not when another process wrote the file while the check ran, or once it was writable', async () => {
    const during = openWhileChecking();
    const markDuring = during.mark();
    writeFromElsewhere(fx.path);
    await during.checked();
    expect(during.unchangedSince(markDuring)).toBe(false);
    during.close();

    const after = openWhileChecking();
    const markAfter = after.mark();
    await after.checked();
    writeFromElsewhere(fx.path);
    expect(after.unchangedSince(markAfter)).toBe(false);
    after.close();
  });

  it('finds an edit made by another process while the check ran in a chain verified before it, once the journal is writable', async () => {
    const journal = fx.reopen();
    const [incident] = journal.listIncidents();
    expect(journal.verify(incident!.id)).toMatchObject({ ok: true, checked: 2 });
    const raw = new Database(fx.path);
    raw.exec('DROP TRIGGER entry_bodies_are_never_edited');
    raw.prepare("UPDATE entry_bodies SET text = 'ONE' WHERE entry_rowid = (SELECT rowid FROM entries WHERE seq = 2)").run();
    raw.close();
    await journal.checked();
    expect(journal.verify(incident!.id)).toMatchObject({ ok: false, broken: { seq: 2 } });
  });
});
