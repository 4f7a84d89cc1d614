import { useCallback, useEffect, useRef, useState } from 'react';
import type { ThemeChoice } from '../../../shared/app-schemas';
import { errorMessage } from '../../../shared/errors';
import { useClient } from '../api/client-context';
import { useEvent } from '../api/use-event';
import { OwnSettingEchoes } from './own-setting-echoes';

/**
 * The operator's theme: 'system' leaves the page to prefers-color-scheme (which the desktop app
 * steers through nativeTheme), 'dark'/'light' set :root[data-theme]. Saved in the data dir.
 */
export function applyTheme(theme: ThemeChoice): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function useTheme(): { theme: ThemeChoice; setTheme: (theme: ThemeChoice) => void; error: string | undefined } {
  const client = useClient();
  const [theme, setLocal] = useState<ThemeChoice>('system');
  const [error, setError] = useState<string>();
  const echoes = useRef(new OwnSettingEchoes());
  useEffect(() => {
    client
      .call('app.settings.get', {})
      .then((settings) => setLocal(settings.theme))
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [client]);
  useEvent('app.settings', (settings) => {
    if (echoes.current.shows()) setLocal(settings.theme);
  });
  useEffect(() => applyTheme(theme), [theme]);
  const setTheme = useCallback(
    (next: ThemeChoice) => {
      setLocal(next);
      echoes.current.sent();
      client.call('app.settings.set', { theme: next }).catch((failure: unknown) => {
        echoes.current.failed();
        setError(errorMessage(failure));
      });
    },
    [client],
  );
  return { theme, setTheme, error };
}
