import type { SyncStatus } from '../../../shared/sync-schemas';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { Handlers, MethodsIn } from '../handlers';
import type { SecretStore } from '../secrets';
import type { SyncDatabaseOptions } from './sync-database';
import type { SyncJournal } from './sync-journal';
import { SyncStateFile } from './sync-state-file';
import { parseTeamDatabaseAddress, type TeamDatabaseAddress } from './team-database-address';
import { TeamSync } from './team-sync';

/** Where the connection string lives in the OS keychain: it holds the database password, so nowhere else. */
export const TEAM_DATABASE_SECRET = { service: 'Incident Console team database', account: 'connection string' } as const;

export interface SyncServiceDeps {
  dataDir: string;
  clock: Clock;
  events: EventBus;
  secrets: SecretStore;
  journal: SyncJournal;
  nativeBinding?: string;
  periodicPullMs?: number;
  retryMs?: number;
  database?: SyncDatabaseOptions;
  reportSetAside?: (path: string, movedTo: string | null, reason: string) => void;
}

export interface SyncService {
  handlers: Handlers<MethodsIn<'sync'>>;
  /** The loop itself, for tests to wait on a cycle. */
  sync: TeamSync;
  close(): Promise<void>;
}

/**
 * The team sync as the app serves it: the connection string read from (and written to) the
 * keychain only, parsed (TLS off loopback) before it is kept, the loop woken by every append,
 * and its status pushed to the renderer as `sync.status` whenever it changes.
 */
export function createSyncService(deps: SyncServiceDeps): SyncService {
  const state = new SyncStateFile(deps.dataDir, deps.nativeBinding, deps.reportSetAside);
  /** Read once from the keychain, then kept in main's memory (never sent anywhere but to PostgreSQL). */
  let address: Promise<TeamDatabaseAddress | null> | undefined;
  const readAddress = () => {
    address ??= deps.secrets
      .get(TEAM_DATABASE_SECRET.service, TEAM_DATABASE_SECRET.account)
      .then((stored) => (stored ? parseTeamDatabaseAddress(stored) : null))
      .catch((error: unknown) => {
        address = undefined;
        throw error;
      });
    return address;
  };
  const sync = new TeamSync({
    journal: deps.journal,
    state,
    clock: deps.clock,
    address: readAddress,
    onStatus: (status: SyncStatus) => deps.events.emit('sync.status', status),
    periodicPullMs: deps.periodicPullMs,
    retryMs: deps.retryMs,
    database: deps.database,
  });
  const unsubscribe = deps.events.subscribe((name) => {
    if (name === 'journal.appended') sync.wake();
  });
  sync.start();

  return {
    sync,
    handlers: {
      'sync.status': () => sync.current(),
      'sync.now': () => sync.syncNow(),
      'sync.configure': async ({ connectionString }) => {
        if (connectionString === null) {
          await deps.secrets.delete(TEAM_DATABASE_SECRET.service, TEAM_DATABASE_SECRET.account);
          address = Promise.resolve(null);
        } else {
          // Refused before it is kept: a string that would send entries in clear text is never stored.
          const parsed = parseTeamDatabaseAddress(connectionString);
          await deps.secrets.set(TEAM_DATABASE_SECRET.service, TEAM_DATABASE_SECRET.account, connectionString);
          address = Promise.resolve(parsed);
        }
        sync.reconfigured();
        return sync.syncNow();
      },
    },
    async close() {
      unsubscribe();
      await sync.stop();
      state.close();
    },
  };
}
