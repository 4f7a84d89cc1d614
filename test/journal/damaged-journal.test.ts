import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { EventBus } from '../../src/main/core/event-bus';
import { Journal } from '../../src/main/core/journal/journal';
import { createJournalService, JOURNAL_FILE_NAME } from '../../src/main/core/journal/journal-service';
import type { SetAsideFile } from '../../src/shared/app-schemas';
import type { JournalStatus } from '../../src/shared/journal-schemas';
import type { NewEntry } from '../../src/shared/model';

const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const note = (i: number): NewEntry => ({ kind: 'note', text: `Note ${i}: worker queue depth ${i * 7} on app-${i % 8}`, data: {} });

/** A real journal of a few thousand entries, closed cleanly (WAL folded into the file). */
function seededJournal(): { dir: string; path: string; incidentId: string } {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-damage-'));
  dirs.push(dir);
  const path = join(dir, JOURNAL_FILE_NAME);
  const journal = new Journal({ path, clock, author: 'alice' });
  const incidentId = journal.createIncident({ title: 'Queue backlog', detectedBy: 'alert' }).id;
  journal.appendBatch(
    incidentId,
    Array.from({ length: 3000 }, (_, i) => note(i)),
  );
  journal.close();
  expect(existsSync(`${path}-wal`)).toBe(false);
  return { dir, path, incidentId };
}

const PAGE = 4096;
/** The damage an operator's disk (or a bad copy) does, each to a fresh copy of the file. */
const damage = {
  truncated: (bytes: Buffer) => bytes.subarray(0, Math.floor((bytes.length * 0.6) / PAGE) * PAGE),
  'zero tail': (bytes: Buffer) => Buffer.from(bytes).fill(0, bytes.length - 64 * 1024),
  'garbage header': (bytes: Buffer) => {
    const copy = Buffer.from(bytes);
    copy.write('garbage garbage!', 0);
    return copy;
  },
  '8 KiB of garbage mid-file': (bytes: Buffer) => {
    const copy = Buffer.from(bytes);
    const at = Math.floor(copy.length / 2 / PAGE) * PAGE + 1000;
    for (let i = 0; i < 8192; i += 1) copy[at + i] = (i * 131 + 7) & 0xff;
    return copy;
  },
  'damaged schema page': (bytes: Buffer) => {
    const copy = Buffer.from(bytes);
    for (let i = 100; i < PAGE; i += 1) copy[i] = (i * 37) & 0xff;
    return copy;
  },
} as const;

/** What the console must do with each: refuse it at open, or open it read-only once the check has spoken. */
const expected: Record<keyof typeof damage, { refused: string } | { readOnly: true }> = {
  truncated: { refused: 'JOURNAL_CORRUPT' },
  'zero tail': { readOnly: true },
  'garbage header': { refused: 'JOURNAL_NOT_A_JOURNAL' },
  '8 KiB of garbage mid-file': { readOnly: true },
  'damaged schema page': { refused: 'JOURNAL_CORRUPT' },
};

function openService(dir: string) {
  const events = new EventBus();
  const pushed: JournalStatus[] = [];
  const setAside: SetAsideFile[] = [];
  events.subscribe((name, payload) => {
    if (name === 'journal.status') pushed.push(payload as JournalStatus);
  });
  const service = createJournalService({ dataDir: dir, clock, operator: 'alice', events, reportSetAside: (file) => setAside.push(file) });
  return { service, pushed, setAside };
}

describe('a damaged journal is never written to', () => {
  for (const [name, spoil] of Object.entries(damage) as Array<[keyof typeof damage, (bytes: Buffer) => Buffer]>) {
    it(`${name}: keeps its sha256 and ${'refused' in expected[name] ? 'is refused clearly' : 'opens read-only'}`, async () => {
      const { dir, path, incidentId } = seededJournal();
      writeFileSync(path, spoil(readFileSync(path)));
      const before = sha256(path);
      const { service, pushed } = openService(dir);
      const outcome = expected[name];

      // The operator's first action comes at once, before the background check could have answered.
      let appendError: unknown;
      try {
        service.port.append(incidentId, note(99_999));
      } catch (error) {
        appendError = error;
      }
      if ('refused' in outcome) {
        expect(service.status).toMatchObject({ available: false, canStartNew: true, error: { code: outcome.refused } });
        expect(service.status.error?.message).toContain(path);
        expect(service.status.error?.message).toMatch(/left untouched/);
        expect(appendError).toMatchObject({ code: outcome.refused });
      } else {
        expect(appendError).toMatchObject({ code: 'JOURNAL_DAMAGED' });
        expect((appendError as Error).message).toMatch(/damaged.*open read-only and nothing is written to it.*start a new journal beside it/);
        const status = service.status;
        expect(status).toMatchObject({
          available: true,
          readOnly: true,
          canStartNew: true,
          integrity: { state: 'damaged' },
          error: { code: 'JOURNAL_DAMAGED' },
        });
        expect(status.integrity?.findings.length).toBeGreaterThan(0);
        expect(status.error?.message).toMatch(/export what is readable.*start a new journal beside it/);
        // What is readable still reads.
        expect(service.handlers['incidents.list']?.({})).toMatchObject([{ id: incidentId, title: 'Queue backlog' }]);
        // The verdict was pushed for the screens already showing the journal.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(pushed.at(-1)).toMatchObject({ readOnly: true, integrity: { state: 'damaged' } });
      }
      service.close();
      expect(sha256(path)).toBe(before);
      expect(existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).length : 0).toBe(0);
    });
  }

  it('a new journal started beside a damaged one keeps the damaged file byte for byte under a new name', async () => {
    const { dir, path } = seededJournal();
    writeFileSync(path, damage['8 KiB of garbage mid-file'](readFileSync(path)));
    const before = sha256(path);
    const { service, setAside } = openService(dir);
    await service.journal!.checked();
    expect(service.status.canStartNew).toBe(true);

    const after = await service.handlers['journal.startNew']!({});
    expect(after).toMatchObject({ available: true, readOnly: false, canStartNew: false, integrity: { state: 'new' } });
    expect(setAside).toEqual([
      expect.objectContaining({
        label: 'damaged journal',
        path,
        movedTo: `${path}.damaged-20260315-090000Z`,
        reason: expect.stringMatching(/^SQLite's check found the journal damaged \(.+\); a new, empty journal took its place\.$/),
      }),
    ]);
    expect(sha256(setAside[0]!.movedTo!)).toBe(before);
    const incident = service.port.createIncident({ title: 'Fresh start', detectedBy: 'operator' });
    expect(await service.port.readTimeline(incident.id)).toHaveLength(1);
    service.close();
    expect(sha256(setAside[0]!.movedTo!)).toBe(before);
  });

  it('a healthy journal is read while it is checked, and written once the check has passed', async () => {
    const { dir, incidentId } = seededJournal();
    const { service, pushed } = openService(dir);
    expect(service.status.integrity).toMatchObject({ state: 'checking', checkedAt: null });
    // Read in one go, so the check is still running: reads do not wait for it.
    expect(service.journal!.allEntries(incidentId)).toHaveLength(3001);
    // An append right away waits for the check rather than going first.
    const entry = service.port.append(incidentId, note(3001));
    expect(entry.seq).toBe(3002);
    expect(service.status).toMatchObject({ readOnly: false, canStartNew: false, integrity: { state: 'ok', checkedAt: '2026-03-15T09:00:00.000Z' } });
    expect(pushed.at(-1)).toMatchObject({ integrity: { state: 'ok' } });
    expect(await service.handlers['journal.verify']!({ incidentId })).toMatchObject({ ok: true, checked: 3002 });
    service.close();
  });

  it('refuses to start a new journal beside a healthy one', () => {
    const { dir } = seededJournal();
    const { service } = openService(dir);
    expect(() => service.handlers['journal.startNew']!({})).toThrow(/not damaged/);
    service.close();
  });
});

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('a journal on a read-only file system', () => {
  it('can still be read (and says it cannot be written)', async () => {
    const { path, incidentId } = seededJournal();
    const mount = mkdtempSync(join(tmpdir(), 'incident-console-rofs-'));
    dirs.push(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount]);
    try {
      const dataDir = join(mount, 'data');
      mkdirSync(dataDir);
      writeFileSync(join(dataDir, JOURNAL_FILE_NAME), readFileSync(path));
      execFileSync('mount', ['-o', 'remount,ro', mount]);
      const { service } = openService(dataDir);
      expect(service.status).toMatchObject({ available: true, readOnly: true, error: { code: 'JOURNAL_READ_ONLY' } });
      expect(await service.port.readTimeline(incidentId)).toHaveLength(3001);
      expect(() => service.port.append(incidentId, note(1))).toThrow(/read-only\. Nothing was written/);
      service.close();
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});
