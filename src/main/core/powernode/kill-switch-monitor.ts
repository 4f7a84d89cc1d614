import { performance } from 'node:perf_hooks';
import type { KillSwitchState, PendingAction, SettledAction } from '../../../shared/powernode-schemas';
import { errorMessage } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { ApiStatus } from './api-schemas';
import { PowernodeError } from './powernode-error';
import { utcSecond } from './time-text';

export interface KillSwitchMonitorDeps {
  clock: Clock;
  /** Asks the server now (through the session, so 401 → refresh → retry applies). */
  fetchStatus: (profile: string) => Promise<ApiStatus>;
  emit: (state: KillSwitchState) => void;
  /** The end of the server's current 429 window for the profile, if one lasts. */
  rateLimitedUntil: (profile: string) => string | null;
  /**
   * After every answered status read, before the next one is scheduled: the reconciler reads the
   * server's event list when the status shows something new (or `readEvents` asks for it) and
   * settles outcomes that were unknown. `askedAt` is when the read was sent (monotonic ms).
   */
  afterStatus?: (profile: string, status: ApiStatus, before: KillSwitchState, readEvents: boolean, askedAt: number) => Promise<void>;
  /** Gentle: the server allows 300 requests per 15 minutes per IP, shared with everything else. */
  pollMs?: number;
  maxBackoffMs?: number;
}

export const DEFAULT_POLL_MS = 60_000;
export const DEFAULT_MAX_BACKOFF_MS = 10 * 60_000;
/** While an outcome is unknown the status is read again this often (never doubled), within the rate limit. */
const MAX_SETTLE_RETRY_MS = 10_000;
const MIN_DELAY_MS = 1_000;

/**
 * The last known kill switch state of each watched profile, polled gently and on demand.
 *
 * - Every answered poll moves `checkedAt` (and is pushed), so a working poll and a dead one look
 *   different; the renderer ages it and warns past two poll intervals (`pollMs` is in the state).
 * - When answers stop, the state becomes "unknown since <first failure>" with the last confirmed
 *   state beside it, rather than a stale "running". Failures double the interval (up to 10 min).
 * - A 429 closes the profile for its Retry-After: no poll is sent before that time (the state
 *   carries it as `retryAfter`, so the chip shows the clock time and counts down).
 * - A halt or resume whose outcome is unknown is `pending` until the reconciler settles it; while
 *   one is pending the status is read every few seconds, outside the back-off.
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
    const state = this.states.get(profile) ?? notConnected(profile, this.pollMs);
    // The 429 window is the HTTP door's; the state always shows the one that lasts now.
    const retryAfter = this.deps.rateLimitedUntil(profile);
    return state.retryAfter === retryAfter ? state : { ...state, retryAfter };
  }

  /** Starts polling a profile (after a login): one check now (with the event list), then every poll interval. */
  watch(profile: string): Promise<KillSwitchState> {
    return this.check(profile, { readEvents: true });
  }

  unwatch(profile: string): void {
    clearTimeout(this.timers.get(profile));
    this.timers.delete(profile);
    this.failures.delete(profile);
    this.set(notConnected(profile, this.pollMs));
  }

  /** Asks the server now, unless a 429's window lasts (then the known state, saying until when). */
  async check(profile: string, options: { readEvents?: boolean } = {}): Promise<KillSwitchState> {
    const limitedUntil = this.deps.rateLimitedUntil(profile);
    if (limitedUntil) {
      this.set(this.current(profile));
      this.schedule(profile, Date.parse(limitedUntil) - this.deps.clock.now().getTime());
      return this.current(profile);
    }
    const before = this.current(profile);
    const askedAt = performance.now();
    let status: ApiStatus;
    try {
      status = await this.deps.fetchStatus(profile);
    } catch (error) {
      return this.failed(profile, error);
    }
    this.failures.delete(profile);
    this.apply(profile, status);
    await this.deps.afterStatus?.(profile, status, before, options.readEvents ?? false, askedAt).catch(() => undefined);
    this.schedule(profile, this.current(profile).pending ? this.settleRetryMs() : this.pollMs);
    return this.current(profile);
  }

  /** Records a status the server gave (a poll, or the answer to a halt or resume). Always pushed: `checkedAt` moved. */
  apply(profile: string, status: ApiStatus): KillSwitchState {
    const halt = status.latest_event;
    const known = this.current(profile);
    const state: KillSwitchState = {
      profile,
      state: status.halted ? 'halted' : 'running',
      lastKnown: status.halted ? 'halted' : 'running',
      since: status.halted ? (status.since ?? halt?.created_at ?? null) : null,
      haltedBy: status.halted && halt?.triggered_by ? { ...halt.triggered_by } : null,
      reason: status.halted ? (halt?.reason ?? null) : null,
      checkedAt: this.deps.clock.now().toISOString(),
      unknownSince: null,
      problem: null,
      retryAfter: this.deps.rateLimitedUntil(profile),
      pending: known.pending,
      settled: known.settled,
      pollMs: this.pollMs,
    };
    this.set(state, true);
    return state;
  }

  /** A halt or resume was sent and its outcome is not known: the chip says so at once. */
  markPending(profile: string, pending: PendingAction): void {
    this.set({ ...this.current(profile), pending, settled: null });
  }

  /** The pending outcome was settled (the journal says how); the chip shows the server's state. */
  settle(profile: string, settled: SettledAction): void {
    this.set({ ...this.current(profile), pending: null, settled });
  }

  /** Any call of the profile got a 429: polls wait for its end, and the chip counts down to it. */
  noteRateLimit(profile: string, untilIso: string): void {
    if (!this.states.has(profile)) return;
    this.set(this.current(profile));
    this.schedule(profile, Date.parse(untilIso) - this.deps.clock.now().getTime());
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private failed(profile: string, error: unknown): KillSwitchState {
    const known = this.current(profile);
    const now = this.deps.clock.now();
    const message = errorMessage(error);
    if (
      error instanceof PowernodeError &&
      (error.code === 'POWERNODE_LOGIN_REQUIRED' || error.code === 'POWERNODE_NOT_LOGGED_IN' || error.code === 'POWERNODE_UNKNOWN_PROFILE')
    ) {
      clearTimeout(this.timers.get(profile));
      this.timers.delete(profile);
      this.set({ ...notConnected(profile, this.pollMs), problem: message, pending: known.pending });
      return this.current(profile);
    }
    const limitedUntil = this.deps.rateLimitedUntil(profile);
    const failures = (this.failures.get(profile) ?? 0) + 1;
    this.failures.set(profile, failures);
    let delay = known.pending ? this.settleRetryMs() : Math.min(this.pollMs * 2 ** failures, this.maxBackoffMs);
    if (limitedUntil) delay = Math.max(delay, Date.parse(limitedUntil) - now.getTime());
    const problem =
      error instanceof PowernodeError && error.code === 'POWERNODE_RATE_LIMITED' && limitedUntil
        ? `Powernode is rate limiting this address (429 Too many requests): no request before ${utcSecond(limitedUntil)}.`
        : message;
    this.set({
      ...known,
      profile,
      state: 'unknown',
      lastKnown: known.state === 'running' || known.state === 'halted' ? known.state : known.lastKnown,
      unknownSince: known.unknownSince ?? now.toISOString(),
      problem,
      retryAfter: limitedUntil,
    });
    this.schedule(profile, delay);
    return this.current(profile);
  }

  private settleRetryMs(): number {
    return Math.min(this.pollMs, MAX_SETTLE_RETRY_MS);
  }

  private schedule(profile: string, delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(profile));
    const timer = setTimeout(() => void this.check(profile), Math.max(MIN_DELAY_MS, delayMs));
    timer.unref();
    this.timers.set(profile, timer);
  }

  /** Pushes what the operator sees when it changed; an answered poll is always pushed (its age restarts). */
  private set(state: KillSwitchState, answered = false): void {
    const before = this.states.get(state.profile);
    this.states.set(state.profile, state);
    if (answered || JSON.stringify(before ?? null) !== JSON.stringify(state)) this.deps.emit(state);
  }
}

export function notConnected(profile: string, pollMs = DEFAULT_POLL_MS): KillSwitchState {
  return {
    profile,
    state: 'not_connected',
    lastKnown: null,
    since: null,
    haltedBy: null,
    reason: null,
    checkedAt: null,
    unknownSince: null,
    problem: null,
    retryAfter: null,
    pending: null,
    settled: null,
    pollMs,
  };
}
