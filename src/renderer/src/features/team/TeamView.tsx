import { useState } from 'react';
import { useCurrentIncident } from '../../state/current-incident';
import { DateTime } from '../../ui/DateTime';
import { ErrorText } from '../../ui/ErrorText';
import { Panel } from '../../ui/Panel';
import { IncidentPicker } from '../incidents/IncidentPicker';
import { useJournalStatus } from '../journal/journal-status';
import { ResponderExchange } from '../responders/ResponderExchange';
import { SyncPanel } from '../sync/SyncPanel';
import { HandOverDialog } from './HandOverDialog';
import { PeoplePanel } from './PeoplePanel';
import { RolesPanel } from './RolesPanel';
import { useTeamRoster } from './team-store';
import './team.css';

/** Who is on the incident: command and where the reminders go first, then every role, the people and their devices, sync and bundles. */
export function TeamView() {
  const { incidentId } = useCurrentIncident();
  return (
    <div className="view">
      <h1 className="view-title">Team</h1>
      {incidentId ? (
        <TeamForIncident incidentId={incidentId} />
      ) : (
        <Panel title="Incident">
          <IncidentPicker />
        </Panel>
      )}
    </div>
  );
}

function TeamForIncident({ incidentId }: { incidentId: string }) {
  const { roster, error, replace } = useTeamRoster(incidentId);
  const journal = useJournalStatus();
  const [handingOver, setHandingOver] = useState(false);
  if (!roster) return <ErrorText error={error} />;
  const commander = roster.commander;
  return (
    <>
      <ErrorText error={error} />
      <section className={roster.remindersHere ? 'team-command' : 'team-command elsewhere'} aria-label="Command" data-testid="team-command">
        <div>
          <p className="team-command-who">
            {commander ? (
              <>
                Commander: <strong>{commander.you ? `you (${commander.responder.name})` : commander.responder.name}</strong>
              </>
            ) : (
              <>
                Commander: <strong>not assigned</strong>
              </>
            )}
          </p>
          <p className="muted">
            {commander ? (
              <>
                since <DateTime iso={commander.since} />, recorded by {commander.by}.{' '}
              </>
            ) : (
              'Until someone takes command, every console reminds its own operator. '
            )}
            {roster.remindersHere
              ? 'Acknowledgement and update reminders are raised on this console.'
              : `Acknowledgement and update reminders are with ${commander?.responder.name ?? 'the commander'}'s console, not this one.`}
          </p>
        </div>
        <button type="button" className="button primary" onClick={() => setHandingOver(true)}>
          Hand over command
        </button>
      </section>
      <RolesPanel roster={roster} onChanged={replace} />
      <PeoplePanel roster={roster} />
      <div className="team-slots">
        <SyncPanel />
        <Panel title="Join code and responder bundles">
          <ResponderExchange incidentId={incidentId} canWrite={journal?.available === true && !journal.readOnly} />
        </Panel>
      </div>
      {handingOver && <HandOverDialog roster={roster} onClose={() => setHandingOver(false)} onDone={replace} />}
    </>
  );
}
