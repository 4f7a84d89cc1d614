import { useRef } from 'react';

/**
 * `value` as it was first seen, for as long as its JSON stays the same: an effect that depends on
 * it runs when the content changes, not on every render that builds an equal object.
 */
export function useStableValue<T>(value: T): T {
  const key = JSON.stringify(value);
  const seen = useRef({ key, value });
  if (seen.current.key !== key) seen.current = { key, value };
  return seen.current.value;
}
