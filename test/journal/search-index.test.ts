import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/main/core/journal/journal';
import { createJournalFixture, type JournalFixture } from './journal-fixture';

let fx: JournalFixture;
const dirs: string[] = [];
afterEach(() => {
  fx?.dispose();
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

const idsOf = (journal: Journal, words: string) => journal.search(words).map((hit) => hit.entry.id);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The journal's files as a SIGKILL would leave them at this instant (the shm is rebuilt from the WAL). */
function copyAsKilledNow(path: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-killed-'));
  dirs.push(dir);
  const copy = join(dir, 'journal.sqlite');
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  return copy;
}

describe('the search index', () => {
  it('finds a note as soon as its append returns, exactly once, and after the index caught up too', async () => {
    fx = createJournalFixture();
    const incident = fx.journal.createIncident({ title: 'Replica lag', detectedBy: 'alert' });
    const note = fx.journal.append(incident.id, { kind: 'note', text: 'replica zq7lagging behind', data: {} });
    expect(idsOf(fx.journal, 'zq7lagging')).toEqual([note.id]);
    await tick();
    expect(idsOf(fx.journal, 'zq7lagging')).toEqual([note.id]);
    expect(idsOf(fx.journal, 'behind')).toEqual([note.id]);
  });

  it('indexes at the next open what a killed process had recorded but not indexed, and nothing twice', async () => {
    fx = createJournalFixture();
    const incident = fx.journal.createIncident({ title: 'Replica lag', detectedBy: 'alert' });
    const indexed = fx.journal.append(incident.id, { kind: 'note', text: 'zq1early note', data: {} });
    await tick();
    // Recorded (durable) but killed before the index was written: what the copy holds.
    const late = [1, 2, 3].map((i) => fx.journal.append(incident.id, { kind: 'note', text: `zq2late note ${i}`, data: {} }));
    const copy = copyAsKilledNow(fx.path);

    const reopened = new Journal({ path: copy, clock: fx.clock, author: 'alice' });
    try {
      await reopened.checked();
      expect(idsOf(reopened, 'zq2late').sort()).toEqual(late.map((entry) => entry.id).sort());
      expect(idsOf(reopened, 'zq1early')).toEqual([indexed.id]);
      // A note appended now joins them, once.
      const next = reopened.append(incident.id, { kind: 'note', text: 'zq2late note 4', data: {} });
      expect(idsOf(reopened, 'zq2late')).toHaveLength(4);
      expect(idsOf(reopened, 'zq2late')).toContain(next.id);
      expect(reopened.verify(incident.id)).toMatchObject({ ok: true, checked: 6 });
    } finally {
      reopened.close();
    }
    // And a later session finds nothing left to do twice.
    const again = new Journal({ path: copy, clock: fx.clock, author: 'alice' });
    try {
      await again.checked();
      expect(idsOf(again, 'zq2late')).toHaveLength(4);
    } finally {
      again.close();
    }
  });

  it('a redaction right after its note (not yet indexed) takes the words out, and leaves the others', () => {
    fx = createJournalFixture();
    const incident = fx.journal.createIncident({ title: 'Token leak', detectedBy: 'operator' });
    const before = fx.journal.append(incident.id, { kind: 'note', text: 'zq3kept before', data: {} });
    const leaked = fx.journal.append(incident.id, { kind: 'note', text: 'token zq3secret pasted', data: {} });
    fx.journal.append(incident.id, { kind: 'redaction', text: 'Contained a token', data: {}, refersTo: leaked.id });
    expect(idsOf(fx.journal, 'zq3secret')).toEqual([]);
    expect(idsOf(fx.journal, 'zq3kept')).toEqual([before.id]);
    expect(idsOf(fx.journal, 'pasted')).toEqual([]);
    expect(fx.journal.search('Contained')).toHaveLength(1);
    expect(fx.journal.verify(incident.id)).toMatchObject({ ok: true, checked: 4 });
  });

  it('a batch indexes its entries with it, redactions inside the batch included', () => {
    fx = createJournalFixture();
    const incident = fx.journal.createIncident({ title: 'Import', detectedBy: 'operator' });
    const pendingNote = fx.journal.append(incident.id, { kind: 'note', text: 'zq4single before the batch', data: {} });
    fx.journal.appendBatch(incident.id, [
      { kind: 'note', text: 'zq4batch one', data: {} },
      { kind: 'note', text: 'zq4batch two', data: {} },
    ]);
    const [two] = fx.journal.search('zq4batch two').map((hit) => hit.entry);
    fx.journal.appendBatch(incident.id, [{ kind: 'redaction', text: 'Wrong incident', data: {}, refersTo: two!.id }]);
    expect(idsOf(fx.journal, 'zq4single')).toEqual([pendingNote.id]);
    expect(fx.journal.search('zq4batch').map((hit) => hit.entry.text)).toEqual(['zq4batch one']);
  });
});
