import { describe, expect, it } from 'vitest';
import { SyncDatabase } from '../../src/main/core/sync/sync-database';
import { parseTeamDatabaseAddress } from '../../src/main/core/sync/team-database-address';
import { entrySet } from '../chains/two-devices';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { waitFor } from '../support/free-port';
import { teamDatabaseForFile } from '../support/team-database-fixture';

const team = teamDatabaseForFile();

const MINUTE = 60_000;

/** Every console holds the same entries, and every chain of the incident verifies in each. */
async function converged(consoles: SyncClient[], incidentId: string): Promise<string[]> {
  return waitFor(
    'the consoles to hold the same entries',
    () => {
      const sets = consoles.map((console) => entrySet(console.journal, incidentId).join('\n'));
      return sets.every((set) => set === sets[0]) ? sets[0]!.split('\n') : undefined;
    },
    40_000,
  );
}

describe('three consoles, each with its own journal and its own link to the team database', () => {
  it('converge through a missed NOTIFY, skewed clocks and replayed pushes, with every chain verified and nothing lost', async () => {
    team.pg.psql('CREATE DATABASE three_consoles');
    // Clocks minutes apart: the order of the database is its own (ingest_seq), not anyone's clock.
    // The safety-net pull is a minute away: what reaches a console here comes by NOTIFY or by the re-pull of a reconnect.
    const [commander, scribe, expert] = await Promise.all(
      [-4 * MINUTE, 0, 7 * MINUTE].map((skewMs) => startSyncClient({ pgPort: team.pg.port, database: 'three_consoles', skewMs, periodicPullMs: 60_000 })),
    );
    team.clients.push(commander!, scribe!, expert!);
    const consoles = [commander!, scribe!, expert!];

    const incident = commander!.journal.createIncident({ title: 'Checkout down', detectedBy: 'pager' });
    commander!.checkpoint(incident.id);
    scribe!.join(incident, commander!);
    expert!.join(incident, commander!);
    const acknowledged = new Map<SyncClient, string[]>();
    const note = (console: SyncClient, text: string) => {
      const entry = console.journal.append(incident.id, { kind: 'note', text, data: {} });
      acknowledged.set(console, [...(acknowledged.get(console) ?? []), entry.id]);
    };
    for (const [index, console] of consoles.entries()) {
      for (let n = 1; n <= 5; n += 1) note(console, `console ${index} note ${n}`);
      console.checkpoint(incident.id);
    }
    await converged(consoles, incident.id);

    // The scribe's link stalls while the commander pushes: its NOTIFY waits in the stalled link, then the link is cut.
    scribe!.proxy.pause();
    for (let n = 1; n <= 5; n += 1) note(commander!, `while the scribe was away ${n}`);
    await waitFor('the commander to push', () => (commander!.sync.current().waiting === 0 ? true : undefined));
    note(scribe!, 'written offline');
    scribe!.proxy.cut();
    scribe!.proxy.resume();
    const entries = await converged(consoles, incident.id);

    for (const console of consoles) {
      const verification = console.journal.verify(incident.id);
      expect(verification.ok, JSON.stringify(verification.broken)).toBe(true);
      expect(verification.chains).toHaveLength(3);
      expect(console.sync.current().refused).toEqual([]);
    }
    // Nothing acknowledged by any console is missing anywhere.
    const ids = new Set(entries.map((line) => line.split(' ')[0]));
    for (const written of acknowledged.values()) for (const id of written) expect(ids.has(id)).toBe(true);

    // Replays: every console's whole record pushed again, and a page imported twice, change nothing.
    const rowsBefore = team.pg.psql('SELECT count(*) FROM sync_entries', 'three_consoles');
    const replay = await SyncDatabase.connect(parseTeamDatabaseAddress(`postgres://postgres@127.0.0.1:${team.pg.port}/three_consoles`), () => undefined);
    for (const console of consoles) {
      const all = console.journal.exportChains(incident.id);
      expect(await replay.push(all.entries, all.deviceKeys)).toMatchObject({ inserted: 0, conflicts: [] });
    }
    const page = await replay.pull(0, 10_000);
    await replay.close();
    expect(commander!.journal.importChains(incident.id, { entries: page.entries.map((row) => row.entry), deviceKeys: page.deviceKeys })).toMatchObject({
      added: 0,
      refused: [],
    });
    expect(team.pg.psql('SELECT count(*) FROM sync_entries', 'three_consoles')).toBe(rowsBefore);
    for (const console of consoles) await console.sync.syncNow();
    expect(await converged(consoles, incident.id)).toEqual(entries);
  });

  it('refuses an equivocating device on every console and journals the alarm, while the database keeps both rows', async () => {
    team.pg.psql('CREATE DATABASE equivocation');
    const [commander, scribe] = await Promise.all([0, 1].map(() => startSyncClient({ pgPort: team.pg.port, database: 'equivocation' })));
    team.clients.push(commander!, scribe!);
    const incident = commander!.journal.createIncident({ title: 'Payments slow', detectedBy: 'customer' });
    scribe!.join(incident, commander!);
    scribe!.journal.append(incident.id, { kind: 'note', text: 'p99 at 4 s', data: {} });
    await converged([commander!, scribe!], incident.id);

    // A second install claiming the scribe's device writes another seq 1 and 2 of its chain.
    const forger = await startSyncClient({ pgPort: team.pg.port, database: 'equivocation', device: scribe!.device, key: scribe!.key });
    team.clients.push(forger);
    forger.join(incident, commander!);
    forger.journal.append(incident.id, { kind: 'note', text: 'p99 is fine', data: {} });
    const pushedConflict = await forger.until('its push reported as a conflict', (status) => status.refused.length > 0);
    expect(pushedConflict.refused[0]).toMatchObject({ incidentId: incident.id, device: scribe!.device });

    commander!.sync.wake();
    const refused = await commander!.until('the commander to refuse the scribe chain', (status) => status.refused.length > 0);
    expect(refused.refused[0]).toMatchObject({ incidentId: incident.id, device: scribe!.device });
    const alarms = commander!.journal.allEntries(incident.id).filter((entry) => entry.kind === 'tampering_alarm');
    expect(alarms.length, JSON.stringify(refused.refused)).toBeGreaterThan(0);
    expect(JSON.stringify(alarms[0]!.data)).toContain(scribe!.device);
    expect(commander!.journal.allEntries(incident.id).some((entry) => entry.text === 'p99 is fine')).toBe(false);
    expect(scribe!.journal.allEntries(incident.id).some((entry) => entry.text === 'p99 is fine')).toBe(false);
    scribe!.sync.wake();
    const scribeRefused = await scribe!.until('the scribe to refuse what claims to be its own chain', (status) => status.refused.length > 0);
    expect(scribeRefused.refused[0]).toMatchObject({ incidentId: incident.id, device: scribe!.device });
    expect(Number(team.pg.psql(`SELECT count(*) FROM sync_entries WHERE device = '${scribe!.device}' AND seq = 1`, 'equivocation'))).toBe(2);
  });
});
