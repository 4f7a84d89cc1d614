import type { Session, WebContents } from 'electron';

/**
 * The Electron security checklist applied to every session and web contents the app creates:
 * no permission is ever granted, no navigation leaves the app, no window opens, no webview attaches.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function hardenWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links are never opened, not even in the system browser: nothing in the console needs it.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
