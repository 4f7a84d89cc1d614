import { useMemo, useState } from 'react';
import type { ThemeChoice, TimeDisplay } from '../../shared/app-schemas';
import { useClient } from './api/client-context';
import { useEvent } from './api/use-event';
import { NoticeBar } from './features/shell/NoticeBar';
import { CommandPalette } from './features/palette/CommandPalette';
import type { PaletteCommand } from './features/palette/palette-commands';
import { ShortcutsOverlay } from './features/palette/ShortcutsOverlay';
import { SetAsideBanner } from './features/shell/SetAsideBanner';
import { IncidentSlot } from './features/incidents/IncidentSlot';
import { DrillBanner } from './features/incidents/DrillBanner';
import { KillSwitchSlot } from './features/powernode/KillSwitchSlot';
import { SeveritySlot } from './features/triage/SeveritySlot';
import { CommanderSlot } from './features/team/CommanderSlot';
import { SyncSlot } from './features/sync/SyncSlot';
import { CurrentIncidentProvider } from './state/current-incident';
import { NavigationContext, type Navigation, type Visit } from './state/navigation';
import { ShortcutsContext, useShortcutRegistry, useShortcuts, type ShortcutBinding } from './state/shortcuts';
import { useTheme } from './state/theme';
import { LOCAL_ZONE, useTimeDisplay } from './state/time-display';
import { requestKillSwitch } from './features/powernode/kill-switch-requests';
import { isViewId } from '../../shared/views';
import { views } from './screens';

/**
 * The shell: a top bar that always shows what matters at 3 a.m. (incident, severity, who is
 * commander, kill switch), a left navigation, and the current view.
 */
export function App() {
  const client = useClient();
  const [visit, setVisit] = useState<Visit>({ view: views[0]?.id ?? 'overview' });
  const current = views.find((view) => view.id === visit.view) ?? views[0];
  const navigation = useMemo<Navigation>(
    () => ({
      viewId: visit.view,
      visit,
      navigate: (view, params) => setVisit({ view, params } as Visit),
    }),
    [visit],
  );
  const focusCapture = () => navigation.navigate('timeline', { focusCapture: true });

  // The application menu, tray and global shortcut (desktop) ask for things outside the page.
  useEvent('app.command', (command) => {
    if (command.command === 'open-view' && command.viewId) {
      // A view this build does not have opens nothing.
      if (isViewId(command.viewId)) navigation.navigate(command.viewId);
    } else if (command.command === 'focus-capture') {
      // The same as Ctrl+K in the page: the timeline with its capture box focused.
      focusCapture();
    } else if (command.command === 'open-halt-dialog') {
      requestKillSwitch('halt');
    }
  });
  const { theme, setTheme } = useTheme();
  const { display, setDisplay } = useTimeDisplay();

  const [palette, setPalette] = useState(false);
  const [shortcutsShown, setShortcutsShown] = useState(false);
  const shortcuts = useShortcutRegistry();
  const globalShortcuts: ShortcutBinding[] = [
    // Alt+<digit> opens a screen from anywhere, even while typing.
    ...views.map((view): ShortcutBinding => [
      { key: view.accessKey, alt: true, inFields: true, description: `Go to ${view.label}` },
      () => navigation.navigate(view.id),
    ]),
    // A note must be one keystroke away whatever screen the operator is on: Ctrl/Cmd+K anywhere, "/" when not typing.
    [{ key: 'k', mod: true, inFields: true, description: 'Quick capture: write a note into the timeline' }, focusCapture],
    [{ key: '/', description: 'Quick capture (when not typing)' }, focusCapture],
    // Everything else is a few letters away.
    [
      { key: 'p', mod: true, shift: true, inFields: true, description: 'Command palette: every screen, action, runbook section and command' },
      () => setPalette(true),
    ],
    [{ key: '?', description: 'This list of shortcuts' }, () => setShortcutsShown(true)],
  ];
  const consoleCommands: PaletteCommand[] = [
    { id: 'console:capture', group: 'Console', label: 'Quick capture: write a note', hint: 'Ctrl/Cmd+K', keywords: 'note timeline', run: focusCapture },
    { id: 'console:shortcuts', group: 'Console', label: 'Keyboard shortcuts', hint: '?', keywords: 'keys help', run: () => setShortcutsShown(true) },
    {
      id: 'console:new-incident',
      group: 'Incident',
      label: 'New incident…',
      keywords: 'open create',
      run: () => navigation.navigate('incidents', { create: true }),
    },
    ...(['both', 'local', 'utc'] as const).map((choice): PaletteCommand => ({
      id: `console:times-${choice}`,
      group: 'Console',
      label: `Times: ${choice === 'both' ? `local (${LOCAL_ZONE.name}) with UTC beside it` : choice === 'local' ? `local only (${LOCAL_ZONE.name})` : 'UTC only'}`,
      hint: display === choice ? 'in use' : undefined,
      keywords: 'time zone date clock settings',
      run: () => setDisplay(choice),
    })),
    ...(['system', 'dark', 'light'] as const).map((choice): PaletteCommand => ({
      id: `console:theme-${choice}`,
      group: 'Console',
      label: `Theme: ${choice === 'system' ? 'follow the system' : choice}`,
      hint: theme === choice ? 'in use' : undefined,
      keywords: 'colours settings',
      run: () => setTheme(choice),
    })),
  ];
  useShortcuts(globalShortcuts, { registry: shortcuts });

  return (
    <CurrentIncidentProvider>
      <ShortcutsContext.Provider value={shortcuts}>
        <NavigationContext.Provider value={navigation}>
          <div className="shell">
            <header className="topbar">
              <div className="brand">Incident Console</div>
              <div className="topbar-slot">
                <IncidentSlot />
                <SeveritySlot />
                <CommanderSlot />
              </div>
              <KillSwitchSlot />
              <DrillBanner />
              <SyncSlot />
              <div className="transport-badge" title="How this window talks to the console's main process">
                {client.kind === 'ipc' ? 'desktop' : 'browser mode'}
              </div>
            </header>
            <nav className="sidenav" aria-label="Views">
              {views.map((view) => (
                <button
                  key={view.id}
                  type="button"
                  className={view.id === current?.id ? 'nav-item active' : 'nav-item'}
                  aria-current={view.id === current?.id ? 'page' : undefined}
                  onClick={() => navigation.navigate(view.id)}
                  title={`Alt+${view.accessKey}`}
                >
                  <span>{view.label}</span>
                  <kbd>Alt+{view.accessKey}</kbd>
                </button>
              ))}
              <label className="theme-picker" title="Saved in this console's data folder">
                <span>Theme</span>
                <select value={theme} onChange={(event) => setTheme(event.target.value as ThemeChoice)} aria-label="Theme">
                  <option value="system">Follow the system</option>
                  <option value="dark">Dark</option>
                  <option value="light">Light</option>
                </select>
              </label>
              <label className="theme-picker" title="How every time is shown; saved in this console's data folder">
                <span>Times</span>
                <select value={display} onChange={(event) => setDisplay(event.target.value as TimeDisplay)} aria-label="Times">
                  <option value="both">Local ({LOCAL_ZONE.name}) + UTC</option>
                  <option value="local">Local only ({LOCAL_ZONE.name})</option>
                  <option value="utc">UTC only</option>
                </select>
              </label>
            </nav>
            <main className="content">
              <SetAsideBanner />
              <NoticeBar />
              {current && <current.Component />}
            </main>
            {palette && <CommandPalette onClose={() => setPalette(false)} extra={consoleCommands} />}
            {shortcutsShown && <ShortcutsOverlay onClose={() => setShortcutsShown(false)} />}
          </div>
        </NavigationContext.Provider>
      </ShortcutsContext.Provider>
    </CurrentIncidentProvider>
  );
}
