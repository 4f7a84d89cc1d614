import type { AppCommand } from '../shared/app-schemas';
import { errorMessage } from '../shared/errors';
import type { DesktopNotification, Notifier } from './core/notifier';

// Small pieces of desktop integration, each taking the Electron objects it drives as parameters
// (fakes in tests): bringing the window forward, the global quick-capture shortcut, native
// notifications.

export interface ForegroundWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  isVisible(): boolean;
  show(): void;
  focus(): void;
  webContents: { send(channel: string, payload: unknown): void };
}

export function bringForward(window: ForegroundWindow | undefined): boolean {
  if (!window || window.isDestroyed()) return false;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
  return true;
}

/** Brings the window forward and hands the renderer a command (menu, tray, global shortcut). */
export function sendCommand(window: ForegroundWindow | undefined, channel: string, command: AppCommand): void {
  if (bringForward(window)) window!.webContents.send(channel, command);
}

export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/**
 * Registers the system-wide quick-capture shortcut. Another app may own the combination already;
 * then the operator is told (the in-window accelerator still works) instead of failing silently.
 */
export function registerQuickCaptureShortcut(
  globalShortcut: GlobalShortcutLike,
  accelerator: string,
  onTrigger: () => void,
): { ok: true; unregister: () => void } | { ok: false; reason: string } {
  let registered = false;
  try {
    registered = globalShortcut.register(accelerator, onTrigger);
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
  if (!registered) return { ok: false, reason: `${accelerator} is already taken by another application` };
  return { ok: true, unregister: () => globalShortcut.unregister(accelerator) };
}

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationClass {
  new (options: { title: string; body: string; urgency?: 'normal' | 'critical' | 'low'; silent?: boolean }): NotificationLike;
  isSupported(): boolean;
}

/** Native OS notifications (reminders: acknowledgement targets, update cadence); a click brings the console forward. */
export function createNativeNotifier(Notification: NotificationClass, onClick: (notification: DesktopNotification) => void): Notifier {
  // Electron drops a notification that is garbage-collected before it is clicked; keep the recent ones.
  const alive = new Set<NotificationLike>();
  return {
    notify(notification) {
      if (!Notification.isSupported()) return;
      const native = new Notification({
        title: notification.title,
        body: notification.body,
        urgency: notification.level === 'error' ? 'critical' : 'normal',
      });
      alive.add(native);
      if (alive.size > 20) alive.delete(alive.values().next().value!);
      native.on('click', () => {
        alive.delete(native);
        onClick(notification);
      });
      native.show();
    },
  };
}
