import { BrowserWindow, type WebPreferences } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererIndex = fileURLToPath(new URL('../renderer/index.html', import.meta.url));

/** Exported so the security tests can assert every window is created with exactly these. */
export const SECURE_WEB_PREFERENCES: WebPreferences = {
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
};

/** The one URL the window may show: the dev server in development, the built index otherwise. */
export function appEntryUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(rendererIndex).href;
}

export function isAppUrl(url: string): boolean {
  const entry = new URL(appEntryUrl());
  try {
    const candidate = new URL(url);
    if (entry.protocol === 'file:') return candidate.protocol === 'file:' && candidate.pathname === entry.pathname;
    return candidate.origin === entry.origin;
  } catch {
    return false;
  }
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Incident Console',
    backgroundColor: '#111418',
    webPreferences: SECURE_WEB_PREFERENCES,
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appEntryUrl());
  return window;
}
