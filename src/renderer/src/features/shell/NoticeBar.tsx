import { useEffect, useState } from 'react';
import type { AppNotice } from '../../../../shared/app-schemas';
import { useClient } from '../../api/client-context';

function raiseWebNotification(notice: AppNotice): void {
  if (!notice.notify || Notification.permission !== 'granted') return;
  new Notification(notice.title ?? 'Incident Console', { body: notice.message, tag: `${notice.title ?? ''}-${notice.at}` });
}

/** Background failures and reminders pushed by main, shown until dismissed (and as OS notifications when allowed). */
export function NoticeBar() {
  const client = useClient();
  // Browser mode only: the desktop app raises reminders as native notifications from main.
  const webNotifications = client.kind !== 'ipc' && typeof Notification !== 'undefined';
  const [notices, setNotices] = useState<AppNotice[]>([]);
  const [permission, setPermission] = useState(webNotifications ? Notification.permission : 'denied');
  useEffect(
    () =>
      client.on('app.notice', (notice) => {
        if (webNotifications) raiseWebNotification(notice);
        setNotices((list) => [...list.slice(-4), notice]);
      }),
    [client, webNotifications],
  );
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice, index) => (
        <div key={`${notice.at}-${index}`} className={`notice notice-${notice.level}`}>
          <span>
            {notice.title && <strong>{notice.title}: </strong>}
            {notice.message}
          </span>
          {notice.notify && permission === 'default' && (
            <button type="button" className="link-button" onClick={() => void Notification.requestPermission().then(setPermission)}>
              Also notify me on the desktop
            </button>
          )}
          <button type="button" className="link-button" onClick={() => setNotices((list) => list.filter((_, i) => i !== index))}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
