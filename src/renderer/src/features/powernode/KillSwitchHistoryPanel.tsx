import { useState } from 'react';
import type { KillSwitchState } from '../../../../shared/powernode-schemas';
import { errorMessage } from '../../../../shared/errors';
import { useClient } from '../../api/client-context';
import { useMethod } from '../../api/use-method';
import { DateTime } from '../../ui/DateTime';
import { Panel } from '../../ui/Panel';
import { ServerNow } from './KillSwitchTruth';
import { personLabel } from './person-label';
import { ErrorText } from '../../ui/ErrorText';
import { DataTable } from '../../ui/DataTable';

/** The kill switch of one environment: state on demand, halt/resume history, what a resume restores. */
export function KillSwitchHistoryPanel({ profile, state }: { profile: string; state: KillSwitchState | undefined }) {
  const client = useClient();
  const events = useMethod('killSwitch.events', { profile, limit: 20 });
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string>();
  const [preview, setPreview] = useState<string>();
  const [health, setHealth] = useState<string>();

  const checkNow = async () => {
    setChecking(true);
    setCheckError(undefined);
    try {
      await client.call('killSwitch.status', { profile, refresh: true });
      events.reload();
    } catch (failure) {
      setCheckError(errorMessage(failure));
    } finally {
      setChecking(false);
    }
  };
  const loadPreview = async () => {
    try {
      const answer = await client.call('killSwitch.previewRestore', { profile });
      setPreview(
        answer.preview
          ? `Resume would restore ${answer.preview.agentsToRestore} of ${answer.preview.totalAgents} agents, ${answer.preview.ralphLoopsToResume} loops` +
              (answer.preview.workflowSchedulesToResume === null ? '' : `, ${answer.preview.workflowSchedulesToResume} schedules`) +
              ` (snapshot ${new Date(answer.preview.snapshotTakenAt).toLocaleString()}).`
          : (answer.message ?? ''),
      );
    } catch (failure) {
      setPreview(errorMessage(failure));
    }
  };

  const loadHealth = async () => {
    try {
      const answer = await client.call('powernode.health', { profile });
      setHealth(
        `Server ${answer.status} (version ${answer.version ?? 'unknown'}): ${answer.checks.map((check) => `${check.name} ${check.status}`).join(', ')}`,
      );
    } catch (failure) {
      setHealth(errorMessage(failure));
    }
  };

  return (
    <Panel
      title={`Kill switch: ${profile}`}
      actions={
        <>
          <button type="button" className="button" onClick={() => void checkNow()} disabled={checking}>
            {checking ? 'Checking…' : 'Check now'}
          </button>
          <button type="button" className="button" onClick={() => void loadPreview()}>
            Preview restore
          </button>
          <button type="button" className="button" onClick={() => void loadHealth()}>
            Server health
          </button>
        </>
      }
    >
      {state && <ServerNow state={state} />}
      <ErrorText error={checkError} />
      {preview && <p>{preview}</p>}
      {health && <p data-testid="server-health">{health}</p>}
      <ErrorText error={events.error} />
      {events.data && (
        <DataTable className="pn-table" label="Kill switch events" columns={['When', 'Event', 'By', 'Reason', 'Impact / mode']}>
          {events.data.events.map((event) => (
            <tr key={event.id}>
              <td>
                <DateTime iso={event.createdAt} />
              </td>
              <td className={`pn-status pn-status-${event.type}`}>{event.type.toUpperCase()}</td>
              <td>{personLabel(event.by)}</td>
              <td>{event.reason}</td>
              <td>
                {event.impact
                  ? `${event.impact.cancelledExecutions} executions cancelled, ${event.impact.pausedLoops} loops paused, ${event.impact.demotedAgents} agents demoted`
                  : event.resumeMode
                    ? `mode ${event.resumeMode}`
                    : ''}
              </td>
            </tr>
          ))}
          {events.data.events.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No halt or resume yet.
              </td>
            </tr>
          )}
        </DataTable>
      )}
    </Panel>
  );
}
