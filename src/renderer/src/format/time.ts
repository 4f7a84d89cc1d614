import type { TimeDisplay } from '../../../shared/app-schemas';

const TIME = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } as const;
const DATE = { weekday: 'short', year: 'numeric', month: 'short', day: '2-digit' } as const;

const localFormat = new Intl.DateTimeFormat(undefined, { ...DATE, ...TIME, timeZoneName: 'short' });
const utcFormat = new Intl.DateTimeFormat(undefined, { ...DATE, ...TIME, timeZone: 'UTC' });
const utcTimeFormat = new Intl.DateTimeFormat(undefined, { ...TIME, timeZone: 'UTC' });
const utcShortDateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: '2-digit', ...TIME, timeZone: 'UTC' });

/** "Fri, 27 Nov 2026, 23:04:05 GMT+1" in the operator's zone. */
export function formatLocal(iso: string): string {
  return localFormat.format(new Date(iso));
}

/** "2026-11-27 22:04:05.123 UTC": unambiguous, for hover text and exports. */
export function formatUtc(iso: string): string {
  return `${new Date(iso).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

const sameDayInUtc = (date: Date): boolean =>
  date.getFullYear() === date.getUTCFullYear() && date.getMonth() === date.getUTCMonth() && date.getDate() === date.getUTCDate();

/**
 * A time as the operator chose to read times, always with its date and its zone named: local
 * ("Fri, Nov 27, 2026, 07:05:03 GMT+1"), UTC ("Fri, Nov 27, 2026, 06:05:03 UTC"), or both, local
 * with UTC beside it (its date repeated only when UTC is on another day). `localIsUtc`: the
 * machine's zone is UTC, so "both" is said once.
 */
export function formatInstant(iso: string, display: TimeDisplay, localIsUtc = false): string {
  const date = new Date(iso);
  const utc = `${utcFormat.format(date)} UTC`;
  if (display === 'utc' || (display === 'both' && localIsUtc)) return utc;
  if (display === 'local') return formatLocal(iso);
  return `${formatLocal(iso)} · ${sameDayInUtc(date) ? utcTimeFormat.format(date) : utcShortDateFormat.format(date)} UTC`;
}

/** "1h 04m", "4m 05s", "12s": durations for countdowns and time-in-state. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  return `${seconds}s`;
}
