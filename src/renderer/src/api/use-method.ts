import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { useClient } from './client-context';

export interface MethodState<M extends MethodName> {
  data: MethodOutput<M> | undefined;
  /** The last load's failure, until a load succeeds. */
  error: ConsoleError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads a method's answer when its input changes; `reload` asks again (after an event, say). */
export function useMethod<M extends MethodName>(method: M, input: MethodInput<M>): MethodState<M> {
  const client = useClient();
  const key = JSON.stringify(input);
  const [data, setData] = useState<MethodOutput<M>>();
  const [error, setError] = useState<ConsoleError>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    client
      .call(method, JSON.parse(key) as MethodInput<M>)
      .then((output) => {
        if (ticket !== latest.current) return;
        setData(output);
        setError(undefined);
      })
      .catch((failure: unknown) => {
        if (ticket === latest.current) setError(ConsoleError.from(failure));
      })
      .finally(() => {
        if (ticket === latest.current) setLoading(false);
      });
  }, [client, method, key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload };
}
