/** A time for a file name, sortable and legal on every OS: 2026-03-15T09:00:05.120Z → 20260315-090005Z. */
export function fileStamp(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}Z`;
}
