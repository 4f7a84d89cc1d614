import { Notification } from 'electron';
import type { ReminderSink } from './core/comms/reminder-sink';

/**
 * Due updates as OS notifications from main: they show with the window in the background and
 * need no network. (The renderer cannot: every permission request is denied in the desktop app.)
 */
export function electronReminderSink(focusWindow: () => void): ReminderSink {
  return {
    updateDue(due) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({
        title: `Update due: ${due.incidentTitle}`,
        body: `${due.severity ?? ''} internal update is due now. Post it, then record it under Comms.`.trim(),
        urgency: 'critical',
      });
      notification.on('click', focusWindow);
      notification.show();
    },
  };
}
