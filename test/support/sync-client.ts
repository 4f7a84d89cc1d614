import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock } from '../../src/main/core/clock';
import { generateDeviceKey, signBytes, type DeviceKeyPair } from '../../src/main/core/evidence/device-key';
import { statementBytes } from '../../src/main/core/evidence/statements';
import { Journal } from '../../src/main/core/journal/journal';
import { journalSyncPort } from '../../src/main/core/sync/journal-sync-port';
import { SyncStateFile } from '../../src/main/core/sync/sync-state-file';
import { parseTeamDatabaseAddress } from '../../src/main/core/sync/team-database-address';
import { TeamSync } from '../../src/main/core/sync/team-sync';
import { CHECKPOINT_STATEMENT_TYPE, type CheckpointStatement } from '../../src/shared/evidence-statements';
import type { Incident, TimelineEntry } from '../../src/shared/model';
import type { SyncStatus } from '../../src/shared/sync-schemas';
import { waitFor } from './free-port';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/** One console as sync sees it: its own SQLite journal and state file, its own device, its own proxy to the team database. */
export interface SyncClient {
  dir: string;
  device: string;
  /** This console's device key (its checkpoints are signed with it, and a join names the commander's). */
  key: DeviceKeyPair;
  journal: Journal;
  sync: TeamSync;
  proxy: TcpProxy;
  clock: AdjustableClock;
  /** A checkpoint signed with this console's key, stating the other chains' heads as its journal holds them. */
  checkpoint(incidentId: string): TimelineEntry;
  /** Opens the commander's incident here, as a join code would. */
  join(incident: Incident, commander: SyncClient): Incident;
  /** Waits until the sync status satisfies `ok` (the status seen last is in the timeout's message). */
  until(what: string, ok: (status: SyncStatus) => boolean, timeoutMs?: number): Promise<SyncStatus>;
  /** Stops the loop and closes the journal; the proxy stays for a restart on the same dir. */
  stop(): Promise<void>;
}

export interface SyncClientOptions {
  pgPort: number;
  database: string;
  /** A restart: the same data dir, device and proxy as before. */
  dir?: string;
  device?: string;
  key?: DeviceKeyPair;
  proxy?: TcpProxy;
  /** The safety-net pull (default 2 s); long when a test must see that reconnects alone re-pull. */
  periodicPullMs?: number;
  /** This console's clock runs this far from the real one (clocks skewed by minutes). */
  skewMs?: number;
  queryTimeoutMs?: number;
}

export async function startSyncClient(options: SyncClientOptions): Promise<SyncClient> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ic-sync-client-'));
  const device = options.device ?? randomUUID();
  const key = options.key ?? generateDeviceKey();
  const proxy = options.proxy ?? (await startTcpProxy(options.pgPort));
  const clock = new AdjustableClock(new Date(Date.now() + (options.skewMs ?? 0)));
  // Every append wakes the loop, as the app's journal.appended event does.
  let wake = () => {};
  const journal = new Journal({ path: join(dir, 'journal.sqlite'), clock, author: `operator-${device.slice(0, 4)}`, device, onAppended: () => wake() });
  await journal.checked();
  const state = new SyncStateFile(dir);
  const address = parseTeamDatabaseAddress(`postgres://postgres@127.0.0.1:${proxy.port}/${options.database}`);
  const sync = new TeamSync({
    journal: journalSyncPort(journal, device),
    state,
    clock,
    address: async () => address,
    periodicPullMs: options.periodicPullMs ?? 2_000,
    retryMs: 200,
    database: { connectTimeoutMs: 2_000, queryTimeoutMs: options.queryTimeoutMs ?? 5_000 },
  });
  wake = () => sync.wake();
  sync.start();
  return {
    dir,
    device,
    key,
    journal,
    sync,
    checkpoint: (incidentId) =>
      journal.appendStating(
        incidentId,
        (head) => {
          const statement: CheckpointStatement = {
            type: CHECKPOINT_STATEMENT_TYPE,
            v: 1,
            incident: incidentId,
            device,
            keyFingerprint: key.fingerprint,
            chainLength: head.chainLength,
            headHash: head.headHash,
            at: head.at,
            reason: 'export',
            others: head.others ?? [],
          };
          return { kind: 'checkpoint', text: 'Checkpoint', data: { statement, signature: signBytes(key.privateKey, statementBytes(statement)) } };
        },
        { deviceId: device, publicKey: key.publicKey, fingerprint: key.fingerprint },
      ),
    join: (incident, commander) =>
      journal.joinIncident({
        incidentId: incident.id,
        title: incident.title,
        detectedBy: incident.detectedBy,
        startedAt: incident.startedAt,
        commander: { deviceId: commander.device, publicKey: commander.key.publicKey, fingerprint: commander.key.fingerprint },
      }),
    proxy,
    clock,
    until: (what, ok, timeoutMs = 30_000) =>
      waitFor(`${what} (last status ${JSON.stringify(sync.current())})`, () => (ok(sync.current()) ? sync.current() : undefined), timeoutMs),
    async stop() {
      await sync.stop();
      state.close();
      journal.close();
    },
  };
}
