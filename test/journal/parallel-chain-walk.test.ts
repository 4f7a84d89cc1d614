import Database from 'better-sqlite3';
import { copyFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedEntry } from '../../bench/seed-journal';
import { canonicalJson } from '../../src/main/core/journal/canonical-json';
import { GENESIS_HASH } from '../../src/main/core/journal/chain';
import { ChainWalk, UNACCOUNTED_BODY } from '../../src/main/core/journal/chain-link';
import { OWN_CHAIN } from '../../src/main/core/journal/chain-heads';
import { joinWalkedInParallel, PARALLEL_WALK_MIN } from '../../src/main/core/journal/parallel-chain-walk';
import { createJournalFixture, type JournalFixture } from './journal-fixture';

// A chain long enough to be split over worker threads, with a redaction in the second half whose
// redacted body is in the first (the parts' findings must be joined), and entries with data.
const COUNT = PARALLEL_WALK_MIN + 6_000;
let fx: JournalFixture;
let incidentId: string;
let pristine: string;
let commandSeq: number;
beforeAll(() => {
  fx = createJournalFixture();
  incidentId = fx.journal.createIncident({ title: 'A long night', detectedBy: 'alert' }).id;
  for (let start = 1; fx.journal.getIncident(incidentId).entryCount < COUNT; start += 1000) {
    fx.journal.appendBatch(
      incidentId,
      Array.from({ length: 1000 }, (_, i) => seedEntry(start + i)),
    );
  }
  const leaked = fx.journal.append(incidentId, { kind: 'note', text: 'token pasted by mistake', data: {} });
  commandSeq = fx.journal.listEntries({ incidentId, kinds: ['command_run'], limit: 1 }).entries[0]!.seq;
  // The leaked note sits in the first part when the redaction comes after thousands more entries.
  fx.journal.appendBatch(
    incidentId,
    Array.from({ length: 3000 }, (_, i) => seedEntry(COUNT + i)),
  );
  fx.journal.append(incidentId, { kind: 'redaction', text: 'Contained a token', data: {}, refersTo: leaked.id });
  fx.journal.close();
  pristine = `${fx.path}.pristine`;
  copyFileSync(fx.path, pristine);
  fx.reopen();
});
afterAll(() => fx.dispose());

/** Every case starts from the same untouched journal. */
beforeEach(() => {
  fx.journal.close();
  for (const suffix of ['-wal', '-shm']) rmSync(fx.path + suffix, { force: true });
  copyFileSync(pristine, fx.path);
  fx.reopen();
});

const rowOf = (seq: number) => `(SELECT rowid FROM entries WHERE seq = ${seq} AND incident_id = '${incidentId}')`;
const entryCount = () => fx.journal.getIncident(incidentId).entryCount;

/** The worker threads' walk on its own: how far it gets before the main thread takes over. */
async function walkedInParallel(): Promise<ChainWalk> {
  const chain = new ChainWalk(incidentId);
  await joinWalkedInParallel(chain, {
    path: fx.path,
    nativeBinding: undefined,
    incidentId,
    chain: OWN_CHAIN,
    perDevice: true,
    through: entryCount(),
    hasDeviceColumn: true,
  });
  return chain;
}

describe('a chain walked in worker threads', () => {
  it('walks the whole chain in its parts and joins them, a redaction in one part accounting for a body missing in another', async () => {
    const chain = await walkedInParallel();
    expect(chain.checked).toBe(entryCount());
    expect(chain.head).toBe(fx.journal.listEntries({ incidentId, order: 'desc', limit: 1 }).entries[0]!.hash);
    expect(chain.unaccounted()).toBeUndefined();
    expect(await fx.journal.verifyInSlices(incidentId, { full: true })).toEqual({ ok: true, checked: entryCount(), headHash: chain.head });
  });

  it.each([
    [
      'a body edited (second half)',
      () => COUNT - 10,
      (row: string) => `UPDATE entry_bodies SET text = 'edited' WHERE entry_rowid = ${row}`,
      /body does not match its hash/,
    ],
    [
      'a command output edited (first half)',
      () => commandSeq,
      (row: string) => `UPDATE entry_bodies SET data = replace(data, 'Active', 'Dead') WHERE entry_rowid = ${row}`,
      /body does not match its hash/,
    ],
    ['a header edited', () => COUNT - 3_000, (row: string) => `UPDATE entries SET author = 'mallory' WHERE rowid = ${row}`, /entry hash does not match/],
    ['a link cut', () => 5_000, (row: string) => `UPDATE entries SET prev_hash = '${GENESIS_HASH}' WHERE rowid = ${row}`, /does not link/],
    [
      'a stored hash replaced where the second part starts',
      () => Math.round(entryCount() / 2),
      (row: string) => `UPDATE entries SET hash = '${'f'.repeat(64)}' WHERE rowid = ${row}`,
      /entry hash does not match/,
    ],
    ['a body deleted with no redaction', () => 12_345, (row: string) => `DELETE FROM entry_bodies WHERE entry_rowid = ${row}`, new RegExp(UNACCOUNTED_BODY)],
  ])('%s: the workers stop before it and the walk names the same entry with the same words as on one thread', async (_what, seqOf, sql, reason) => {
    const seq = seqOf();
    const entryId = fx.journal.listEntries({ incidentId, afterSeq: seq - 1, limit: 1 }).entries[0]!.id;
    fx.tamper(sql(rowOf(seq)));
    const parallel = await fx.journal.verifyInSlices(incidentId, { full: true });
    expect(parallel).toMatchObject({ ok: false, broken: { seq, entryId, reason: expect.stringMatching(reason) } });
    expect(parallel).toEqual(fx.journal.verify(incidentId, { full: true }));
    expect(parallel).toEqual(await fx.journal.verifyInSlices(incidentId, { full: true, parallel: false }));
    if (!reason.source.includes('missing')) expect((await walkedInParallel()).checked).toBeLessThan(seq);
  });

  it('still verifies a stored data text that is not canonical (keys out of order, spaces), by parsing it', async () => {
    const raw = new Database(pristine, { readonly: true });
    const stored = raw
      .prepare(`SELECT b.data FROM entry_bodies b WHERE b.entry_rowid = ${rowOf(commandSeq)}`)
      .pluck()
      .get() as string;
    raw.close();
    const value = JSON.parse(stored) as Record<string, unknown>;
    expect(stored).toBe(canonicalJson(value)); // what the writer stores
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(value).reverse()), null, 1);
    expect(reordered).not.toBe(stored);
    fx.tamper(`UPDATE entry_bodies SET data = ? WHERE entry_rowid = ${rowOf(commandSeq)}`, reordered);
    const expected = { ok: true, checked: entryCount() };
    expect(fx.journal.verify(incidentId, { full: true })).toMatchObject(expected);
    expect(await fx.journal.verifyInSlices(incidentId, { full: true })).toMatchObject(expected);
  });

  it('names a stored data text that is not JSON at all as a body that does not match', async () => {
    fx.tamper(`UPDATE entry_bodies SET data = '{"runId":' WHERE entry_rowid = ${rowOf(commandSeq)}`);
    expect(await fx.journal.verifyInSlices(incidentId, { full: true })).toMatchObject({
      ok: false,
      broken: { seq: commandSeq, reason: expect.stringMatching(/body does not match its hash/) },
    });
  });
});
