import type { Severity } from './model';
import type { SeverityLevel } from './runbook';

/** What the update clock needs of the runbook's severity table ("Internal comms cadence"). */
export type CadenceLevel = Pick<SeverityLevel, 'id' | 'updateEveryMs' | 'updateChannel'>;

/**
 * How often the incident commander posts an internal update, and where: read from the runbook
 * data's severity table (resources/runbooks/powernode.json: SEV1 every 15 min in the war-room,
 * SEV2 every 30 min, SEV3 hourly, SEV4 none). This is the one place comms reads the cadence.
 */
export function updateCadenceMs(severity: Severity | null, levels: readonly CadenceLevel[]): number | null {
  if (severity === null) return null;
  return levels.find((level) => level.id === severity)?.updateEveryMs ?? null;
}

export function updateChannel(severity: Severity | null, levels: readonly CadenceLevel[]): string | null {
  if (severity === null) return null;
  return levels.find((level) => level.id === severity)?.updateChannel ?? null;
}

/** Severities whose post-mortem is due within 5 business days of resolution (runbook: "any SEV1/SEV2"). */
export const POSTMORTEM_REQUIRED: readonly Severity[] = ['SEV1', 'SEV2'];
export const POSTMORTEM_DUE_BUSINESS_DAYS = 5;
