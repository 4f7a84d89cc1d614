import { useConsoleNow } from '../../state/console-clock';
import { useNavigation } from '../../state/navigation';
import { formatUtc } from '../../format/time';
import { agoText } from '../../format/age';
import { useSyncStatus } from './sync-store';
import './sync.css';

/**
 * The top bar's sync badge, short enough to sit beside the kill switch: reached or OFFLINE, what
 * waits to go, and how long ago a push or pull was last confirmed (an age that visibly moves; the
 * instant on hover). A click opens the Team sync panel on the Overview.
 */
export function SyncSlot() {
  const { status } = useSyncStatus();
  const now = useConsoleNow();
  const navigation = useNavigation();
  if (!status) return null;
  const attention = status.connection === 'offline' || status.refused.length > 0;
  const state = { off: 'off', connecting: 'connecting…', online: 'online', offline: 'OFFLINE' }[status.connection];
  const age = status.lastSyncedAt && now !== undefined ? agoText(Math.max(0, now - Date.parse(status.lastSyncedAt))) : null;
  return (
    <button
      type="button"
      className={`sync-slot sync-${status.connection}${attention ? ' sync-attention' : ''}`}
      data-testid="sync-slot"
      onClick={() => navigation.navigate('overview')}
      title={`Team sync${status.lastSyncedAt ? `: last confirmed ${formatUtc(status.lastSyncedAt)}` : ''}. Open the Team sync panel on the Overview`}
    >
      Sync {state}
      {status.connection !== 'off' && (
        <>
          {' '}
          · {status.waiting} waiting · {age ? `synced ${age}` : 'never synced'}
        </>
      )}
      {status.refused.length > 0 && <> · {status.refused.length} refused</>}
    </button>
  );
}
