import type { UpdateDue } from '../../../shared/comms-schemas';

/**
 * Where a due reminder goes besides the renderer's event: the desktop app plugs in Electron's
 * Notification here (it keeps working with no window focused and no network). Browser mode has
 * none; its page shows a banner and, if allowed, a Web Notification.
 */
export interface ReminderSink {
  updateDue(due: UpdateDue): void;
}
