// Types for the plain-JS fake (it runs under bare Node, which cannot strip TypeScript here).
export declare const TEST_TOTP_SECRET: string;
export declare const TEST_PASSWORD: string;
export declare function totp(secretBase32: string, atMs?: number, stepOffset?: number): string;

export interface FakeFault {
  /** Requests whose path starts with this are affected. */
  pathPrefix: string;
  /** How many requests it affects (default 1): a failure that lasts N requests. */
  times?: number;
  status?: 500;
  /** Hold the answer this long (before the server acts, or after it with `applyFirst`). */
  delayMs?: number;
  rateLimited?: boolean;
  retryAfter?: number;
  /** A 200 in the wrong shape (valid envelope, unexpected data). */
  malformed?: boolean;
  /** A 200 whose body is not JSON (cut short). */
  invalidJson?: boolean;
  /** The server hangs up without an answer. */
  closeConnection?: boolean;
  /** The server acts first (the halt happens), then the fault above spoils the answer. */
  applyFirst?: boolean;
  /** The server acts, sends the headers and half the body, then stalls. */
  partialBody?: boolean;
  /** A success envelope without `data` (as the server answers an empty payload). */
  omitData?: boolean;
}

export interface FakeLoginLimits {
  perEmail?: number;
  perIp?: number;
  periodSeconds?: number;
}

export interface FakeControl {
  accessTtlSeconds?: number;
  fault?: FakeFault;
  clearFaults?: boolean;
  rateLimit?: { limit: number; periodSeconds: number } | null;
  /** Rack::Attack's login rules: true for 5 per hour per email and 10 per hour per IP. */
  loginLimits?: boolean | FakeLoginLimits | null;
  permissions?: { email: string; permissions: string[] };
  /** Make a user inactive/suspended, or leave it without an account. */
  user?: { email: string; status?: string; noAccount?: boolean };
  accountStatus?: 'active' | 'suspended' | 'cancelled';
  /** Replace the agents with this many (the five named ones first). */
  agentCount?: number;
  clearLog?: boolean;
  /** A halt or resume made directly on the server by another user (web UI, MCP, another operator). */
  act?: { as: string; action: 'halt' | 'resume'; reason?: string; mode?: 'full' | 'minimal' };
}

export interface FakeLogEntry {
  method: string;
  path: string;
  at: string;
  status: number;
}

export interface FakeEvent {
  id: string;
  event_type: 'halt' | 'resume';
  reason: string;
  resume_mode: string | null;
  created_at: string;
  triggered_by: { id: string; email: string; name: string } | null;
}

export interface FakePowernode {
  url: string;
  port: number;
  state: {
    issuedTokens: string[];
    killSwitch: { halted: boolean; events: FakeEvent[] };
    agents: Array<{ id: string; name: string; status: string }>;
  };
  control(input: FakeControl): Promise<{ ok: boolean; event?: FakeEvent | null }>;
  log(): FakeLogEntry[];
  /** Connections are refused until `listenAgain` (state is kept). */
  stopListening(): Promise<void>;
  listenAgain(): Promise<void>;
  close(): Promise<void>;
}

export declare function startFakePowernode(options?: {
  port?: number;
  accessTtlSeconds?: number;
  rateLimit?: { limit: number; periodSeconds: number } | null;
  loginLimits?: boolean | FakeLoginLimits;
  agentCount?: number;
  verbose?: boolean;
}): Promise<FakePowernode>;
