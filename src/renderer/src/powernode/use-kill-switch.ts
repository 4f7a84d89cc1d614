import { useCallback, useEffect, useState } from 'react';
import type { KillSwitchState } from '../../../shared/powernode-schemas';
import { call, errorMessage } from '../api/client';
import { useEvent } from '../api/use-event';

/** Every profile's last known kill switch state, kept current by `killSwitch.changed` pushes. */
export function useKillSwitchStates(): { states: KillSwitchState[]; error: string | undefined; reload: () => void } {
  const [states, setStates] = useState<KillSwitchState[]>([]);
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    call('killSwitch.overview', {})
      .then((overview) => {
        setStates(overview.states);
        setError(undefined);
      })
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, []);
  useEffect(reload, [reload]);
  useEvent('killSwitch.changed', (state) => {
    setStates((previous) => {
      const others = previous.filter((existing) => existing.profile !== state.profile);
      return [...others, state].sort((a, b) => a.profile.localeCompare(b.profile));
    });
  });
  // A new login or a removed profile changes which profiles exist.
  useEvent('powernode.sessionChanged', () => reload());
  return { states, error, reload };
}

export function personLabel(person: { name: string; email: string } | null): string {
  if (!person) return 'unknown user';
  return person.name ? person.name : person.email;
}
