import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_ENTRY_URL, isAppProtocolUrl } from './app-protocol';
import type { Rectangle } from './core/app/window-state-file';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

/** Exported so the security tests can assert every window is created with exactly these. */
export const SECURE_WEB_PREFERENCES: WebPreferences = Object.freeze({
  preload: preloadPath,
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
  spellcheck: false,
  safeDialogs: true,
  disableBlinkFeatures: 'Auxclick',
});

/**
 * The one URL the window may show: the dev server in development (electron-vite sets
 * ELECTRON_RENDERER_URL, only when run unpackaged), our app:// scheme otherwise.
 */
export function appEntryUrl(env: NodeJS.ProcessEnv = process.env, isPackaged = false): string {
  const devServer = env.ELECTRON_RENDERER_URL;
  if (devServer && !isPackaged && isLoopbackHttp(devServer)) return devServer;
  return APP_ENTRY_URL;
}

export function isAppUrl(url: string, entryUrl: string = appEntryUrl()): boolean {
  if (isAppProtocolUrl(entryUrl)) return isAppProtocolUrl(url);
  try {
    return new URL(url).origin === new URL(entryUrl).origin;
  } catch {
    return false;
  }
}

function isLoopbackHttp(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  } catch {
    return false;
  }
}

export interface MainWindowDeps {
  /** Electron's BrowserWindow class (a recorder in the security tests). */
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  entryUrl: string;
  bounds?: Partial<Rectangle> & { width: number; height: number };
  maximized?: boolean;
  backgroundColor?: string;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const window = new deps.BrowserWindow({
    ...(deps.bounds ?? { width: 1400, height: 900 }),
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Incident Console',
    backgroundColor: deps.backgroundColor ?? '#111418',
    webPreferences: { ...SECURE_WEB_PREFERENCES },
  });
  window.once('ready-to-show', () => {
    if (deps.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(deps.entryUrl);
  return window;
}

/**
 * The hidden window printToPDF renders an exported post-mortem in: the same locked-down
 * preferences as the main window, minus the preload (it needs no bridge) and with JavaScript
 * off (the export has no script). The page arrives as a data: URL, never from a file.
 */
export const PRINT_WEB_PREFERENCES: WebPreferences = Object.freeze({
  ...Object.fromEntries(Object.entries(SECURE_WEB_PREFERENCES).filter(([key]) => key !== 'preload')),
  javascript: false,
  offscreen: true,
});

/** Chromium refuses to navigate to longer URLs. */
export const MAX_PRINTABLE_URL_LENGTH = 2 * 1024 * 1024;

export function createPrintWindow(BrowserWindowClass: MainWindowDeps['BrowserWindow']): BrowserWindow {
  return new BrowserWindowClass({ show: false, webPreferences: { ...PRINT_WEB_PREFERENCES } });
}
