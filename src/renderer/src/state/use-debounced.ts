import { useEffect, useState } from 'react';

/**
 * The value once it has stayed the same for `ms`: a search box asks the server when the typing
 * pauses, not on every keystroke (at most one request per `ms`, whatever the typing speed).
 */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
