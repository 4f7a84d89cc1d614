import { useEffect, useRef } from 'react';

/**
 * Any screen (a runbook step, the application menu) can ask for the kill switch; the top bar's
 * kill-switch slot, which owns the dialogs, answers. A DOM event keeps the two decoupled.
 */
export type KillSwitchRequest = 'halt' | 'status' | 'resume';

const REQUEST_EVENT = 'incident-console:kill-switch-request';

export function requestKillSwitch(action: KillSwitchRequest): void {
  window.dispatchEvent(new CustomEvent<KillSwitchRequest>(REQUEST_EVENT, { detail: action }));
}

export function useKillSwitchRequests(handler: (action: KillSwitchRequest) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener = (event: Event) => latest.current((event as CustomEvent<KillSwitchRequest>).detail);
    window.addEventListener(REQUEST_EVENT, listener);
    return () => window.removeEventListener(REQUEST_EVENT, listener);
  }, []);
}
