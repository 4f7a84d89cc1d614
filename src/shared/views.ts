/**
 * The console's screens, in the order an incident is worked: what is open, what happened, how
 * bad, what to check, the switch, who to tell, what we learnt, and how we do across incidents. The renderer's navigation
 * (Alt+n) and the desktop menu (Ctrl/Cmd+n) both number them from this one list.
 */
export const VIEWS = [
  { id: 'overview', label: 'Overview' },
  { id: 'incidents', label: 'Incidents' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'triage', label: 'Triage' },
  { id: 'diagnostics', label: 'Diagnostics' },
  { id: 'powernode', label: 'Powernode' },
  { id: 'comms', label: 'Comms' },
  { id: 'postmortem', label: 'Post-mortem' },
  { id: 'metrics', label: 'Metrics' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(id: string): id is ViewId {
  return VIEWS.some((view) => view.id === id);
}

/** "1" for the first screen: Alt+1 in the page, Ctrl/Cmd+1 in the desktop menu. */
export const viewShortcutDigit = (index: number): string => String(index + 1);
