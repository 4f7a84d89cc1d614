import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { AppCommand, ThemeChoice } from '../../src/shared/app-schemas';
import { AppCommand as AppCommandSchema } from '../../src/shared/app-schemas';
import { ACCELERATORS, buildMenuTemplate } from '../../src/main/menu';
import { VIEWS, viewShortcutDigit } from '../../src/shared/views';
import { bringForward, createNativeNotifier, registerQuickCaptureShortcut, sendCommand } from '../../src/main/os-integration';

function menu(platform: NodeJS.Platform = 'linux', theme: ThemeChoice = 'system', isDevelopment = false) {
  const sent: AppCommand[] = [];
  const themes: ThemeChoice[] = [];
  const template = buildMenuTemplate({ platform, isDevelopment, theme, send: (command) => sent.push(command), setTheme: (next) => themes.push(next) });
  return { template, sent, themes };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();

describe('application menu', () => {
  it('has quick capture and the halt dialog on accelerators, sending contract commands', () => {
    const { template, sent } = menu();
    const items = flatten(template);
    const capture = items.find((item) => item.label === 'Quick capture…');
    const halt = items.find((item) => item.label?.startsWith('Halt the platform'));
    expect(capture?.accelerator).toBe(ACCELERATORS.quickCapture);
    expect(halt?.accelerator).toBe(ACCELERATORS.openHaltDialog);
    click(capture);
    click(halt);
    expect(sent).toEqual([{ command: 'focus-capture' }, { command: 'open-halt-dialog' }]);
    for (const command of sent) expect(AppCommandSchema.safeParse(command).success).toBe(true);
  });

  it('opens each view on Ctrl/Cmd+digit, leaving Alt+digit to the page', () => {
    const { template, sent } = menu();
    const items = flatten(template);
    VIEWS.forEach((view, index) => {
      const item = items.find((candidate) => candidate.label === view.label);
      expect(item?.accelerator).toBe(`CmdOrCtrl+${(index + 1) % 10}`);
      click(item);
    });
    expect(sent).toEqual(VIEWS.map((view) => ({ command: 'open-view', viewId: view.id })));
  });

  it('numbers the screens 1 to 9 and then 0, moving reset zoom off Ctrl/Cmd+0 (its usual key) for the tenth', () => {
    expect(VIEWS.map((_, index) => viewShortcutDigit(index))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
    expect(() => viewShortcutDigit(10)).toThrow('ten screens at most');
    const items = flatten(menu().template);
    expect(items.find((item) => item.label === 'Team')?.accelerator).toBe('CmdOrCtrl+0');
    // A role item without an accelerator would still answer to its default, CmdOrCtrl+0.
    expect(items.find((item) => item.role === 'resetZoom')?.accelerator).toBe('CmdOrCtrl+Shift+0');
  });

  it('uses every accelerator once', () => {
    const accelerators = flatten(menu().template)
      .map((item) => item.accelerator)
      .filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('offers the theme as radio items, checked from the saved choice', () => {
    const { template, themes } = menu('linux', 'dark');
    const radios = flatten(template).filter((item) => item.type === 'radio');
    expect(radios.map((item) => [item.label, item.checked])).toEqual([
      ['Follow the system', false],
      ['Dark', true],
      ['Light', false],
    ]);
    click(radios[2]);
    expect(themes).toEqual(['light']);
  });

  it('has the macOS app menu only on macOS and DevTools only in development', () => {
    expect(menu('darwin').template[0]).toEqual({ role: 'appMenu' });
    expect(menu('linux').template.some((item) => item.role === 'appMenu')).toBe(false);
    expect(flatten(menu('linux', 'system', false).template).some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(flatten(menu('linux', 'system', true).template).some((item) => item.role === 'toggleDevTools')).toBe(true);
  });
});

function fakeWindow(state: { minimized?: boolean; visible?: boolean; destroyed?: boolean } = {}) {
  const calls: string[] = [];
  const sent: Array<[string, unknown]> = [];
  return {
    calls,
    sent,
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    isVisible: () => state.visible ?? true,
    restore: () => void calls.push('restore'),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
    webContents: { send: (channel: string, payload: unknown) => void sent.push([channel, payload]) },
  };
}

describe('global quick-capture shortcut', () => {
  it('registers the system-wide accelerator and, when pressed, brings the window forward into capture', () => {
    const registered = new Map<string, () => void>();
    const window = fakeWindow({ minimized: true, visible: false });
    const result = registerQuickCaptureShortcut(
      { register: (accelerator, callback) => (registered.set(accelerator, callback), true), unregister: (accelerator) => void registered.delete(accelerator) },
      ACCELERATORS.globalQuickCapture,
      () => sendCommand(window, 'ic:event:app.command', { command: 'focus-capture' }),
    );
    expect(result.ok).toBe(true);
    registered.get(ACCELERATORS.globalQuickCapture)!();
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
    expect(window.sent).toEqual([['ic:event:app.command', { command: 'focus-capture' }]]);
    if (result.ok) result.unregister();
    expect(registered.size).toBe(0);
  });

  it('says why when another application owns the combination', () => {
    const result = registerQuickCaptureShortcut({ register: () => false, unregister: () => {} }, 'CommandOrControl+Alt+K', () => {});
    expect(result).toEqual({ ok: false, reason: 'CommandOrControl+Alt+K is already taken by another application' });
  });

  it('does nothing to a closed window', () => {
    const window = fakeWindow({ destroyed: true });
    expect(bringForward(window)).toBe(false);
    sendCommand(window, 'x', { command: 'focus-capture' });
    expect(window.sent).toEqual([]);
  });
});

describe('native notifications', () => {
  it('shows reminders as OS notifications, critical for errors, and a click brings the console forward', () => {
    const shown: Array<{ options: Record<string, unknown>; click?: () => void }> = [];
    class FakeNotification {
      static isSupported = () => true;
      record: { options: Record<string, unknown>; click?: () => void };
      constructor(options: Record<string, unknown>) {
        this.record = { options };
      }
      on(_event: 'click', listener: () => void) {
        this.record.click = listener;
      }
      show() {
        shown.push(this.record);
      }
    }
    const clicked: string[] = [];
    const notifier = createNativeNotifier(FakeNotification, (notification) => clicked.push(notification.title));
    notifier.notify({ title: 'SEV1 update due', body: 'Post the 15-minute update', level: 'error' });
    notifier.notify({ title: 'Acknowledge', body: 'SEV3 unacknowledged', level: 'warning' });
    expect(shown.map((item) => item.options)).toEqual([
      { title: 'SEV1 update due', body: 'Post the 15-minute update', urgency: 'critical' },
      { title: 'Acknowledge', body: 'SEV3 unacknowledged', urgency: 'normal' },
    ]);
    shown[0]!.click!();
    expect(clicked).toEqual(['SEV1 update due']);
  });

  it('stays silent where the OS has no notification service', () => {
    let constructed = 0;
    class Unsupported {
      static isSupported = () => false;
      constructor() {
        constructed++;
      }
      on() {}
      show() {}
    }
    createNativeNotifier(Unsupported, () => {}).notify({ title: 't', body: 'b', level: 'info' });
    expect(constructed).toBe(0);
  });
});
