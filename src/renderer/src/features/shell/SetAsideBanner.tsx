import { useEffect, useState } from 'react';
import type { SetAsideFile } from '../../../../shared/app-schemas';
import { useEvent } from '../../api/use-event';
import { useMethod } from '../../api/use-method';

/**
 * Side files (settings, profiles, hosts, window position) the console set aside because they were
 * damaged or from a newer version: what, why, and where the file is now, on every screen until
 * dismissed, since the console started with defaults in their place.
 */
export function SetAsideBanner() {
  const loaded = useMethod('app.setAsideFiles', {}).data;
  const [files, setFiles] = useState<SetAsideFile[]>([]);
  const [dismissed, setDismissed] = useState(0);
  useEffect(() => {
    if (loaded) setFiles(loaded.files);
  }, [loaded]);
  useEvent('app.setAside', (file) => setFiles((list) => [...list, file]));
  const shown = files.slice(dismissed);
  if (shown.length === 0) return null;
  return (
    <div className="set-aside-banner" role="alert" data-testid="set-aside-banner">
      <strong>{shown.length === 1 ? `The ${shown[0]!.label} file was set aside.` : `${shown.length} files were set aside.`}</strong>
      <ul>
        {shown.map((file) => (
          <li key={`${file.path}-${file.at}`}>
            <span>{file.reason}</span>{' '}
            {file.movedTo ? (
              <span>
                Kept as <span className="mono">{file.movedTo}</span>
              </span>
            ) : (
              <span>
                Still at <span className="mono">{file.path}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      <span className="muted">
        The console carries on without them (defaults, or a new journal, in their place); the kept files still hold what was in them.
      </span>
      <button type="button" className="link-button" onClick={() => setDismissed(files.length)}>
        Dismiss
      </button>
    </div>
  );
}
