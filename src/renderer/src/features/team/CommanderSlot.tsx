import { useState } from 'react';
import { useClient } from '../../api/client-context';
import { useAction } from '../../api/use-action';
import { useCurrentIncident } from '../../state/current-incident';
import { useNavigation } from '../../state/navigation';
import { ErrorText } from '../../ui/ErrorText';
import { HandOverDialog } from './HandOverDialog';
import { useTeamRoster } from './team-store';
import './team.css';

/**
 * Always visible: who is commander of the open incident now ("you" when it is this console's
 * operator), where the reminders go, and command handed over in one click.
 */
export function CommanderSlot() {
  const client = useClient();
  const { incidentId } = useCurrentIncident();
  const navigation = useNavigation();
  const { roster, replace } = useTeamRoster(incidentId);
  const [handingOver, setHandingOver] = useState(false);
  const take = useAction(async (id: string, name: string) =>
    replace(await client.call('team.assignRole', { incidentId: id, role: 'commander', responder: { name } })),
  );

  if (!incidentId || !roster) return null;
  const commander = roster.commander;
  return (
    <div className="commander-slot" data-testid="commander-slot">
      <button type="button" className="commander-name" onClick={() => navigation.navigate('team')} title="Roles and people: open Team (Alt+0)">
        <span className="commander-label">Commander</span>{' '}
        <strong data-testid="commander-now">{commander ? (commander.you ? 'you' : commander.responder.name) : 'not assigned'}</strong>
      </button>
      {/* Said only when they are elsewhere: an operator who sees no reminder must know why. */}
      {!roster.remindersHere && (
        <span className="commander-reminders" data-testid="reminders-elsewhere">
          reminders are with {commander?.responder.name ?? 'the commander'}
        </span>
      )}
      {!commander && (
        <button type="button" className="button" disabled={take.busy} onClick={() => void take.run(incidentId, roster.operator.name)}>
          Take command
        </button>
      )}
      <button
        type="button"
        className="button"
        aria-label="Hand over command"
        title="Hand over command (journaled; the reminders go with it)"
        onClick={() => setHandingOver(true)}
      >
        Hand over
      </button>
      <ErrorText error={take.error} />
      {handingOver && <HandOverDialog roster={roster} onClose={() => setHandingOver(false)} onDone={replace} />}
    </div>
  );
}
