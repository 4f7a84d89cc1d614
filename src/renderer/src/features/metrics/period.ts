/** A day typed in a date field ("2026-03-10"), as the instant its local midnight is (the end of a period: the next midnight). */
export function dayStart(day: string, plusDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays).toISOString();
}

/** "2026-03-10", `days` before the given instant, in local time: what a date field shows. */
export function dayText(at: number, daysBefore = 0): string {
  const date = new Date(at);
  date.setDate(date.getDate() - daysBefore);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
