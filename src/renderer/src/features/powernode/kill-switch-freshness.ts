import type { KillSwitchState } from '../../../../shared/powernode-schemas';

export interface Freshness {
  /** How long ago the server last confirmed the state, or null if it never did. */
  ageMs: number | null;
  /** Older than two poll intervals: the state shown may no longer be true. */
  stale: boolean;
  /** Left of the server's 429 window, or null when none lasts. */
  rateLimitLeftMs: number | null;
}

/** How fresh a kill-switch state is at `now` (main's clock): what the chip ages and warns with. */
export function freshnessOf(state: KillSwitchState, now: number | undefined): Freshness {
  if (now === undefined) return { ageMs: null, stale: false, rateLimitLeftMs: null };
  const ageMs = state.checkedAt ? Math.max(0, now - Date.parse(state.checkedAt)) : null;
  const left = state.retryAfter ? Date.parse(state.retryAfter) - now : null;
  return {
    ageMs,
    stale: ageMs !== null && ageMs > 2 * state.pollMs,
    rateLimitLeftMs: left !== null && left > 0 ? left : null,
  };
}

/** "09:45:10" in the operator's zone: the clock time a 429 window ends. */
export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}
