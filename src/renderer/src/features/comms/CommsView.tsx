import { useEvent } from '../../api/use-event';
import { useMethod } from '../../api/use-method';
import { CustomerUpdateEditor } from './CustomerUpdateEditor';
import { IncidentPicker } from '../incidents/IncidentPicker';
import { UpdateCountdown } from './UpdateCountdown';
import { UpdatePostedForm } from './UpdatePostedForm';
import { useUpdateNotifications } from './use-update-notifications';
import { DateTime } from '../../ui/DateTime';
import { Panel } from '../../ui/Panel';
import { useCurrentIncident } from '../../state/current-incident';
import './comms.css';
import { ErrorText } from '../../ui/ErrorText';

/** Internal update cadence (countdown, "update posted") and the customer update. */
export function CommsView() {
  const { incidentId } = useCurrentIncident();
  return (
    <div className="view">
      <h1 className="view-title">Comms</h1>
      {incidentId ? (
        <CommsForIncident incidentId={incidentId} />
      ) : (
        <Panel title="Incident">
          <IncidentPicker />
        </Panel>
      )}
    </div>
  );
}

function CommsForIncident({ incidentId }: { incidentId: string }) {
  const cadence = useMethod('comms.cadence', { incidentId });
  const postmortem = useMethod('postmortem.get', { incidentId });
  const notifications = useUpdateNotifications();
  useEvent('journal.appended', ({ incident }) => {
    if (incident.id === incidentId) cadence.reload();
  });
  // Another device's entries (a severity change, an update posted there) move the cadence too.
  useEvent('chains.imported', (imported) => {
    if (imported.incidentId === incidentId) cadence.reload();
  });
  useEvent('comms.updateDue', (due) => {
    if (due.incidentId === incidentId) cadence.reload();
  });

  return (
    <>
      <Panel
        title="Next internal update"
        actions={
          notifications.permission === 'default' ? (
            <button type="button" className="button" onClick={notifications.request}>
              Enable desktop notifications
            </button>
          ) : notifications.permission === 'denied' ? (
            <span className="muted">Notifications blocked: the in-page banner still shows</span>
          ) : null
        }
      >
        <ErrorText error={cadence.error} />
        {cadence.data && <UpdateCountdown key={`${cadence.data.nextUpdateDueAt}-${cadence.data.now}`} cadence={cadence.data} />}
        {cadence.data?.lastUpdate && (
          <details className="comms-last">
            <summary>
              Last update, <DateTime iso={cadence.data.lastUpdate.at} />, {cadence.data.lastUpdate.channel}
            </summary>
            <pre>{cadence.data.lastUpdate.text}</pre>
          </details>
        )}
      </Panel>
      <Panel title="Update posted">
        {cadence.data && (
          <UpdatePostedForm key={cadence.data.channel ?? 'none'} incidentId={incidentId} runbookChannel={cadence.data.channel} onRecorded={cadence.reload} />
        )}
      </Panel>
      <Panel title="Customer update">
        {postmortem.data && <CustomerUpdateEditor incidentId={incidentId} defaultFolder={postmortem.data.defaultFolder} onRecorded={cadence.reload} />}
        <ErrorText error={postmortem.error} />
      </Panel>
    </>
  );
}
