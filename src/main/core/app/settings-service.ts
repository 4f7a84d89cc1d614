import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppSettings } from '../../../shared/app-schemas';
import type { EventBus } from '../event-bus';
import type { PartialHandlerMap } from '../handlers';

export const DEFAULT_SETTINGS: AppSettings = { theme: 'system' };

export const settingsFile = (dataDir: string): string => join(dataDir, 'settings.json');

/**
 * Preferences in `<data dir>/settings.json`. A missing or damaged file falls back to the defaults
 * field by field (a bad theme does not lose the rest); writes go through a temp file and a rename.
 */
export function readSettings(dataDir: string): AppSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(settingsFile(dataDir), 'utf8'));
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw)) {
      const field = AppSettings.shape[key as keyof AppSettings];
      if (field?.safeParse(value).success) merged[key] = value;
    }
  }
  return AppSettings.parse(merged);
}

export function writeSettings(dataDir: string, settings: AppSettings): void {
  mkdirSync(dataDir, { recursive: true });
  const file = settingsFile(dataDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(AppSettings.parse(settings), null, 2));
  renameSync(`${file}.tmp`, file);
}

export interface SettingsServiceDeps {
  dataDir: string;
  events: EventBus;
}

/** Every change is pushed as `app.settings`, so the desktop shell (nativeTheme) and every window follow. */
export function createSettingsHandlers(deps: SettingsServiceDeps): PartialHandlerMap {
  let current = readSettings(deps.dataDir);
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
