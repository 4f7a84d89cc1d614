import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../src/main/app-protocol';
import { appEntryUrl, createMainWindow, createPrintWindow, isAppUrl, SECURE_WEB_PREFERENCES } from '../../src/main/window';

// Electron checklist: contextIsolation, sandbox, no nodeIntegration, webSecurity, no webview, no
// insecure content. The Electron runtime is faked at the boundary: a BrowserWindow class that
// records exactly what main passes to the constructor.
class RecordingBrowserWindow {
  static created: RecordingBrowserWindow[] = [];
  readonly loaded: string[] = [];
  readonly listeners = new Map<string, () => void>();
  constructor(readonly options: BrowserWindowConstructorOptions) {
    RecordingBrowserWindow.created.push(this);
  }
  once(event: string, listener: () => void) {
    this.listeners.set(event, listener);
    return this;
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  maximize() {}
  show() {}
}

function openWindow(overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}) {
  RecordingBrowserWindow.created = [];
  createMainWindow({ BrowserWindow: RecordingBrowserWindow as never, entryUrl: APP_ENTRY_URL, ...overrides });
  expect(RecordingBrowserWindow.created).toHaveLength(1);
  return RecordingBrowserWindow.created[0]!;
}

describe('every BrowserWindow is created with the secure webPreferences', () => {
  it('passes contextIsolation, sandbox and no Node integration to the constructor', () => {
    const prefs = openWindow().options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs.preload).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('passes exactly the exported secure set, with nothing added or loosened', () => {
    expect(openWindow().options.webPreferences).toEqual(SECURE_WEB_PREFERENCES);
  });

  it('keeps the secure set when bounds and colours are customised', () => {
    const window = openWindow({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, backgroundColor: '#ffffff', maximized: true });
    expect(window.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false });
    expect(window.options.webPreferences).toEqual(SECURE_WEB_PREFERENCES);
  });

  it('cannot be loosened by mutating the exported preferences', () => {
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
    expect(() => {
      (SECURE_WEB_PREFERENCES as { sandbox: boolean }).sandbox = false;
    }).toThrow();
  });

  it('loads the app from app://incident-console, never file://', () => {
    const window = openWindow({ entryUrl: appEntryUrl({}, true) });
    expect(window.loaded).toEqual(['app://incident-console/index.html']);
  });

  it('uses the dev server only when unpackaged and only on loopback', () => {
    expect(appEntryUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe('http://localhost:5173');
    expect(appEntryUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true)).toBe(APP_ENTRY_URL);
    expect(appEntryUrl({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toBe(APP_ENTRY_URL);
  });

  it('recognises only our own origin as the app', () => {
    expect(isAppUrl('app://incident-console/index.html', APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://incident-console/assets/x.js#y', APP_ENTRY_URL)).toBe(true);
    for (const url of [
      'file:///app/index.html',
      'app://other-host/index.html',
      'https://incident-console/',
      'app://user:pw@incident-console/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url, APP_ENTRY_URL), url).toBe(false);
    }
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
  });
});

describe('the print window for post-mortem PDFs', () => {
  it('is as locked down as the main window, with no preload and JavaScript off', () => {
    RecordingBrowserWindow.created = [];
    createPrintWindow(RecordingBrowserWindow as never);
    const prefs = RecordingBrowserWindow.created[0]!.options.webPreferences!;
    const { preload: _preload, ...mainWithoutPreload } = SECURE_WEB_PREFERENCES;
    expect(prefs).toMatchObject({ ...mainWithoutPreload, javascript: false });
    expect(prefs.preload).toBeUndefined();
    expect(RecordingBrowserWindow.created[0]!.options.show).toBe(false);
  });
});
