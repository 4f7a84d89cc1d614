import { describe, expect, it } from 'vitest';
import { isAppProtocolUrl } from '../../src/main/app-protocol';
import { hardenSession, hardenWebContents, isAllowedRequest } from '../../src/main/security';

// Fake web contents and session that record the handlers main installs; the handlers themselves
// are the real ones and are invoked the way Electron would.
type Listener = (...args: unknown[]) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return this;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      windowOpenHandler = handler;
    },
    fire(event: string, ...args: unknown[]) {
      const listener = listeners.get(event);
      if (!listener) throw new Error(`no ${event} handler installed`);
      listener(...args);
    },
    openWindow: (url: string) => windowOpenHandler!({ url }),
  };
}

function preventable(url?: string) {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

describe('navigation, new windows and webviews are denied', () => {
  const contents = fakeContents();
  hardenWebContents(contents as never, isAppProtocolUrl);

  it('refuses navigation away from the app', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://elsewhere/', 'javascript:alert(1)']) {
      const event = preventable();
      contents.fire('will-navigate', event, url);
      expect(event.defaultPrevented, url).toBe(true);
    }
  });

  it('lets the app navigate within itself', () => {
    const event = preventable();
    contents.fire('will-navigate', event, 'app://incident-console/index.html');
    expect(event.defaultPrevented).toBe(false);
  });

  it('refuses a frame navigating away and a redirect away', () => {
    const frame = preventable('https://evil.example/');
    contents.fire('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
    const redirect = preventable();
    contents.fire('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.defaultPrevented).toBe(true);
  });

  it('denies every new window, even to our own origin', () => {
    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.openWindow('app://incident-console/index.html')).toEqual({ action: 'deny' });
  });

  it('refuses to attach a webview', () => {
    const event = preventable();
    contents.fire('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('permissions and remote content are denied', () => {
  const installed: Record<string, (...args: never[]) => unknown> = {};
  const session = {
    setPermissionRequestHandler: (handler: never) => void (installed.request = handler),
    setPermissionCheckHandler: (handler: never) => void (installed.check = handler),
    setDevicePermissionHandler: (handler: never) => void (installed.device = handler),
    webRequest: { onBeforeRequest: (handler: never) => void (installed.beforeRequest = handler) },
  };
  hardenSession(session as never, (url) => isAllowedRequest(url, isAppProtocolUrl));

  it('answers every permission request with no', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | undefined;
      (installed.request as (...args: unknown[]) => void)({}, permission, (answer: boolean) => (granted = answer), {});
      expect(granted, permission).toBe(false);
    }
  });

  it('answers permission checks and device requests with no', () => {
    expect((installed.check as (...args: unknown[]) => boolean)({}, 'media', 'app://incident-console', {})).toBe(false);
    expect((installed.device as (...args: unknown[]) => boolean)({ deviceType: 'usb' })).toBe(false);
  });

  it('cancels any request that is not our own scheme (no remote content)', () => {
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      (installed.beforeRequest as (...args: unknown[]) => void)({ url }, (response: { cancel: boolean }) => (cancel = response.cancel));
      return cancel;
    };
    expect(decide('https://cdn.example/lib.js')).toBe(true);
    expect(decide('http://127.0.0.1:8080/')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    expect(decide('app://incident-console/assets/index.js')).toBe(false);
    expect(decide('data:image/png;base64,AAAA')).toBe(false);
    expect(decide('ws://localhost:5173/')).toBe(true);
  });

  it('allows the dev server (and its reload socket) only when the app is served from it', () => {
    const devServer = (url: string) => url.startsWith('http://localhost:5173/');
    expect(isAllowedRequest('ws://localhost:5173/', devServer)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5174/', devServer)).toBe(false);
    expect(isAllowedRequest('wss://evil.example/', devServer)).toBe(false);
  });
});
