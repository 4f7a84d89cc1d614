import { z } from 'zod';
import { IsoTime } from './model';

/** What the renderer may know of the team database: where it is, never who logs in or with what. */
export const TeamDatabaseView = z.object({
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  tls: z.boolean(),
});
export type TeamDatabaseView = z.infer<typeof TeamDatabaseView>;

/**
 * The sync state, true at every moment: whether a team database is set and reached, when a push
 * or pull was last confirmed, how many local entries the database is not yet known to hold, and
 * the last failure in plain words.
 */
export const SyncStatus = z.object({
  /** Where the team database is; null when none is configured (then nothing syncs, and nothing is lost). */
  database: TeamDatabaseView.nullable(),
  /** off: none configured; connecting; online (listening); offline (not reached: retried). */
  connection: z.enum(['off', 'connecting', 'online', 'offline']),
  /** When a push or pull was last confirmed by the database. */
  lastSyncedAt: IsoTime.nullable(),
  /** Local entries not yet confirmed in the team database (appends never wait for it). */
  waiting: z.number().int().nonnegative(),
  /** A push was sent and its answer never came: it may be in the database; it is sent again (pushes are idempotent). */
  pushOutcomeUnknown: z.boolean(),
  lastError: z.object({ at: IsoTime, message: z.string() }).nullable(),
  /** Chains the import refused (equivocation, a signature that does not verify), in plain words. */
  refused: z.array(z.object({ incidentId: z.string(), device: z.string(), message: z.string() })),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** Sets the team database (kept in the OS keychain, never shown again) or clears it (null). */
export const ConfigureSyncInput = z
  .object({
    connectionString: z.string().trim().min(1, 'Give the connection string').max(4000).nullable(),
  })
  .strict();
