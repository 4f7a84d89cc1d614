/**
 * The console's screens, in the order an incident is worked: what is open, what happened, how
 * bad, what to check, the switch, who to tell, what we learnt, how we do across incidents, and who
 * is on the incident with us. The renderer's navigation (Alt+n) and the desktop menu (Ctrl/Cmd+n)
 * both number them from this one list.
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
  { id: 'team', label: 'Team' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(id: string): id is ViewId {
  return VIEWS.some((view) => view.id === id);
}

/** "1" for the first screen … "9" for the ninth, "0" for the tenth (the key after 9): Alt+n in the page, Ctrl/Cmd+n in the desktop menu. */
export const viewShortcutDigit = (index: number): string => {
  if (index < 0 || index > 9) throw new Error(`Screen ${index + 1} has no digit key: ten screens at most`);
  return String((index + 1) % 10);
};
