/**
 * How well `text` matches what was typed, fuzzily: every word of the query must appear in it, its
 * letters in order but not necessarily together ("hlt" finds "HALT all AI activity"). Letters at
 * the start of a word and letters in a row count more; undefined when it does not match at all.
 */
export function fuzzyScore(query: string, text: string): number | undefined {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const haystack = text.toLowerCase();
  let total = 0;
  for (const word of words) {
    const score = wordScore(word, haystack);
    if (score === undefined) return undefined;
    total += score;
  }
  // Shorter texts first among equals: "Timeline" before "Timeline: pinned only".
  return total - haystack.length / 1000;
}

const isWordStart = (text: string, index: number): boolean => index === 0 || /[^a-z0-9]/.test(text[index - 1]!);

function wordScore(word: string, text: string): number | undefined {
  // A word found whole scores best, the more so at the start of a word.
  const whole = text.indexOf(word);
  if (whole >= 0) return 10 * word.length + (isWordStart(text, whole) ? 8 : 0);
  let score = 0;
  let at = -1;
  let run = 0;
  for (const letter of word) {
    const next = text.indexOf(letter, at + 1);
    if (next < 0) return undefined;
    run = next === at + 1 ? run + 1 : 0;
    score += 1 + run * 2 + (isWordStart(text, next) ? 3 : 0);
    at = next;
  }
  return score;
}

/** The items matching the query, best first (the original order among equals). */
export function fuzzyFilter<T>(items: readonly T[], query: string, textOf: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, textOf(item)) }))
    .filter((scored): scored is { item: T; index: number; score: number } => scored.score !== undefined)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((scored) => scored.item);
}
