import type { Session, WebContents, WebFrameMain } from 'electron';

// The Electron security checklist applied to every session and web contents the app creates:
// no permission is ever granted, nothing remote is loaded, no navigation leaves the app, no
// window opens, no webview attaches. Electron objects come in as parameters (fakes in tests).

export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

export function hardenSession(session: SessionLike, isAllowedRequest: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // No remote content: every request the renderer makes is to our own scheme (or the dev server).
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
}

/** Schemes a page of ours may load besides itself: inline images (CSP allows data: for img-src). */
export function isAllowedRequest(url: string, isAppUrl: (url: string) => boolean): boolean {
  if (isAppUrl(url)) return true;
  // Development only: the loopback dev server's hot-reload socket (never matches app://).
  if (/^ws:/.test(url) && isAppUrl(url.replace(/^ws:/, 'http:'))) return true;
  return url.startsWith('data:') || url.startsWith('devtools:');
}

export type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(contents: WebContentsLike, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links are never opened, not even in the system browser: nothing in the console needs it.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Only our own window's top frame, showing our own page, may call main. The window is looked up
 * at call time because macOS re-creates it on `activate`.
 */
export function createTrustedSenderCheck(
  currentContents: () => WebContents | undefined,
  isAppUrl: (url: string) => boolean,
): (frame: WebFrameMain | null, sender: WebContents) => boolean {
  return (frame, sender) => {
    const contents = currentContents();
    return contents !== undefined && frame !== null && sender === contents && frame === sender.mainFrame && isAppUrl(frame.url);
  };
}
