import { useCallback, useState } from 'react';
import { useEvent } from '../../api/use-event';
import { useClient } from '../../api/client-context';

type Permission = 'granted' | 'denied' | 'default' | 'unsupported';

/**
 * Browser mode: a Web Notification when an update falls due, if the operator allowed it (the
 * in-page notice banner shows regardless). The desktop app notifies from main instead, since
 * Electron's renderer has every permission request denied.
 */
export function useUpdateNotifications(): { permission: Permission; request: () => void } {
  const client = useClient();
  const supported = client.kind !== 'ipc' && typeof Notification !== 'undefined';
  const [permission, setPermission] = useState<Permission>(supported ? Notification.permission : 'unsupported');

  useEvent('comms.updateDue', (due) => {
    if (!supported || Notification.permission !== 'granted') return;
    new Notification(`Update due: ${due.incidentTitle}`, {
      body: `${due.severity ?? ''} internal update is due now. Post it, then record it in Comms.`,
      tag: `update-due-${due.incidentId}`,
    });
  });

  const request = useCallback(() => {
    if (!supported) return;
    void Notification.requestPermission().then(setPermission);
  }, [supported]);

  return { permission, request };
}
