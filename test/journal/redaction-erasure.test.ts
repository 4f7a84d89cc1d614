import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';
import { LATEST_SCHEMA_VERSION, migrations } from '../../src/main/core/journal/migrations';
import { openJournalDatabase } from '../../src/main/core/journal/open-journal-database';

const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function journalPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-redaction-'));
  dirs.push(dir);
  return join(dir, 'journal.sqlite');
}

/** A canary no other word shares a prefix with, so the full-text index stores it whole. */
const canary = () => `zq${Math.random().toString(36).slice(2, 10)}canary`;

/** Which of the journal's files `strings` (what a forensic look would use) finds the canary in. */
function filesHolding(path: string, needle: string): string[] {
  return ['', '-wal', '-shm']
    .map((suffix) => `${path}${suffix}`)
    .filter((file) => existsSync(file))
    .filter(
      (file) =>
        execFileSync('strings', ['-a', '-n', '6', file], { maxBuffer: 256 * 1024 * 1024 })
          .toString()
          .includes(needle) || readFileSync(file).includes(needle),
    );
}

describe('a redaction erases the body at rest', () => {
  it('leaves the canary in neither the file, its WAL nor its shm, nor the search index, while the journal stays open', () => {
    const path = journalPath();
    const secret = canary();
    const journal = new Journal({ path, clock, author: 'alice' });
    const incident = journal.createIncident({ title: 'Secrets in the timeline', detectedBy: 'operator' });
    for (let i = 0; i < 300; i += 1) journal.append(incident.id, { kind: 'note', text: `Restarted worker ${i}`, data: {} });
    const note = journal.append(incident.id, { kind: 'note', text: `password ${secret} for the replica`, data: {} });
    const run = journal.append(incident.id, {
      kind: 'command_run',
      text: 'Redis info on cache-1: succeeded',
      data: {
        runId: 'r1',
        commandId: 'redis-info',
        host: 'cache-1',
        argv: ['redis-cli', 'info'],
        exitCode: 0,
        signal: null,
        outcome: 'succeeded',
        durationMs: 12,
        output: `requirepass ${secret}-output\n`,
        outputBytes: 30,
        outputTruncated: false,
      },
    });
    for (let i = 0; i < 100; i += 1) journal.append(incident.id, { kind: 'note', text: `Queue drained ${i}`, data: {} });
    expect(filesHolding(path, secret)).not.toEqual([]);
    expect(journal.search(secret)).toHaveLength(1);

    journal.append(incident.id, { kind: 'redaction', text: 'Contained a password', data: {}, refersTo: note.id });
    journal.append(incident.id, { kind: 'redaction', text: 'Output showed requirepass', data: {}, refersTo: run.id });

    expect(filesHolding(path, secret)).toEqual([]);
    expect(journal.search(secret)).toEqual([]);
    // What remains is the redaction on record and the body's hash: the chain still verifies.
    expect(journal.getEntry(note.id)).toMatchObject({ redacted: true, text: null, bodyHash: note.bodyHash });
    expect(journal.verify(incident.id)).toMatchObject({ ok: true, checked: 405 });
    // Other words of the index are untouched.
    expect(journal.search('drained')).toHaveLength(50);
    journal.close();
    expect(filesHolding(path, secret)).toEqual([]);
  });

  it('holds after a SIGKILL right after the redaction returns', async () => {
    const path = journalPath();
    const secret = canary();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/journal/redact-then-wait-child.ts', path, secret], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let heldBeforeRedaction: string[] = [];
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line === 'noted') {
          heldBeforeRedaction = filesHolding(path, secret);
          child.stdin.write('redact\n');
        }
        if (line === 'redacted') {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`child ended first: ${stderr}`)));
    });
    expect(await killed).toBe('SIGKILL');
    // The scan does find the canary when it is there: the note sat in the WAL of the live process.
    expect(heldBeforeRedaction).toContain(`${path}-wal`);
    expect(filesHolding(path, secret)).toEqual([]);
  });

  it('a journal from before this fix loses what its earlier redactions left in the index when it is upgraded', () => {
    const path = journalPath();
    const secret = canary();
    const { db } = openJournalDatabase(path, { migrations: migrations.slice(0, 1) });
    // What version 1 did on a redaction: a contentless_delete row deleted, its words left in the index pages.
    for (let i = 1; i <= 50; i += 1) db.prepare('INSERT INTO entry_search (rowid, text) VALUES (?, ?)').run(i, `note number ${i}`);
    db.prepare('INSERT INTO entry_search (rowid, text) VALUES (?, ?)').run(51, `token ${secret}`);
    db.prepare('DELETE FROM entry_search WHERE rowid = 51').run();
    db.close();
    expect(filesHolding(path, secret)).toEqual([path]);

    const journal = new Journal({ path, clock, author: 'alice' });
    expect(filesHolding(path, secret)).toEqual([]);
    journal.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    raw.close();
  });
});
