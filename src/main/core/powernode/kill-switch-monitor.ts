import type { KillSwitchState } from '../../../shared/powernode-schemas';
import type { Clock } from '../clock';
import type { ApiStatus } from './api-schemas';
import { PowernodeError, PowernodeErrorCode as Code } from './powernode-error';

export interface KillSwitchMonitorDeps {
  clock: Clock;
  /** Asks the server now (through the session, so 401 → refresh → retry applies). */
  fetchStatus: (profile: string) => Promise<ApiStatus>;
  emit: (state: KillSwitchState) => void;
  /** Gentle: the server allows 300 requests per 15 minutes per IP, shared with everything else. */
  pollMs?: number;
  maxBackoffMs?: number;
}

export const DEFAULT_POLL_MS = 60_000;
export const DEFAULT_MAX_BACKOFF_MS = 10 * 60_000;

/**
 * The last known kill switch state of each watched profile, polled gently and on demand. When
 * answers stop, the state becomes "unknown since <first failure>" rather than a stale "running".
 * Failures double the interval (up to 10 min); a 429 waits at least its Retry-After.
 */
export class KillSwitchMonitor {
  private readonly states = new Map<string, KillSwitchState>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;
  private closed = false;

  constructor(private readonly deps: KillSwitchMonitorDeps) {
    this.pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
    this.maxBackoffMs = deps.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  }

  current(profile: string): KillSwitchState {
    return this.states.get(profile) ?? notConnected(profile);
  }

  all(): KillSwitchState[] {
    return [...this.states.values()];
  }

  /** Starts polling a profile (after a login): one check now, then every poll interval. */
  watch(profile: string): Promise<KillSwitchState> {
    return this.check(profile);
  }

  unwatch(profile: string): void {
    clearTimeout(this.timers.get(profile));
    this.timers.delete(profile);
    this.failures.delete(profile);
    this.set(notConnected(profile));
  }

  /** Asks the server now, unless a 429's Retry-After has not passed (then the known state, saying so). */
  async check(profile: string): Promise<KillSwitchState> {
    const known = this.current(profile);
    if (known.retryAfter && Date.parse(known.retryAfter) > this.deps.clock.now().getTime()) {
      this.schedule(profile, Date.parse(known.retryAfter) - this.deps.clock.now().getTime());
      return known;
    }
    try {
      const status = await this.deps.fetchStatus(profile);
      this.failures.delete(profile);
      const state = this.apply(profile, status);
      this.schedule(profile, this.pollMs);
      return state;
    } catch (error) {
      return this.failed(profile, error);
    }
  }

  /** Records a status the server gave in another answer (halt, resume). */
  apply(profile: string, status: ApiStatus): KillSwitchState {
    const halt = status.latest_event;
    const state: KillSwitchState = {
      profile,
      state: status.halted ? 'halted' : 'running',
      since: status.halted ? (status.since ?? halt?.created_at ?? null) : null,
      haltedBy: status.halted && halt?.triggered_by ? { ...halt.triggered_by } : null,
      reason: status.halted ? (halt?.reason ?? null) : null,
      checkedAt: this.deps.clock.now().toISOString(),
      unknownSince: null,
      problem: null,
      retryAfter: null,
    };
    this.set(state);
    return state;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private failed(profile: string, error: unknown): KillSwitchState {
    const known = this.current(profile);
    const now = this.deps.clock.now();
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PowernodeError && (error.code === Code.loginRequired || error.code === Code.notLoggedIn || error.code === Code.unknownProfile)) {
      clearTimeout(this.timers.get(profile));
      this.timers.delete(profile);
      this.set({ ...notConnected(profile), problem: message });
      return this.current(profile);
    }
    const retryAfterSeconds = error instanceof PowernodeError ? error.retryAfterSeconds : null;
    const failures = (this.failures.get(profile) ?? 0) + 1;
    this.failures.set(profile, failures);
    let delay = Math.min(this.pollMs * 2 ** failures, this.maxBackoffMs);
    if (retryAfterSeconds !== null) delay = Math.max(delay, retryAfterSeconds * 1000);
    const state: KillSwitchState = {
      ...known,
      profile,
      state: 'unknown',
      unknownSince: known.unknownSince ?? now.toISOString(),
      problem: message,
      retryAfter: retryAfterSeconds !== null ? new Date(now.getTime() + retryAfterSeconds * 1000).toISOString() : null,
    };
    this.set(state);
    this.schedule(profile, delay);
    return state;
  }

  private schedule(profile: string, delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(profile));
    const timer = setTimeout(() => void this.check(profile), Math.max(1_000, delayMs));
    timer.unref();
    this.timers.set(profile, timer);
  }

  private set(state: KillSwitchState): void {
    const before = JSON.stringify(this.states.get(state.profile) ?? null);
    this.states.set(state.profile, state);
    const { checkedAt: _a, ...now } = state;
    const { checkedAt: _b, ...was } = (JSON.parse(before) as KillSwitchState | null) ?? ({} as KillSwitchState);
    // Pushes only when something the operator sees changed, not on every quiet poll.
    if (JSON.stringify(now) !== JSON.stringify(was)) this.deps.emit(state);
  }
}

export function notConnected(profile: string): KillSwitchState {
  return { profile, state: 'not_connected', since: null, haltedBy: null, reason: null, checkedAt: null, unknownSince: null, problem: null, retryAfter: null };
}
