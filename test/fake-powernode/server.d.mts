// Types for the plain-JS fake (it runs under bare Node, which cannot strip TypeScript here).
export declare const TEST_TOTP_SECRET: string;
export declare const TEST_PASSWORD: string;
export declare function totp(secretBase32: string, atMs?: number, stepOffset?: number): string;

export interface FakeFault {
  /** Requests whose path starts with this are affected. */
  pathPrefix: string;
  /** How many requests it affects (default 1). */
  times?: number;
  status?: 500;
  delayMs?: number;
  rateLimited?: boolean;
  retryAfter?: number;
  malformed?: boolean;
  closeConnection?: boolean;
}

export interface FakeControl {
  accessTtlSeconds?: number;
  fault?: FakeFault;
  clearFaults?: boolean;
  rateLimit?: { limit: number; periodSeconds: number } | null;
  permissions?: { email: string; permissions: string[] };
  clearLog?: boolean;
}

export interface FakeLogEntry {
  method: string;
  path: string;
  at: string;
  status: number;
}

export interface FakePowernode {
  url: string;
  port: number;
  state: { issuedTokens: string[]; killSwitch: { halted: boolean; events: Array<{ event_type: string; reason: string; resume_mode: string | null }> }; agents: Array<{ id: string; name: string; status: string }> };
  control(input: FakeControl): Promise<unknown>;
  log(): FakeLogEntry[];
  close(): Promise<void>;
}

export declare function startFakePowernode(options?: {
  port?: number;
  accessTtlSeconds?: number;
  rateLimit?: { limit: number; periodSeconds: number } | null;
  verbose?: boolean;
}): Promise<FakePowernode>;
