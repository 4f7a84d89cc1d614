import { z } from 'zod';
import { CatalogCommand, CommandEffect } from './command-catalog';

// Hosts and runs as they cross the contract. Hosts hold no secrets: SSH goes through the
// operator's own OpenSSH client, its config, agent and known_hosts.

const SAFE_PATH = /^\/[A-Za-z0-9._/@+-]{0,1023}$/;
const HOST_OR_IP = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9a-fA-F:]{2,39})$/;
const PORT = /^[1-9]\d{0,4}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export const HostName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'Letters, digits, . _ - (no spaces)');
export const RoleTag = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'Lowercase tag, e.g. backend, worker, db, redis');

/**
 * Extra `-o` options an operator may give one host. ProxyCommand, LocalCommand,
 * KnownHostsCommand and friends run commands and are refused; so is anything not listed.
 */
export const ALLOWED_SSH_OPTIONS = [
  'UserKnownHostsFile',
  'GlobalKnownHostsFile',
  'StrictHostKeyChecking',
  'HostKeyAlias',
  'IdentitiesOnly',
  'CertificateFile',
  'ServerAliveInterval',
  'ServerAliveCountMax',
  'PreferredAuthentications',
  'LogLevel',
  'AddressFamily',
  'ConnectionAttempts',
] as const;
export const SshOptionName = z.enum(ALLOWED_SSH_OPTIONS);

export const SshOption = z
  .object({
    name: SshOptionName,
    value: z
      .string()
      .regex(/^[A-Za-z0-9._/@:,+=~-]{1,1024}$/, 'No spaces, quotes or shell characters')
      .refine((v) => !v.startsWith('-'), 'May not start with "-"'),
  })
  .strict();
export type SshOption = z.infer<typeof SshOption>;

export const SshTarget = z
  .object({
    kind: z.literal('ssh'),
    user: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/, 'A user name')
      .optional(),
    host: z.string().regex(HOST_OR_IP, 'A host name, alias or IP address'),
    port: z.number().int().min(1).max(65535).optional(),
    /** ProxyJump: user@host[:port][,user@host…]. */
    jumpHost: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.@:,[\]-]{0,254}$/, 'user@host[:port]')
      .optional(),
    identityFile: z.string().regex(SAFE_PATH, 'An absolute path without spaces').optional(),
    connectTimeoutSeconds: z.number().int().min(1).max(120).default(10),
    options: z.array(SshOption).max(16).default([]),
  })
  .strict();
export type SshTarget = z.infer<typeof SshTarget>;

export const LocalTarget = z.object({ kind: z.literal('local') }).strict();

export const HostTarget = z.discriminatedUnion('kind', [LocalTarget, SshTarget]);
export type HostTarget = z.infer<typeof HostTarget>;

/** Where this host's Redis and Postgres listen, as the host sees them: fills the catalog's defaults. */
export const HostConnection = z
  .object({
    redisHost: z.string().regex(HOST_OR_IP, 'A host name or IP address').optional(),
    redisPort: z.string().regex(PORT, 'A port number').optional(),
    pgHost: z.string().regex(HOST_OR_IP, 'A host name or IP address').optional(),
    pgPort: z.string().regex(PORT, 'A port number').optional(),
    pgUser: z.string().regex(IDENTIFIER, 'Letters, digits and _ only').optional(),
    pgDatabase: z.string().regex(IDENTIFIER, 'Letters, digits and _ only').optional(),
  })
  .strict();
export type HostConnection = z.infer<typeof HostConnection>;

export const Host = z
  .object({
    name: HostName,
    target: HostTarget,
    roles: z.array(RoleTag).max(16).default([]),
    connection: HostConnection.default({}),
  })
  .strict();
export type Host = z.infer<typeof Host>;
export type HostInput = z.input<typeof Host>;

export const HostList = z.object({ hosts: z.array(Host) });

export const ParamValues = z.record(z.string().regex(/^[a-z][A-Za-z0-9]{0,31}$/), z.string().max(1024));

export const CatalogAnswer = z.object({ commands: z.array(CatalogCommand) });

export const PreviewInput = z.object({ commandId: z.string(), hostName: HostName, params: ParamValues.default({}) }).strict();

export const PreviewAnswer = z.object({
  commandId: z.string(),
  hostName: z.string(),
  /** The exact argv of each step (a wait step is `["(wait 30 s)"]` for display only). */
  steps: z.array(z.array(z.string())),
  /** The ssh prefix that carries it, or [] when local. */
  transport: z.array(z.string()),
  /** The values used, after host settings and defaults were applied. */
  params: z.record(z.string(), z.string()),
  effect: CommandEffect,
  changeDescription: z.string().nullable(),
  timeoutSeconds: z.number().int(),
});
export type PreviewAnswer = z.infer<typeof PreviewAnswer>;

export const RunInput = z
  .object({
    commandId: z.string(),
    hostName: HostName,
    params: ParamValues.default({}),
    /** The incident the run is journaled into; without one the run is not journaled (the UI says so). */
    incidentId: z.string().uuid().optional(),
    timeoutSeconds: z.number().int().min(1).max(3600).optional(),
    /** Required for commands that change a system; must name this host and the command's effect. */
    confirmed: z.object({ host: HostName, effect: CommandEffect }).strict().optional(),
  })
  .strict();
export type RunInput = z.input<typeof RunInput>;

/** queued: waiting for a slot on its host (a few run at once per host); it has not started. */
export const RunStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'could_not_start']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunSummary = z.object({
  runId: z.string(),
  commandId: z.string(),
  title: z.string(),
  hostName: z.string(),
  hostLabel: z.string(),
  argv: z.array(z.string()),
  steps: z.array(z.array(z.string())),
  effect: CommandEffect,
  status: RunStatus,
  /** When it was asked for while queued; when it started once it runs. */
  startedAt: z.string(),
  /** 1 = next to start on its host; null once it has started (or never will). */
  queuePosition: z.number().int().positive().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timeoutSeconds: z.number().int(),
  /** Which step is running (1-based) of how many; a wait step counts. */
  step: z.number().int(),
  stepCount: z.number().int(),
  outputBytes: z.number().int().nonnegative(),
  incidentId: z.string().nullable(),
  journalEntryId: z.string().nullable(),
  /** Why the run could not be journaled, when it could not. */
  journalError: z.string().nullable(),
  errorMessage: z.string().nullable(),
  params: z.record(z.string(), z.string()),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunRef = z.object({ runId: z.string() }).strict();

export const RunList = z.object({ runs: z.array(RunSummary) });

export const RunDetail = z.object({
  run: RunSummary,
  /** Scrubbed, capped output (head and tail, the cut marked). */
  output: z.string(),
  outputTruncated: z.boolean(),
});
export type RunDetail = z.infer<typeof RunDetail>;

/** Live output, already scrubbed; batched, and when output floods only the newest part is sent. */
export const RunOutputEvent = z.object({
  runId: z.string(),
  seq: z.number().int().nonnegative(),
  text: z.string(),
  /** Bytes not sent live before this text (the stored copy keeps head and tail). */
  skippedBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});
export type RunOutputEvent = z.infer<typeof RunOutputEvent>;

export const SaveHostInput = z.object({ host: Host, previousName: HostName.optional() }).strict();
export const RemoveHostInput = z.object({ name: HostName }).strict();
