import { useEffect, useMemo, useState } from 'react';
import type { ThemeChoice } from '../../shared/app-schemas';
import { transport } from './api/client';
import { useEvent } from './api/use-event';
import { NoticeBar } from './features/shell/NoticeBar';
import { SetAsideBanner } from './features/shell/SetAsideBanner';
import { IncidentSlot } from './features/incidents/IncidentSlot';
import { KillSwitchSlot } from './features/powernode/KillSwitchSlot';
import { SeveritySlot } from './features/triage/SeveritySlot';
import { CurrentIncidentProvider } from './state/current-incident';
import { NavigationContext, type Navigation } from './state/navigation';
import { focusCaptureParams, TIMELINE_VIEW_ID } from './features/timeline/capture-shortcut';
import { useTheme } from './state/theme';
import { requestKillSwitch } from './features/powernode/kill-switch-requests';
import { isViewId } from '../../shared/views';
import { views } from './screens';

/**
 * The shell: a top bar that always shows what matters at 3 a.m. (incident, severity, kill
 * switch), a left navigation, and the current view.
 */
export function App() {
  const [viewId, setViewId] = useState<string>(views[0]?.id ?? 'overview');
  const [params, setParams] = useState<Record<string, string>>({});
  const current = views.find((view) => view.id === viewId) ?? views[0];
  const navigation = useMemo<Navigation>(
    () => ({
      viewId,
      params,
      navigate: (id, nextParams = {}) => {
        setParams(nextParams);
        setViewId(id);
      },
    }),
    [viewId, params],
  );

  // The application menu, tray and global shortcut (desktop) ask for things outside the page.
  useEvent('app.command', (command) => {
    if (command.command === 'open-view' && command.viewId) {
      // A view this build does not have opens nothing.
      if (isViewId(command.viewId)) navigation.navigate(command.viewId);
    } else if (command.command === 'focus-capture') {
      // The same as Ctrl+K in the page: the timeline with its capture box focused.
      navigation.navigate(TIMELINE_VIEW_ID, focusCaptureParams());
    } else if (command.command === 'open-halt-dialog') {
      requestKillSwitch('halt');
    }
  });
  const { theme, setTheme } = useTheme();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = views.find((view) => view.accessKey === event.key);
      if (target) {
        event.preventDefault();
        navigation.navigate(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigation]);

  return (
    <CurrentIncidentProvider>
      <NavigationContext.Provider value={navigation}>
        <div className="shell">
          <header className="topbar">
            <div className="brand">Incident Console</div>
            <div className="topbar-slot">
              <IncidentSlot />
              <SeveritySlot />
            </div>
            <KillSwitchSlot />
            <div className="transport-badge" title="How this window talks to the console's main process">
              {transport.kind === 'ipc' ? 'desktop' : 'browser mode'}
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
          </nav>
          <main className="content">
            <SetAsideBanner />
            <NoticeBar />
            {current && <current.Component />}
          </main>
        </div>
      </NavigationContext.Provider>
    </CurrentIncidentProvider>
  );
}
