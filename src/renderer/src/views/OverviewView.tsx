import { useMethod } from '../api/use-method';
import { Panel } from '../components/Panel';
import { DateTime } from '../components/DateTime';

/** The first screen: what this console is, where its data lives, and how it reaches main. */
export function OverviewView() {
  const info = useMethod('app.info', {});
  return (
    <div className="view">
      <h1 className="view-title">Overview</h1>
      <Panel title="This console">
        {info.error && <p className="error-text" role="alert">{info.error}</p>}
        {info.data && (
          <dl className="facts" aria-label="Console facts">
            <dt>Version</dt>
            <dd data-testid="app-version">{info.data.version}</dd>
            <dt>Mode</dt>
            <dd data-testid="app-mode">{info.data.mode === 'electron' ? 'Desktop app' : 'Browser mode (loopback)'}</dd>
            <dt>Operator</dt>
            <dd data-testid="app-operator">{info.data.operator}</dd>
            <dt>Data directory</dt>
            <dd data-testid="app-data-dir" className="mono">{info.data.dataDir}</dd>
            <dt>Started</dt>
            <dd>
              <DateTime iso={info.data.startedAt} />
            </dd>
          </dl>
        )}
        {info.loading && !info.data && <p className="muted">Loading…</p>}
      </Panel>
    </div>
  );
}
