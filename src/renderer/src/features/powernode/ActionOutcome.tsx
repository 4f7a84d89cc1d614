import type { KillSwitchAction, KillSwitchState } from '../../../../shared/powernode-schemas';
import { ServerNow } from './KillSwitchTruth';

export interface AnsweredAction {
  result: 'changed' | 'unchanged' | 'unknown';
  outcome: string;
}

/**
 * What a halt or resume dialog shows once the server answered (or did not): "nothing changed"
 * as information; an unknown outcome as "sent, confirming…" until the console settles it, then
 * how it was settled; and always the current truth beside the buttons. It never advises sending
 * again blindly: the operator sees the server's state first.
 */
export function ActionOutcome({ action, answered, state }: { action: KillSwitchAction; answered: AnsweredAction; state: KillSwitchState | undefined }) {
  const word = action.toUpperCase();
  const settled = answered.result === 'unknown' && state && !state.pending && state.settled?.action === action ? state.settled : null;
  return (
    <div className="ks-outcome" data-testid="killswitch-outcome">
      {answered.result === 'unchanged' && (
        <p className="pn-info" role="status">
          <strong>Nothing changed.</strong> {answered.outcome}
        </p>
      )}
      {answered.result === 'unknown' && !settled && (
        <div className="pn-warning" role="status">
          <p>
            <strong>{word} sent, outcome unknown: confirming with the server…</strong>
          </p>
          <p className="muted">Why it is unknown: {state?.pending?.problem ?? answered.outcome}</p>
        </div>
      )}
      {settled && (
        <div className={settled.result === 'not_applied' ? 'pn-warning' : 'pn-info'} role="status" data-testid="killswitch-settled">
          <p>
            <strong>{SETTLED_HEADLINE[settled.result][action]}</strong>
          </p>
          <p className="muted">{settled.outcome}</p>
        </div>
      )}
      {state && <ServerNow state={state} compact />}
    </div>
  );
}

const SETTLED_HEADLINE: Record<'confirmed' | 'not_applied' | 'unchanged', Record<KillSwitchAction, string>> = {
  confirmed: { halt: '✔ The halt happened.', resume: '✔ The resume happened.' },
  unchanged: { halt: 'Nothing changed: it was already halted.', resume: 'Nothing changed: AI was already running.' },
  not_applied: { halt: 'The halt had not taken effect when checked: AI is running.', resume: 'The resume had not taken effect when checked: still halted.' },
};
