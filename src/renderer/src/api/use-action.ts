import { useState } from 'react';
import { ConsoleError } from '../../../shared/errors';

export interface ActionState<A extends unknown[]> {
  busy: boolean;
  /** The last failure (its code, message and the fields at fault), until the next attempt or `clearError`. */
  error: ConsoleError | undefined;
  /** Runs the action; resolves true when it succeeded. */
  run: (...args: A) => Promise<boolean>;
  clearError: () => void;
}

/** A button's call to main: busy while it runs, its failure kept for the operator to read. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>): ActionState<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleError>();
  const run = async (...args: A): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
      return true;
    } catch (failure) {
      setError(ConsoleError.from(failure));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clearError: () => setError(undefined) };
}
