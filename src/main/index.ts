import { app, BrowserWindow, dialog, globalShortcut, ipcMain, Menu, nativeImage, nativeTheme, Notification, protocol, screen, session, Tray } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppCommand, AppSettings } from '../shared/app-schemas';
import { channelForEvent } from '../shared/contract';
import { errorMessage } from '../shared/errors';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppProtocol } from './app-protocol';
import { APP_VERSION } from './core/app/build-info';
import { AdjustableClock, systemClock } from './core/clock';
import { composeCore, type Core } from './core/compose-core';
import { electronPdfPrinter } from './electron-pdf-printer';
import { electronNativeDir, SQLITE_BINDING_FILE, sqliteNativeBinding } from './core/native-binding';
import { bindIpc, forwardEvents } from './ipc';
import { ACCELERATORS, buildMenuTemplate } from './menu';
import { bringForward, createNativeNotifier, registerQuickCaptureShortcut, sendCommand } from './os-integration';
import { PRODUCT_NAME, readRuntimeOptions } from './runtime-options';
import { createTrustedSenderCheck, hardenSession, hardenWebContents, isAllowedRequest } from './security';
import { createStatusTray } from './tray';
import { appEntryUrl, createMainWindow, isAppUrl } from './window';
import { loadWindowState, windowStateFile } from './core/app/window-state-file';
import { initialBounds, rememberWindowState } from './window-state';

/**
 * The desktop app's lifecycle: one instance, one secure window served from app://, the core
 * behind IPC, and the OS integration (menu, tray, global shortcut, notifications, theme). Each
 * piece lives in its own module taking Electron objects as parameters; this file only wires them.
 */
const options = readRuntimeOptions(process.argv.slice(1), process.env);
if (options.dataDir) app.setPath('userData', options.dataDir);
app.enableSandbox();
app.setAppUserModelId('com.powernode.incident-console');
// Must happen before `ready`: app:// becomes a standard, secure origin (no bypassCSP).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start().catch((error: unknown) => {
    dialog.showErrorBox(`${PRODUCT_NAME} could not start`, errorMessage(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const entryUrl = appEntryUrl(process.env, app.isPackaged);
  const isOurs = (url: string) => isAppUrl(url, entryUrl);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isOurs));
  await app.whenReady();
  hardenSession(session.defaultSession, (url) => isAllowedRequest(url, isOurs));
  handleAppProtocol(protocol, fileURLToPath(new URL('../renderer', import.meta.url)));

  const dataDir = app.getPath('userData');
  const clock = options.clockStart ? new AdjustableClock(options.clockStart) : systemClock;
  let window: BrowserWindow | undefined;
  const send = (command: AppCommand) => sendCommand(window, channelForEvent('app.command'), command);

  const core: Core = await composeCore({
    name: PRODUCT_NAME,
    version: APP_VERSION,
    mode: 'electron',
    dataDir,
    operator: options.operator,
    platform: process.platform,
    clock,
    killSwitchPollMs: options.powernodePollMs,
    powernodeTimeoutMs: options.powernodeTimeoutMs,
    pdfPrinter: electronPdfPrinter,
    sqliteNativeBinding: electronSqliteBinding(),
    nativeNotifier: createNativeNotifier(Notification, () => bringForward(window)),
  });

  const stateFile = windowStateFile(dataDir);
  const openWindow = (): BrowserWindow => {
    const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((display) => display.workArea);
    const initial = initialBounds(loadWindowState(stateFile, clock, core.setAside.report), displays);
    const created = createMainWindow({
      BrowserWindow,
      entryUrl,
      bounds: initial.bounds,
      maximized: initial.maximized,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1216' : '#f5f6f8',
    });
    rememberWindowState(created, stateFile, (error) => console.error('Could not remember the window position:', error));
    return created;
  };

  // Theme: the saved choice drives nativeTheme, which the page's prefers-color-scheme follows.
  let settings: AppSettings = await core.handlers['app.settings.get']({});
  const applySettings = () => {
    nativeTheme.themeSource = settings.theme;
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          isDevelopment: !app.isPackaged,
          theme: settings.theme,
          send,
          setTheme: (theme) => void core.handlers['app.settings.set']({ theme }),
        }),
      ),
    );
  };
  applySettings();
  core.events.subscribe((name, payload) => {
    if (name === 'app.settings') {
      settings = payload as AppSettings;
      applySettings();
    }
  });

  window = openWindow();
  bindIpc({
    ipcMain,
    core,
    isTrustedSender: createTrustedSenderCheck(() => (window && !window.isDestroyed() ? window.webContents : undefined), isOurs),
    onInternalError: (method, error) => console.error(`[${method}]`, error instanceof Error ? error.message : error),
  });
  let stopForwarding = forwardEvents(core, window.webContents);

  const shortcut = registerQuickCaptureShortcut(globalShortcut, ACCELERATORS.globalQuickCapture, () => send({ command: 'focus-capture' }));
  if (!shortcut.ok) {
    core.events.emit('app.notice', {
      level: 'warning',
      message: `The quick-capture shortcut is not available system-wide (${shortcut.reason}); ${ACCELERATORS.quickCapture} still works in the window.`,
      at: clock.now().toISOString(),
    });
  }

  let tray: ReturnType<typeof createStatusTray> | undefined;
  try {
    tray = createStatusTray({
      createTray: (image) => new Tray(image),
      imageFromPng: (png) => nativeImage.createFromBuffer(png),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      events: core.events,
      loadInitial: async () => ({
        incidents: await core.handlers['incidents.list']({}),
        killSwitch: (await core.handlers['killSwitch.overview']({})).states,
      }),
      actions: {
        show: () => bringForward(window),
        quickCapture: () => send({ command: 'focus-capture' }),
        openHaltDialog: () => send({ command: 'open-halt-dialog' }),
        quit: () => app.quit(),
      },
    });
  } catch (error) {
    // Some Linux desktops have no status area; the window and notifications still work.
    console.error('No tray icon:', error instanceof Error ? error.message : error);
  }

  app.on('second-instance', () => bringForward(window));
  app.on('activate', () => {
    if (!window || window.isDestroyed()) {
      window = openWindow();
      stopForwarding();
      stopForwarding = forwardEvents(core, window.webContents);
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    if (shortcut.ok) shortcut.unregister();
    tray?.destroy();
    stopForwarding();
    void core.close();
  });
}

/**
 * better-sqlite3's Electron-ABI build: resources/native in a package, .cache/electron-native in a
 * checkout (prepared by `npm start`). When it is missing, say so plainly and hand the journal the
 * expected path, so it reports itself unavailable instead of loading Node's build and crashing.
 */
function electronSqliteBinding(): string {
  const packagedNativeDir = app.isPackaged ? join(process.resourcesPath, 'native') : undefined;
  const cacheRoot = app.isPackaged ? undefined : join(app.getAppPath(), '.cache');
  try {
    return sqliteNativeBinding({ electronVersion: process.versions.electron, platform: process.platform, arch: process.arch, packagedNativeDir, cacheRoot })!;
  } catch (error) {
    dialog.showErrorBox('The journal cannot be opened', errorMessage(error));
    return packagedNativeDir
      ? join(packagedNativeDir, SQLITE_BINDING_FILE)
      : join(electronNativeDir(cacheRoot!, process.versions.electron, process.platform, process.arch), SQLITE_BINDING_FILE);
  }
}
