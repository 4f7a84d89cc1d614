/** "2026-03-15 09:29:28 UTC": kill-switch outcomes name the second the server gave. */
export function utcSecond(iso: string | number): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Retry-After is the whole rate window (900 s, 3600 s for login), so minutes read better. */
export function waitText(totalSeconds: number): string {
  if (totalSeconds < 120) return `${Math.ceil(totalSeconds)} s`;
  if (totalSeconds < 2 * 3600) return `${Math.round(totalSeconds / 60)} min`;
  return `${Math.round(totalSeconds / 3600)} h`;
}
