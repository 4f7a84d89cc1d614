/**
 * The text shown to a user for anything thrown: a ConsoleError's or an Error's message, a string
 * as it is, another value's `message` or its JSON; never "[object Object]", never empty. In a
 * module of its own, without zod: a chain walk's worker thread needs this and nothing else of
 * errors.ts, and starts about 35 ms sooner without loading zod.
 */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : typeof error === 'string' ? error : describeValue(error);
  return text.trim() === '' ? UNKNOWN_FAILURE : text;
}

const UNKNOWN_FAILURE = 'An unknown failure (nothing said what went wrong)';

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return UNKNOWN_FAILURE;
  const message = (value as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? UNKNOWN_FAILURE;
  } catch {
    return UNKNOWN_FAILURE;
  }
}
