import type { AppNotice } from '../../shared/app-schemas';
import type { Clock } from './clock';
import type { EventBus } from './event-bus';

export interface DesktopNotification {
  title: string;
  body: string;
  level: AppNotice['level'];
  /** The incident it is about, so a click can bring that incident forward. */
  incidentId?: string;
}

/**
 * How core puts something in front of the operator even when the console is in the background:
 * a missed acknowledgement target, an internal update due. The reminders take a Notifier; the
 * desktop app adds a native OS notification, browser mode a Web Notification via the banner.
 */
export interface Notifier {
  notify(notification: DesktopNotification): void;
}

/** The in-app banner (`app.notice` with notify: true), which browser mode also raises as a Web Notification. */
export function createBannerNotifier(events: EventBus, clock: Clock): Notifier {
  return {
    notify(notification) {
      events.emit('app.notice', {
        level: notification.level,
        title: notification.title,
        message: notification.body,
        at: clock.now().toISOString(),
        notify: true,
      });
    },
  };
}

/** One notification to several channels; a failing channel (no notification daemon) spares the others. */
export function combineNotifiers(...notifiers: Array<Notifier | undefined>): Notifier {
  const present = notifiers.filter((notifier): notifier is Notifier => notifier !== undefined);
  return {
    notify(notification) {
      for (const notifier of present) {
        try {
          notifier.notify(notification);
        } catch {
          // The banner still shows; a missing OS notification service is not worth failing a reminder.
        }
      }
    },
  };
}
