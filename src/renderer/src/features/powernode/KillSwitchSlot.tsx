import { useState } from 'react';
import type { KillSwitchState } from '../../../../shared/powernode-schemas';
import { HaltDialog } from './HaltDialog';
import { ResumeDialog } from './ResumeDialog';
import { freshnessOf } from './kill-switch-freshness';
import { KillSwitchTruth, kindOf } from './KillSwitchTruth';
import { useKillSwitchStates } from './kill-switch-store';
import { useConsoleNow } from '../../state/console-clock';
import { useKillSwitchRequests } from './kill-switch-requests';
import { useNavigation } from '../../state/navigation';
import './powernode.css';

/**
 * The kill switch, on every screen: each connected environment's state (halted since…, by whom,
 * why; running; unknown when unreachable; "halt sent, confirming…" while an outcome is settled),
 * how long ago the server confirmed it, and the HALT button, one click and one sentence away. The
 * button is never disabled by the console's own back-off: the warning stands beside it.
 */
export function KillSwitchSlot() {
  const { states } = useKillSwitchStates();
  const navigation = useNavigation();
  const [halting, setHalting] = useState(false);
  const [resuming, setResuming] = useState<string>();
  const connected = states.filter((state) => state.state !== 'not_connected');
  // Runbook steps and the menu ask for the switch; status and an ambiguous resume go to the Powernode screen.
  useKillSwitchRequests((action) => {
    const halted = connected.filter((state) => state.state === 'halted');
    if (action === 'halt') setHalting(true);
    else if (action === 'resume' && halted.length === 1) setResuming(halted[0]!.profile);
    else navigation.navigate('powernode');
  });

  return (
    <div className="ks-slot" aria-label="Kill switch">
      {connected.length === 0 ? (
        <button type="button" className="ks-chip ks-not-connected" data-testid="killswitch-state" onClick={() => navigation.navigate('powernode')}>
          Kill switch: not connected — log in
        </button>
      ) : (
        connected.map((state) => <StateChip key={state.profile} state={state} onResume={() => setResuming(state.profile)} />)
      )}
      <button type="button" className="button danger ks-halt" data-testid="killswitch-halt" data-palette-named onClick={() => setHalting(true)}>
        HALT
      </button>
      {halting && <HaltDialog open onClose={() => setHalting(false)} connected={connected} />}
      {resuming && <ResumeDialog open onClose={() => setResuming(undefined)} profile={resuming} />}
    </div>
  );
}

/** One environment's chip: the state the server last confirmed, its age, and what is being confirmed. */
function StateChip({ state, onResume }: { state: KillSwitchState; onResume: () => void }) {
  const now = useConsoleNow();
  const stale = freshnessOf(state, now).stale;
  return (
    <div
      className={`ks-chip ks-${kindOf(state)}${stale ? ' ks-chip-stale' : ''}`}
      data-testid="killswitch-state"
      title={state.pending?.problem ?? state.problem ?? state.reason ?? undefined}
    >
      <KillSwitchTruth state={state} withProfile compact={false} />
      {state.state === 'halted' && !state.pending && (
        <button type="button" className="button" data-testid="killswitch-resume" onClick={onResume}>
          Resume…
        </button>
      )}
    </div>
  );
}
