import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';

const ROUNDS = 12;
const dir = mkdtempSync(join(tmpdir(), 'incident-console-crash-'));
const path = join(dir, 'journal.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it has acknowledged some entries, SIGKILLs it mid-burst, returns the acknowledged ids. */
function burstThenKill(incidentId: string, killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/journal/append-burst-child.ts', path, incidentId], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      else if (line.startsWith('ack ')) acked.push(line.slice(4));
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended without being killed: ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('durability', () => {
  it(`keeps every acknowledged entry and a valid chain across ${ROUNDS} SIGKILLs mid-burst`, async () => {
    const clock = AdjustableClock.frozen(new Date('2026-03-15T09:00:00.000Z'));
    const setup = new Journal({ path, clock, author: 'crash-test' });
    const incidentId = setup.createIncident({ title: 'crash test', detectedBy: 'test' }).id;
    setup.close();

    let totalAcked = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const acked = await burstThenKill(incidentId, 40 + ((round * 37) % 200));
      totalAcked += acked.length;
      const journal = new Journal({ path, clock, author: 'crash-test' });
      const stored = new Set(journal.allEntries(incidentId).map((entry) => entry.id));
      const lost = acked.filter((id) => !stored.has(id));
      expect(lost, `round ${round}: acknowledged entries lost`).toEqual([]);
      const verification = journal.verify(incidentId);
      expect(verification, `round ${round}`).toMatchObject({ ok: true });
      // The child never yielded, so nothing it recorded was indexed for search: it is, now, once.
      await journal.checked();
      const last = acked.at(-1);
      if (last) {
        const hits = journal.search(journal.getEntry(last).text!, { incidentId, limit: 500 }).filter((hit) => hit.entry.id === last);
        expect(hits, `round ${round}: the last acknowledged note found by search`).toHaveLength(1);
      }
      journal.close();
    }
    // The test means nothing if the child never got to append before being killed.
    expect(totalAcked).toBeGreaterThan(ROUNDS * 5);
  }, 180_000);
});
