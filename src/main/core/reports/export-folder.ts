import { isAbsolute, join, normalize } from 'node:path';
import { ConsoleError } from '../../../shared/errors';

/** Where an incident's files go unless the operator picks a folder. */
export function defaultExportFolder(dataDir: string, incidentId: string): string {
  return join(dataDir, 'exports', incidentId);
}

/** Browser mode has no folder dialog: the operator types a path, which must be absolute. */
export function resolveExportFolder(requested: string | undefined, dataDir: string, incidentId: string): string {
  const trimmed = requested?.trim();
  if (!trimmed) return defaultExportFolder(dataDir, incidentId);
  if (!isAbsolute(trimmed)) {
    throw new ConsoleError(
      'REPORTS_BAD_FOLDER',
      `Give the folder as a full path (for example ${defaultExportFolder(dataDir, incidentId)}), not "${trimmed}".`,
      [{ path: 'folder', message: 'A full path, not a relative one' }],
    );
  }
  return normalize(trimmed);
}
