import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand, ThemeChoice } from '../shared/app-schemas';
import { VIEWS, viewShortcutDigit } from '../shared/views';

export const ACCELERATORS = {
  quickCapture: 'CmdOrCtrl+K',
  openHaltDialog: 'CmdOrCtrl+Shift+H',
  /** System-wide (registered with globalShortcut): brings the console forward into quick capture. */
  globalQuickCapture: 'CommandOrControl+Alt+K',
} as const;

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Unpackaged development run: offers DevTools. */
  isDevelopment: boolean;
  theme: ThemeChoice;
  send: (command: AppCommand) => void;
  setTheme: (theme: ThemeChoice) => void;
}

/**
 * The application menu, as a plain template (Menu.buildFromTemplate turns it into a menu), so the
 * accelerators and what each item sends are tested without Electron. Items that act in the page
 * send an `app.command` the renderer carries out; nothing here opens a link or a file.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const themeItem = (theme: ThemeChoice, label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: options.theme === theme,
    click: () => options.setTheme(theme),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: '&Incident',
      submenu: [
        {
          label: 'Quick capture…',
          accelerator: ACCELERATORS.quickCapture,
          click: () => options.send({ command: 'focus-capture' }),
        },
        {
          label: 'Halt the platform (kill switch)…',
          accelerator: ACCELERATORS.openHaltDialog,
          click: () => options.send({ command: 'open-halt-dialog' }),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        // Ctrl/Cmd+digit here; the page keeps Alt+digit for the same screens.
        ...VIEWS.map((view, index): MenuItemConstructorOptions => ({
          label: view.label,
          accelerator: `CmdOrCtrl+${viewShortcutDigit(index)}`,
          click: () => options.send({ command: 'open-view', viewId: view.id }),
        })),
        { type: 'separator' },
        {
          label: 'Theme',
          submenu: [themeItem('system', 'Follow the system'), themeItem('dark', 'Dark'), themeItem('light', 'Light')],
        },
        { type: 'separator' },
        // Ctrl/Cmd+0, resetZoom's usual key, opens the tenth screen (Team): the zoom goes back to normal on Shift.
        { role: 'resetZoom', accelerator: 'CmdOrCtrl+Shift+0' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.isDevelopment ? [{ type: 'separator' } as MenuItemConstructorOptions, { role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
      ],
    },
    { role: 'windowMenu' },
  ];
  return template;
}
