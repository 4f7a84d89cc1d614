import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock } from '../../src/main/core/clock';
import { Journal } from '../../src/main/core/journal/journal';
import { createTeamService, type TeamService } from '../../src/main/core/team/team-service';

/** One console: its operator, its device, its own clock, a real journal and the real team service over it. */
export interface TestConsole {
  operator: string;
  device: string;
  clock: AdjustableClock;
  journal: Journal;
  team: TeamService;
}

export const ALICE_DEVICE = '11111111-1111-4111-8111-111111111111';
export const SAM_DEVICE = '22222222-2222-4222-8222-222222222222';

/**
 * Two consoles writing one incident: until chains per device are merged (issue 17's core), the
 * closest real thing is two Journal connections, each with its own author, device and clock, on
 * one SQLite file, so each sees the other's entries as a merged journal will show them.
 */
export function twoConsoles(start = '2026-03-15T09:00:00.000Z') {
  const dir = mkdtempSync(join(tmpdir(), 'incident-console-team-'));
  const path = join(dir, 'journal.sqlite');
  const make = (operator: string, device: string): TestConsole => {
    const clock = AdjustableClock.frozen(new Date(start));
    const journal = new Journal({ path, clock, author: operator, device });
    return { operator, device, clock, journal, team: createTeamService({ journal, operator, device }) };
  };
  const alice = make('alice', ALICE_DEVICE);
  const sam = make('sam', SAM_DEVICE);
  return {
    alice,
    sam,
    dispose() {
      sam.journal.close();
      alice.journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
