import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { entrySet } from '../chains/two-devices';
import { startSyncClient, type SyncClient } from '../support/sync-client';
import { waitFor } from '../support/free-port';
import { teamDatabaseForFile } from '../support/team-database-fixture';

const team = teamDatabaseForFile();

const rows = (sql: string) => Number(team.pg.psql(sql, 'killed_mid_push'));

/** Runs the console in a child until its push is in the database but unanswered, SIGKILLs it, returns what it acknowledged. */
function appendUntilKilled(responder: SyncClient, incidentId: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const args = [
      '--import',
      'tsx',
      'test/sync/sync-client-child.ts',
      responder.dir,
      responder.device,
      String(responder.proxy.port),
      'killed_mid_push',
      incidentId,
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('ack ')) acked.push(line.slice(4));
      // The server took the push (its rows are there) and the child never heard: kill it now.
      if (line === 'pushing') {
        void waitFor('the push to reach the database', () =>
          rows(`SELECT count(*) FROM sync_entries WHERE device = '${responder.device}'`) > 2 ? true : undefined,
        ).then(() => child.kill('SIGKILL'), reject);
      }
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the child ended without being killed: ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('a console killed mid-push', () => {
  it('loses nothing it acknowledged: restarted, it settles the unknown push without duplicates and the others get everything', async () => {
    team.pg.psql('CREATE DATABASE killed_mid_push');
    const commander = await startSyncClient({ pgPort: team.pg.port, database: 'killed_mid_push' });
    const responder = await startSyncClient({ pgPort: team.pg.port, database: 'killed_mid_push' });
    team.clients.push(commander);
    const incident = commander.journal.createIncident({ title: 'Search index stale', detectedBy: 'support' });
    responder.join(incident, commander);
    await waitFor('the responder to have pushed its join', () => (rows('SELECT count(*) FROM sync_entries') >= 2 ? true : undefined));
    await responder.until('settled', (status) => status.waiting === 0 && status.connection === 'online');
    await responder.stop();

    responder.proxy.holdRepliesAfter('sync_push');
    const acked = await appendUntilKilled(responder, incident.id);
    expect(acked.length).toBeGreaterThan(0);
    responder.proxy.resume();

    const restarted = await startSyncClient({
      pgPort: team.pg.port,
      database: 'killed_mid_push',
      dir: responder.dir,
      device: responder.device,
      key: responder.key,
      proxy: responder.proxy,
    });
    team.clients.push(restarted);
    const held = new Set(restarted.journal.allEntries(incident.id).map((entry) => entry.id));
    for (const id of acked) expect(held.has(id)).toBe(true);

    const settled = await restarted.until('settled', (status) => status.connection === 'online' && status.waiting === 0 && !status.pushOutcomeUnknown);
    expect(settled.lastError).toBeNull();
    commander.sync.wake();
    await waitFor('the commander to hold every acknowledged entry', () => {
      const ids = new Set(commander.journal.allEntries(incident.id).map((entry) => entry.id));
      return acked.every((id) => ids.has(id)) ? true : undefined;
    });
    expect(rows('SELECT count(*) FROM (SELECT 1 FROM sync_entries GROUP BY incident_id, device, seq HAVING count(*) > 1) d')).toBe(0);
    await waitFor('the same entries on both', () =>
      entrySet(commander.journal, incident.id).join() === entrySet(restarted.journal, incident.id).join() ? true : undefined,
    );
    expect(commander.journal.verify(incident.id).ok).toBe(true);
  });
});
