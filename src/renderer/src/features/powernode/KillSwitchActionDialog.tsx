import type { ReactNode } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import type { KillSwitchAction, KillSwitchState } from '../../../../shared/powernode-schemas';
import { useConsoleNow } from '../../state/console-clock';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { ActionOutcome } from './ActionOutcome';
import { freshnessOf, type Freshness } from './kill-switch-freshness';
import { ServerNow } from './KillSwitchTruth';
import { useKillSwitchAction, type KillSwitchActionState } from './use-kill-switch-action';

/** What a dialog's own fields and warnings are drawn from. */
export interface KillSwitchDialogFlow extends KillSwitchActionState {
  fresh: Freshness | undefined;
  /** A 429 window lasts: the button says "anyway" and the request goes out despite it. */
  rateLimited: boolean;
  /** Closes the dialog, forgetting what was typed and answered. */
  close: () => void;
}

/**
 * The frame the halt and resume dialogs share: send (opening an incident first when none is
 * open), keep "nothing changed" and an unknown outcome on screen with how it settles, offer
 * "Check status" and "… again" beside the server's state, and say what failed. The dialog's own
 * fields come from `children`.
 */
export function KillSwitchActionDialog({
  action,
  title,
  tone = 'normal',
  open,
  onClose,
  profile,
  state,
  incidentTitle,
  send,
  onReset,
  canSubmit,
  submitLabel,
  submitClassName,
  stateWithError = false,
  children,
}: {
  action: KillSwitchAction;
  title: string;
  tone?: 'normal' | 'danger';
  open: boolean;
  onClose: () => void;
  profile: string;
  state: KillSwitchState | undefined;
  /** The incident opened first when none is. */
  incidentTitle: string;
  send: (incidentId: string, despiteRateLimit: true | undefined) => Promise<MethodOutput<'killSwitch.halt'>>;
  /** Forgets what the dialog's fields hold. */
  onReset: () => void;
  canSubmit: boolean;
  submitLabel: (flow: KillSwitchDialogFlow) => string;
  submitClassName: string;
  /** Show the server's state under a refusal too. */
  stateWithError?: boolean;
  children: (flow: KillSwitchDialogFlow) => ReactNode;
}) {
  const now = useConsoleNow();
  const fresh = state ? freshnessOf(state, now) : undefined;
  const rateLimited = fresh?.rateLimitLeftMs != null;
  const close = () => {
    onReset();
    sending.reset();
    onClose();
  };
  const sending = useKillSwitchAction(profile, incidentTitle, (incidentId) => send(incidentId, rateLimited || undefined), close);
  const flow: KillSwitchDialogFlow = { ...sending, fresh, rateLimited, close };
  const { busy, error, answered, checkError, after } = sending;
  // Once the server shows the wanted state, sending again makes no sense.
  const reached = answered && state?.state === (action === 'halt' ? 'halted' : 'running') && !state.pending;

  return (
    <Dialog
      open={open}
      title={title}
      tone={tone}
      onClose={close}
      footer={
        <>
          {after && state && (
            <button type="button" className="button" onClick={() => void sending.checkStatus()} disabled={busy}>
              Check status
            </button>
          )}
          <button type="button" className="button" onClick={close} disabled={busy}>
            {answered ? 'Close' : 'Cancel'}
          </button>
          {!reached && (
            <button type="button" className={submitClassName} onClick={() => void sending.submit()} disabled={busy || !canSubmit}>
              {submitLabel(flow)}
            </button>
          )}
        </>
      }
    >
      {children(flow)}
      {answered && <ActionOutcome action={action} answered={answered} state={state} />}
      <ErrorText error={error} />
      {error && stateWithError && state && <ServerNow state={state} />}
      <ErrorText error={checkError} />
    </Dialog>
  );
}
