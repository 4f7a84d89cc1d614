import { Panel } from '../../ui/Panel';

/**
 * The slot for the team database's sync state (last synced, entries waiting to go). The sync
 * itself (PostgreSQL) is not part of this build, so the panel says exactly that: nothing is
 * configured, and the console works alone and offline as it always does.
 */
export function TeamSyncSlot() {
  return (
    <Panel title="Sync">
      <p data-testid="team-sync-state">
        <strong>No team database configured.</strong>{' '}
        <span className="muted">
          This console keeps its own journal and works offline; other responders' entries reach it only once a team database is set up or their bundle is
          imported.
        </span>
      </p>
    </Panel>
  );
}
