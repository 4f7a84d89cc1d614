/**
 * Turns what an operator types into a safe FTS5 query: every word must match (the last one as a
 * prefix, so results come while typing); FTS operators and quotes in the input are taken literally.
 */
export function toFtsQuery(input: string): string | undefined {
  const words = input
    .split(/\s+/)
    .map((word) => word.replace(/"/g, '').trim())
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return undefined;
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? '*' : ''}`).join(' ');
}
