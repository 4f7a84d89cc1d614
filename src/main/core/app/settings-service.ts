import { join } from 'node:path';
import { AppSettings } from '../../../shared/app-schemas';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import { writePrivateFile } from '../files/private-files';
import type { SetAsideReporter } from '../files/set-aside-log';
import { readSideFile, type SideFile } from '../files/side-file';
import type { Handlers, MethodsIn } from '../handlers';

export const DEFAULT_SETTINGS: AppSettings = { theme: 'system', timeDisplay: 'both' };
const SETTINGS_FORMAT = 1;

export const settingsFile = (dataDir: string): string => join(dataDir, 'settings.json');

/**
 * Preferences in `<data dir>/settings.json`. A missing file gives the defaults; a file that is not
 * a JSON object, or comes from a newer console, is set aside; a field with a bad value falls back
 * to its default on its own (a bad theme does not lose the rest).
 */
export function readSettings(dataDir: string, clock: Clock, report?: SetAsideReporter): AppSettings {
  const file: SideFile<AppSettings> = {
    path: settingsFile(dataDir),
    label: 'settings',
    version: SETTINGS_FORMAT,
    defaults: () => ({ ...DEFAULT_SETTINGS }),
    parse: (raw) => {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'The settings file does not hold a JSON object.' };
      const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
      for (const [key, value] of Object.entries(raw)) {
        const field = AppSettings.shape[key as keyof AppSettings];
        if (field?.safeParse(value).success) merged[key] = value;
      }
      return { ok: true, value: AppSettings.parse(merged) };
    },
  };
  return readSideFile(file, { clock, report });
}

export function writeSettings(dataDir: string, settings: AppSettings): void {
  const content = `${JSON.stringify({ version: SETTINGS_FORMAT, ...AppSettings.parse(settings) }, null, 2)}\n`;
  writePrivateFile(settingsFile(dataDir), content, 'save the settings');
}

export interface SettingsServiceDeps {
  dataDir: string;
  events: EventBus;
  clock: Clock;
  reportSetAside?: SetAsideReporter;
}

/** Every change is pushed as `app.settings`, so the desktop shell (nativeTheme) and every window follow. */
export function createSettingsHandlers(deps: SettingsServiceDeps): Handlers<MethodsIn<'app.settings'>> {
  let current = readSettings(deps.dataDir, deps.clock, deps.reportSetAside);
  return {
    'app.settings.get': () => current,
    'app.settings.set': (patch) => {
      const next = AppSettings.parse({ ...current, ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) });
      writeSettings(deps.dataDir, next);
      current = next;
      deps.events.emit('app.settings', next);
      return next;
    },
  };
}
