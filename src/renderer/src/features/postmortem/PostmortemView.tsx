import { useEvent } from '../../api/use-event';
import { useMethod } from '../../api/use-method';
import { ActionItemsEditor } from './ActionItemsEditor';
import { IncidentPicker } from '../incidents/IncidentPicker';
import { PostmortemExport } from './PostmortemExport';
import { PostmortemFieldsEditor } from './PostmortemFieldsEditor';
import { DateTime } from '../../ui/DateTime';
import { Panel } from '../../ui/Panel';
import { formatDuration } from '../../format/time';
import { useCurrentIncident } from '../../state/current-incident';
import '../comms/comms.css';
import './postmortem.css';
import { ErrorText } from '../../ui/ErrorText';

/** Post-mortem: due date, one-click export, the write-up fields and the action items. */
export function PostmortemView() {
  const { incidentId } = useCurrentIncident();
  return (
    <div className="view">
      <h1 className="view-title">Post-mortem</h1>
      {incidentId ? (
        <PostmortemForIncident incidentId={incidentId} />
      ) : (
        <Panel title="Incident">
          <IncidentPicker />
        </Panel>
      )}
    </div>
  );
}

function PostmortemForIncident({ incidentId }: { incidentId: string }) {
  const state = useMethod('postmortem.get', { incidentId });
  const info = useMethod('app.info', {});
  useEvent('journal.appended', ({ incident, entry }) => {
    if (incident.id === incidentId && ['severity_changed', 'status_changed', 'export_made'].includes(entry.kind)) state.reload();
  });
  // Another device's entries (its severity or status changes) move the post-mortem's facts too.
  useEvent('chains.imported', (imported) => {
    if (imported.incidentId === incidentId && imported.added > 0) state.reload();
  });
  if (state.error) return <ErrorText error={state.error} />;
  if (!state.data) return <p className="muted">Loading…</p>;
  const data = state.data;
  const now = info.data ? Date.parse(info.data.now) : Date.now();

  return (
    <>
      <PostmortemDue required={data.required} dueAt={data.dueAt} overdue={data.overdue} exportedAt={data.lastExport?.at ?? null} now={now} />
      <Panel title="Export">
        <PostmortemExport incidentId={incidentId} defaultFolder={data.defaultFolder} onExported={state.reload} />
      </Panel>
      <Panel title="Action items">
        <ActionItemsEditor incidentId={incidentId} items={data.actionItems} onSaved={state.reload} />
      </Panel>
      <Panel title="Write-up">
        <PostmortemFieldsEditor incidentId={incidentId} saved={data.fields} onSaved={state.reload} />
      </Panel>
    </>
  );
}

function PostmortemDue({
  required,
  dueAt,
  overdue,
  exportedAt,
  now,
}: {
  required: boolean;
  dueAt: string | null;
  overdue: boolean;
  exportedAt: string | null;
  now: number;
}) {
  if (!required)
    return (
      <p className="pm-due pm-due-none" data-testid="postmortem-due">
        No post-mortem required (never SEV1 or SEV2); one is still welcome.
      </p>
    );
  if (!dueAt)
    return (
      <p className="pm-due" data-testid="postmortem-due">
        SEV1/SEV2: the post-mortem is due 5 business days after resolution.
      </p>
    );
  const left = Date.parse(dueAt) - now;
  return (
    <p
      className={overdue ? 'pm-due pm-due-overdue' : exportedAt ? 'pm-due pm-due-done' : 'pm-due pm-due-pending'}
      role={overdue ? 'alert' : undefined}
      data-testid="postmortem-due"
    >
      Post-mortem due by <DateTime iso={dueAt} />
      {exportedAt ? (
        <>
          {' '}
          · exported <DateTime iso={exportedAt} />
        </>
      ) : overdue ? (
        ` · OVERDUE by ${formatDuration(-left)}`
      ) : (
        ` · ${formatDuration(left)} left`
      )}
    </p>
  );
}
