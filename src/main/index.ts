import { app, ipcMain, session, type WebContents, type WebFrameMain } from 'electron';
import { mkdirSync } from 'node:fs';
import { APP_VERSION } from './core/app/build-info';
import { systemClock, AdjustableClock } from './core/clock';
import { createConsole, type ConsoleCore } from './core/console';
import { electronPdfPrinter } from './electron-pdf-printer';
import { electronReminderSink } from './electron-reminder-sink';
import { bindIpc, forwardEvents } from './ipc';
import { PRODUCT_NAME, readRuntimeOptions } from './runtime-options';
import { hardenSession, hardenWebContents } from './security';
import { createMainWindow, isAppUrl } from './window';

/** The desktop app's lifecycle: one instance, one secure window, the core behind IPC. */
const options = readRuntimeOptions(process.argv.slice(1), process.env);
if (options.dataDir) app.setPath('userData', options.dataDir);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl));
  await app.whenReady();
  hardenSession(session.defaultSession);

  const dataDir = app.getPath('userData');
  mkdirSync(dataDir, { recursive: true });
  const core: ConsoleCore = await createConsole({
    name: PRODUCT_NAME,
    version: APP_VERSION,
    mode: 'electron',
    dataDir,
    operator: options.operator,
    platform: process.platform,
    clock: options.clockStart ? new AdjustableClock(options.clockStart) : systemClock,
    reminderSink: electronReminderSink(() => {
      if (window.isMinimized()) window.restore();
      window.focus();
    }),
    pdfPrinter: electronPdfPrinter,
  });

  let window = createMainWindow();
  const isTrustedSender = (frame: WebFrameMain | null, sender: WebContents): boolean =>
    frame !== null && sender === window.webContents && frame === sender.mainFrame && isAppUrl(frame.url);
  bindIpc({
    ipcMain,
    core,
    isTrustedSender,
    onInternalError: (method, error) => console.error(`[${method}]`, error instanceof Error ? error.message : error),
  });
  let stopForwarding = forwardEvents(core, window.webContents);

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (window.isDestroyed()) {
      window = createMainWindow();
      stopForwarding();
      stopForwarding = forwardEvents(core, window.webContents);
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    stopForwarding();
    void core.close();
  });
}
