import { useEffect, useState } from 'react';
import type { AppNotice } from '../../../shared/app-schemas';
import { on } from '../api/client';

/** Background failures and reminders pushed by main, shown until dismissed. */
export function NoticeBar() {
  const [notices, setNotices] = useState<AppNotice[]>([]);
  useEffect(() => on('app.notice', (notice) => setNotices((list) => [...list.slice(-4), notice])), []);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice, index) => (
        <div key={`${notice.at}-${index}`} className={`notice notice-${notice.level}`}>
          <span>{notice.message}</span>
          <button type="button" className="link-button" onClick={() => setNotices((list) => list.filter((_, i) => i !== index))}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
