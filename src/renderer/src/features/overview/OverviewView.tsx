import { useMethod } from '../../api/use-method';
import { DateTime } from '../../ui/DateTime';
import { JournalStatusBanner } from '../journal/JournalStatusBanner';
import { IncidentTable } from '../incidents/IncidentTable';
import { Panel } from '../../ui/Panel';
import { useOpenIncidentTimeline } from '../timeline/open-timeline';
import { useIncidents } from '../incidents/incidents-store';
import { useNavigation } from '../../state/navigation';
import { ErrorText } from '../../ui/ErrorText';
import { EvidencePanel } from '../evidence/EvidencePanel';
import { SyncPanel } from '../sync/SyncPanel';

/**
 * The first screen: what is open right now (one click to its timeline, or to a new incident),
 * then what this console is, where its data lives, and how it reaches main.
 */
export function OverviewView() {
  const info = useMethod('app.info', {});
  const { incidents, loaded } = useIncidents();
  const openTimeline = useOpenIncidentTimeline();
  const navigation = useNavigation();
  const open = incidents.filter((incident) => incident.status !== 'resolved');

  return (
    <div className="view">
      <h1 className="view-title">Overview</h1>
      <JournalStatusBanner />
      <Panel
        title={`Open incidents (${open.length})`}
        actions={
          <button type="button" className="button primary" onClick={() => navigation.navigate('incidents', { create: true })}>
            New incident…
          </button>
        }
      >
        {loaded && open.length === 0 && <p className="muted">Nothing open. When something is wrong, open an incident, then triage it.</p>}
        {open.length > 0 && <IncidentTable label="Open incidents" incidents={open} onOpen={(incident) => openTimeline(incident.id)} />}
      </Panel>
      <EvidencePanel />
      <SyncPanel />
      <Panel title="This console">
        <ErrorText error={info.error} />
        {info.data && (
          <dl className="facts" aria-label="Console facts">
            <dt>Version</dt>
            <dd data-testid="app-version">{info.data.version}</dd>
            <dt>Mode</dt>
            <dd data-testid="app-mode">{info.data.mode === 'electron' ? 'Desktop app' : 'Browser mode (loopback)'}</dd>
            <dt>Operator</dt>
            <dd data-testid="app-operator">{info.data.operator}</dd>
            <dt>Data directory</dt>
            <dd data-testid="app-data-dir" className="mono">
              {info.data.dataDir}
            </dd>
            <dt>Started</dt>
            <dd>
              <DateTime iso={info.data.startedAt} />
            </dd>
            {info.data.dataDirProblems && (
              <>
                <dt>Data directory</dt>
                <dd className="error-text" data-testid="data-dir-problems">
                  {info.data.dataDirProblems.map((problem) => (
                    <div key={problem}>{problem}</div>
                  ))}
                </dd>
              </>
            )}
          </dl>
        )}
        {info.loading && !info.data && <p className="muted">Loading…</p>}
      </Panel>
    </div>
  );
}
