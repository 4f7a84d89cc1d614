import { useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { errorMessage, type ConsoleError } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { useCurrentIncident } from '../../state/current-incident';
import { useIncidentForAction } from '../incidents/incident-for-action';
import type { AnsweredAction } from './ActionOutcome';

export interface KillSwitchActionState {
  busy: boolean;
  /** Refused before acting (permission, 429, unreachable…), in the server's or the console's words. */
  error: ConsoleError | undefined;
  /** "Nothing changed" or an unknown outcome, kept on screen (a done action closes the dialog). */
  answered: AnsweredAction | undefined;
  checkError: string | undefined;
  /** Whether an answer (or a refusal) is on screen: the buttons become "Check status" / "… again". */
  after: boolean;
  willOpenIncident: boolean;
  submit: () => Promise<void>;
  checkStatus: () => Promise<void>;
  reset: () => void;
}

/**
 * The shared flow of the halt and resume dialogs: open the incident first when none is open (and
 * switch to it), send, close when done, keep "nothing changed" and unknown outcomes on screen,
 * and let the operator read the server's status before sending again.
 */
export function useKillSwitchAction(
  profile: string,
  incidentTitle: string,
  send: (incidentId: string) => Promise<MethodOutput<'killSwitch.halt'>>,
  onDone: () => void,
): KillSwitchActionState {
  const client = useClient();
  const incident = useIncidentForAction();
  const { setIncidentId } = useCurrentIncident();
  const [answered, setAnswered] = useState<AnsweredAction>();
  const [checkError, setCheckError] = useState<string>();
  const last = useRef<AnsweredAction>(undefined);
  const action = useAction(async () => {
    const incidentId = await incident.ensure(incidentTitle);
    const result = await send(incidentId);
    if (result.incidentId && result.incidentId !== incidentId) setIncidentId(result.incidentId);
    last.current = { result: result.result, outcome: result.outcome };
  });

  const reset = () => {
    setAnswered(undefined);
    setCheckError(undefined);
    action.clearError();
  };
  return {
    busy: action.busy,
    error: action.error,
    answered,
    checkError,
    after: answered !== undefined || action.error !== undefined,
    willOpenIncident: incident.willOpen,
    reset,
    submit: async () => {
      last.current = undefined;
      setAnswered(undefined);
      setCheckError(undefined);
      if (!(await action.run())) return;
      const reply = last.current as AnsweredAction | undefined;
      if (reply?.result === 'changed') onDone();
      else setAnswered(reply);
    },
    checkStatus: async () => {
      setCheckError(undefined);
      try {
        await client.call('killSwitch.status', { profile, refresh: true });
      } catch (failure) {
        setCheckError(errorMessage(failure));
      }
    },
  };
}
