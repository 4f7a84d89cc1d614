import { z } from 'zod';

// What the renderer and main exchange about Powernode: profiles, sessions, the kill switch and
// agents. Nothing here ever carries a token; the password travels renderer→main once, at login.

export const ProfileName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/i, 'Use letters, digits, "-" or "_" (up to 32), e.g. prod or staging');

export const BaseUrl = z.string().superRefine((value, ctx) => {
  const refuse = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (!/^https?:\/\//i.test(value)) return refuse('The base URL must start with http:// or https://');
  // A password in the URL would sit in the profiles file and on screen; it belongs to the login, in the keychain.
  if (hasCredentials(value)) return refuse('Leave user and password out of the base URL (no "user:password@"); log in with them instead');
  if (!isUrl(value)) refuse('Invalid URL');
});

/** zod's URL check (WHATWG parsing): shared code has no `URL` global of its own to rely on. */
const isUrl = (value: string): boolean => z.url().safeParse(value).success;

/** `user@` or `user:password@` before the host; a password with "/" in it makes the URL unparsable, and is caught too. */
function hasCredentials(url: string): boolean {
  return /^https?:\/\/[^/?#\s]*@/i.test(url) || (!isUrl(url) && /^https?:\/\/[^\s@]*:[^\s@]*@/i.test(url));
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Plain http is fine to a server on this machine (a tunnel, the fake); to anything else the
 * password and tokens would cross the network readable. Said beside the profile, not refused.
 */
export function baseUrlWarning(baseUrl: string): string | undefined {
  const match = /^http:\/\/(\[[^\]]+\]|[^/?#:]+)/i.exec(baseUrl.trim());
  if (!match?.[1] || LOOPBACK_HOST.test(match[1])) return undefined;
  return `Plain http to ${match[1]}: the password and tokens would cross the network unencrypted. Use https, unless this is a tunnel you trust.`;
}

export const Profile = z.object({
  name: ProfileName,
  baseUrl: BaseUrl,
  email: z.string().email(),
});
export type Profile = z.infer<typeof Profile>;

export const ProfileView = Profile.extend({
  /** Whether the keychain holds a password / refresh token for it (never the values). */
  hasStoredPassword: z.boolean(),
  hasStoredRefreshToken: z.boolean(),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const KeychainStatus = z.object({
  available: z.boolean(),
  /** Plain words when it is not, e.g. "No Secret Service on the D-Bus session". */
  message: z.string().nullable(),
});
export type KeychainStatus = z.infer<typeof KeychainStatus>;

export const ProfilesList = z.object({ profiles: z.array(ProfileView), keychain: KeychainStatus });
export type ProfilesList = z.infer<typeof ProfilesList>;

export const ProfileRef = z.object({ profile: ProfileName }).strict();
export const OptionalIncident = z.string().uuid().optional();

export const LoginInput = z
  .object({
    profile: ProfileName,
    password: z.string().min(1, 'Enter the password'),
    /** Keep password and refresh token in the OS keychain; false = this run only, in memory. */
    remember: z.boolean(),
    incidentId: OptionalIncident,
  })
  .strict();

export const Verify2faInput = z
  .object({ profile: ProfileName, code: z.string().regex(/^\d{6}$/, 'The code is 6 digits'), incidentId: OptionalIncident })
  .strict();

export const LogoutInput = z.object({ profile: ProfileName, incidentId: OptionalIncident }).strict();

export const SessionState = z.enum(['logged_out', 'needs_2fa', 'logged_in', 'can_resume']);

export const SessionView = z.object({
  profile: ProfileName,
  state: SessionState,
  user: z.object({ name: z.string(), email: z.string(), permissions: z.array(z.string()) }).nullable(),
  /** When the current access token expires (it is refreshed by itself). */
  accessExpiresAt: z.string().nullable(),
  /** Where the credentials live: the OS keychain, or memory for this run only. */
  storage: z.enum(['keychain', 'memory', 'none']),
});
export type SessionView = z.infer<typeof SessionView>;

export const LoginResult = z.object({ session: SessionView, warning: z.string().nullable() });

export const SessionsList = z.object({ sessions: z.array(SessionView), keychain: KeychainStatus });

// ── kill switch ─────────────────────────────────────────────────────────

export const Person = z.object({ id: z.string().nullable(), name: z.string(), email: z.string() });

export const KillSwitchAction = z.enum(['halt', 'resume']);
export type KillSwitchAction = z.infer<typeof KillSwitchAction>;

/** A halt or resume that was sent and whose outcome the console is confirming with the server. */
export const PendingAction = z.object({
  action: KillSwitchAction,
  sentAt: z.string(),
  /** Why the outcome is not known (the answer timed out, the connection dropped, HTTP 500…). */
  problem: z.string(),
});
export type PendingAction = z.infer<typeof PendingAction>;

/** How the last unclear outcome was settled, in the journal's words. */
export const SettledAction = z.object({
  action: KillSwitchAction,
  result: z.enum(['confirmed', 'not_applied', 'unchanged']),
  outcome: z.string(),
  at: z.string(),
});
export type SettledAction = z.infer<typeof SettledAction>;

export const KillSwitchState = z.object({
  profile: ProfileName,
  state: z.enum(['running', 'halted', 'unknown', 'not_connected']),
  /** While the state is unknown: the last state the server confirmed (at checkedAt). */
  lastKnown: z.enum(['running', 'halted']).nullable(),
  /** Halted since (server time), or null. */
  since: z.string().nullable(),
  haltedBy: Person.nullable(),
  reason: z.string().nullable(),
  /** Last successful answer from the server. */
  checkedAt: z.string().nullable(),
  /** When answers stopped (the state is "unknown since …"). */
  unknownSince: z.string().nullable(),
  /** The last failure, in plain words. */
  problem: z.string().nullable(),
  /** While rate limited (429): no request of this profile before this time. */
  retryAfter: z.string().nullable(),
  /** A halt or resume sent whose outcome is being confirmed ("halt sent, confirming…"). */
  pending: PendingAction.nullable(),
  /** The last unclear outcome, once settled. */
  settled: SettledAction.nullable(),
  /** The status poll interval: a status older than two of them is stale. */
  pollMs: z.number().int().positive(),
});
export type KillSwitchState = z.infer<typeof KillSwitchState>;

export const KillSwitchStatusInput = z.object({ profile: ProfileName, refresh: z.boolean().default(false) }).strict();

/**
 * The operator may send a halt or resume while Powernode's 429 window lasts (the console's own
 * back-off never blocks them); without this flag the console honours the window and sends nothing.
 */
const DespiteRateLimit = z.boolean().optional();
export const KillSwitchOverview = z.object({ states: z.array(KillSwitchState) });

export const HaltInput = z
  .object({
    profile: ProfileName,
    reason: z.string().trim().min(5, 'Say in one sentence why you halt').max(300, 'One sentence, 300 characters at most'),
    incidentId: OptionalIncident,
    despiteRateLimit: DespiteRateLimit,
  })
  .strict();

export const ResumeMode = z.enum(['full', 'minimal']);
export type ResumeMode = z.infer<typeof ResumeMode>;

export const ResumeInput = z
  .object({
    profile: ProfileName,
    summary: z.string().trim().min(5, 'Write the remediation summary (what was fixed)').max(2000),
    mode: ResumeMode,
    incidentId: OptionalIncident,
    despiteRateLimit: DespiteRateLimit,
  })
  .strict();

export const KillSwitchActionResult = z.object({
  state: KillSwitchState,
  /**
   * changed: done; unchanged: the state already was what was asked (409), nothing changed;
   * unknown: sent, but the answer was lost or unreadable: the console is confirming it with the
   * server (see state.pending / state.settled). A request refused before acting is an error instead.
   */
  result: z.enum(['changed', 'unchanged', 'unknown']),
  /** True when the server answered 409: the state already was what was asked. */
  alreadyInState: z.boolean(),
  outcome: z.string(),
  /** The incident the call was journaled into (opened once when none was open); null if journaling failed. */
  incidentId: z.string().nullable(),
});

/** One of the server's counts (whole numbers, powernode-api.md says; read as any number, as they always were). */
const count = z.number();

/** What a halt stopped, as the server counted it (it writes these in snake_case; core maps them at the edge). */
export const Impact = z.object({
  cancelledExecutions: count,
  pausedLoops: count,
  pausedSchedules: count.optional(),
  cancelledTasks: count,
  demotedAgents: count,
});
export type Impact = z.infer<typeof Impact>;

export const KillSwitchEvent = z.object({
  id: z.string(),
  type: z.enum(['halt', 'resume']),
  reason: z.string(),
  by: Person.nullable(),
  impact: Impact.nullable(),
  resumeMode: ResumeMode.nullable(),
  createdAt: z.string(),
});
export type KillSwitchEvent = z.infer<typeof KillSwitchEvent>;

export const KillSwitchEventsInput = z.object({ profile: ProfileName, limit: z.number().int().min(1).max(100).default(20) }).strict();
export const KillSwitchEventsResult = z.object({ events: z.array(KillSwitchEvent), totalCount: z.number().int() });

/** What a resume would restore, from the last halt's snapshot (older servers do not count schedules: null). */
export const RestorePreview = z.object({
  agentsToRestore: count,
  totalAgents: count,
  ralphLoopsToResume: count,
  workflowSchedulesToResume: count.nullable().default(null),
  snapshotTakenAt: z.string(),
});
export const RestorePreviewResult = z.object({ preview: RestorePreview.nullable(), message: z.string().nullable() });

// ── agents ──────────────────────────────────────────────────────────────

export const AgentStatus = z.enum(['active', 'inactive', 'paused', 'error', 'archived']);

export const AgentView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  agentType: z.string(),
  status: z.string(),
  lastExecutedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  totalExecutions: z.number().nullable(),
  failedExecutions: z.number().nullable(),
});
export type AgentView = z.infer<typeof AgentView>;

export const AgentsListInput = z
  .object({
    profile: ProfileName,
    search: z.string().max(200).optional(),
    status: AgentStatus.optional(),
    page: z.number().int().min(1).default(1),
    perPage: z.number().int().min(1).max(100).default(50),
  })
  .strict();

export const AgentsListResult = z.object({
  items: z.array(AgentView),
  page: z.number().int(),
  totalPages: z.number().int(),
  totalCount: z.number().int(),
});

export const AgentActionInput = z.object({ profile: ProfileName, agentId: z.string().min(1).max(100), incidentId: OptionalIncident }).strict();

export const AgentActionResult = z.object({ agent: AgentView, outcome: z.string(), incidentId: z.string().nullable() });

// ── health ──────────────────────────────────────────────────────────────

export const HealthResult = z.object({
  status: z.string(),
  version: z.string().nullable(),
  uptimeSeconds: z.number().nullable(),
  checks: z.array(z.object({ name: z.string(), status: z.string(), detail: z.string() })),
});
