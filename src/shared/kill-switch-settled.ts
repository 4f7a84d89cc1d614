import type { EntryData } from './model';

/** Kill-switch results that are a halt or resume of the platform; the others change nothing or are not settled. */
const PLATFORM_CHANGES: ReadonlySet<string> = new Set(['changed', 'confirmed', 'observed']);

/**
 * A kill-switch entry is a halt or resume of the platform only when the server's state settled it
 * (done, confirmed, or observed in its event list), once per server event (`seen` collects the
 * event ids met so far). Unknown, refused, not-applied and "nothing changed" (409) entries are not.
 * Entries from before outcomes were settled have no result: their 409s were information too.
 * The post-mortem, the checklists and the metrics all count halts and resumes by this one rule.
 */
export function isPlatformChange(data: EntryData<'killswitch_call'>, seen: Set<string>): boolean {
  if (data.action !== 'halt' && data.action !== 'resume') return false;
  if (data.result === undefined) return data.ok && data.httpStatus !== 409;
  if (!PLATFORM_CHANGES.has(data.result) || !data.serverEventId || seen.has(data.serverEventId)) return false;
  seen.add(data.serverEventId);
  return true;
}
