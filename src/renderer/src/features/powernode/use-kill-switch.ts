import { useCallback, useEffect, useRef, useState } from 'react';
import type { KillSwitchState } from '../../../../shared/powernode-schemas';
import { call, errorMessage } from '../../api/client';
import { useEvent } from '../../api/use-event';

/** Every profile's last known kill switch state, kept current by `killSwitch.changed` pushes. */
export function useKillSwitchStates(): { states: KillSwitchState[]; error: string | undefined; reload: () => void } {
  const [states, setStates] = useState<KillSwitchState[]>([]);
  const [error, setError] = useState<string>();
  // A push that arrives while the overview is on its way is newer than the overview's answer.
  const pushedDuringLoad = useRef(new Set<string>());
  const reload = useCallback(() => {
    pushedDuringLoad.current = new Set();
    const pushed = pushedDuringLoad.current;
    call('killSwitch.overview', {})
      .then((overview) => {
        setStates((previous) =>
          sortStates([
            ...overview.states.filter((state) => !pushed.has(state.profile)),
            ...previous.filter((state) => pushed.has(state.profile)),
          ]),
        );
        setError(undefined);
      })
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, []);
  useEffect(reload, [reload]);
  useEvent('killSwitch.changed', (state) => {
    pushedDuringLoad.current.add(state.profile);
    setStates((previous) => sortStates([...previous.filter((existing) => existing.profile !== state.profile), state]));
  });
  return { states, error, reload };
}

function sortStates(states: KillSwitchState[]): KillSwitchState[] {
  return states.sort((a, b) => a.profile.localeCompare(b.profile));
}

export function personLabel(person: { name: string; email: string } | null): string {
  if (!person) return 'unknown user';
  return person.name ? person.name : person.email;
}
