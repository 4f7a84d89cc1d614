/** "12 s ago", "3 min ago", "2 h ago": an age that reads at a glance and visibly moves. */
export function agoText(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 90) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}
