import { useState } from 'react';
import type { KillSwitchState } from '../../../../shared/powernode-schemas';
import { HaltDialog } from '../../powernode/HaltDialog';
import { ResumeDialog } from '../../powernode/ResumeDialog';
import { personLabel, useKillSwitchStates } from '../../powernode/use-kill-switch';
import { useNavigation } from '../../state/navigation';
import { DateTime } from '../DateTime';
import '../../styles/powernode.css';

/**
 * The kill switch, on every screen: each connected environment's state (halted since…, by whom,
 * why; running; unknown since… when unreachable) and the HALT button, one click and one sentence away.
 */
export function KillSwitchSlot() {
  const { states } = useKillSwitchStates();
  const navigation = useNavigation();
  const [halting, setHalting] = useState(false);
  const [resuming, setResuming] = useState<string>();
  const connected = states.filter((state) => state.state !== 'not_connected');

  return (
    <div className="ks-slot" aria-label="Kill switch">
      {connected.length === 0 ? (
        <button type="button" className="ks-chip ks-not-connected" data-testid="killswitch-state" onClick={() => navigation.navigate('powernode')}>
          Kill switch: not connected — log in
        </button>
      ) : (
        connected.map((state) => <StateChip key={state.profile} state={state} onResume={() => setResuming(state.profile)} />)
      )}
      <button type="button" className="button danger ks-halt" data-testid="killswitch-halt" onClick={() => setHalting(true)}>
        HALT
      </button>
      <HaltDialog open={halting} onClose={() => setHalting(false)} connected={connected} />
      {resuming && <ResumeDialog open onClose={() => setResuming(undefined)} profile={resuming} />}
    </div>
  );
}

function StateChip({ state, onResume }: { state: KillSwitchState; onResume: () => void }) {
  if (state.state === 'halted') {
    return (
      <div className="ks-chip ks-halted" data-testid="killswitch-state" title={state.reason ?? undefined}>
        <strong>{state.profile}: HALTED</strong>
        {state.since && (
          <span>
            since <DateTime iso={state.since} />
          </span>
        )}
        <span>halted by {personLabel(state.haltedBy)}</span>
        {state.reason && <span className="ks-reason">“{state.reason}”</span>}
        <button type="button" className="button" data-testid="killswitch-resume" onClick={onResume}>
          Resume…
        </button>
      </div>
    );
  }
  if (state.state === 'unknown') {
    return (
      <div className="ks-chip ks-unknown" data-testid="killswitch-state" title={state.problem ?? undefined}>
        <strong>{state.profile}: state unknown</strong>
        {state.unknownSince && (
          <span>
            since <DateTime iso={state.unknownSince} />
          </span>
        )}
        {state.problem && <span className="ks-reason">{state.problem}</span>}
      </div>
    );
  }
  return (
    <div className="ks-chip ks-running" data-testid="killswitch-state">
      <strong>{state.profile}: AI running</strong>
      {state.checkedAt && (
        <span className="muted">
          checked <DateTime iso={state.checkedAt} />
        </span>
      )}
    </div>
  );
}
