import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal, type ChainExport } from '../../src/main/core/journal/journal';
import { COMMANDER, RESPONDER, twoConsoles, type TwoConsoles } from './two-devices';

const ENTRIES = 20_000;
/** Kills at these delays after the import starts; the last is never reached (the import finishes, as a control). */
const KILL_AFTER_MS = [5, 60, 150, 300, 600, 1200, 600_000];
const ROUNDS = KILL_AFTER_MS.length;

let fx: TwoConsoles;
let incidentId: string;
let offerPath: string;
beforeAll(() => {
  fx = twoConsoles();
  incidentId = fx.shared().id;
  const notes = Array.from({ length: ENTRIES }, (_, i) => ({ kind: 'note' as const, text: `responder note ${i} ${'y'.repeat(i % 200)}`, data: {} }));
  fx.responder.journal.appendBatch(incidentId, notes);
  offerPath = join(fx.dir, 'offer.json');
  writeFileSync(offerPath, JSON.stringify(fx.responder.journal.exportChains(incidentId, { ownOnly: true })));
  fx.commander.reopen().close();
});
afterAll(() => fx.dispose());

/** Imports in a child and SIGKILLs it `afterMs` after it starts the import; whether it finished first, and what it said. */
function importThenKill(path: string, afterMs: number): Promise<{ finished: boolean; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/chains/import-child.ts', path, offerPath, incidentId, COMMANDER], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let finished = false;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
      else if (line.startsWith('done ')) finished = true;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`the child failed (${code}, ${signal}): ${stderr}`));
      else resolve({ finished, killed: signal === 'SIGKILL' });
    });
  });
}

describe('an import killed with SIGKILL', () => {
  it(`leaves, each of ${ROUNDS - 1} times, either nothing or the whole of the chain, and every chain verifying`, async () => {
    const outcomes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const path = join(fx.dir, `round-${round}.sqlite`);
      copyFileSync(fx.commander.path, path);
      const run = await importThenKill(path, KILL_AFTER_MS[round]!);
      const journal = new Journal({ path, clock: fx.clock, author: 'check', device: COMMANDER });
      try {
        const taken = journal.allEntries(incidentId).filter((entry) => entry.device === RESPONDER).length;
        // The responder's chain: incident_joined + the notes.
        expect([0, ENTRIES + 1], `round ${round}`).toContain(taken);
        if (run.finished) expect(taken, `round ${round}: acknowledged, so kept`).toBe(ENTRIES + 1);
        expect(journal.verify(incidentId, { full: true }), `round ${round}`).toMatchObject({ ok: true });
        expect(journal.getIncident(incidentId).entryCount).toBe(2 + taken);
        // Whatever the kill left, importing again completes it.
        expect(journal.importChains(incidentId, JSON.parse(readFileSync(offerPath, 'utf8')) as ChainExport).added).toBe(ENTRIES + 1 - taken);
        outcomes.push(taken);
      } finally {
        journal.close();
      }
    }
    // At least one kill landed inside the transaction (nothing taken), so the test did cut an import; the control took it all.
    expect(outcomes).toContain(0);
    expect(outcomes.at(-1)).toBe(ENTRIES + 1);
  }, 240_000);
});
