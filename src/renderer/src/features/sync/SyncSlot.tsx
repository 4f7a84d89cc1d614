import { useNavigation } from '../../state/navigation';
import { DateTime } from '../../ui/DateTime';
import { syncHeadline, useSyncStatus } from './sync-store';
import './sync.css';

/** The top bar's sync badge: connected or not, entries waiting, when last confirmed; a click opens the panel on the Overview. */
export function SyncSlot() {
  const { status } = useSyncStatus();
  const navigation = useNavigation();
  if (!status) return null;
  const attention = status.connection === 'offline' || status.refused.length > 0;
  return (
    <button
      type="button"
      className={`sync-slot sync-${status.connection}${attention ? ' sync-attention' : ''}`}
      data-testid="sync-slot"
      onClick={() => navigation.navigate('overview')}
      title="Team sync through the team database: open its details on the Overview"
    >
      <span>{syncHeadline(status)}</span>
      {status.refused.length > 0 && <span className="sync-refused"> · {status.refused.length} refused</span>}
      {status.connection !== 'off' && (
        <span className="sync-last"> · last synced {status.lastSyncedAt ? <DateTime iso={status.lastSyncedAt} /> : 'never'}</span>
      )}
    </button>
  );
}
