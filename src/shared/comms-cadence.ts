import type { Severity } from './model';

/**
 * How often the incident commander posts an internal update, per severity.
 *
 * This mirrors the runbook's "Internal comms cadence" table (SEV1 every 15 min until resolution,
 * SEV2 every 30 min, SEV3 hourly, SEV4 none). It is the ONE place comms and reminders read the
 * cadence from: when the runbook data (resources/runbooks/powernode.json via src/shared/runbook.ts)
 * lands, point this function at it and nothing else changes.
 */
const CADENCE_MINUTES: Record<Severity, number | null> = {
  SEV1: 15,
  SEV2: 30,
  SEV3: 60,
  SEV4: null,
};

/** The update interval in milliseconds, or null when the severity asks for no regular updates. */
export function updateCadenceMs(severity: Severity | null): number | null {
  if (severity === null) return null;
  const minutes = CADENCE_MINUTES[severity];
  return minutes === null ? null : minutes * 60_000;
}

/** Severities whose post-mortem is due within 5 business days of resolution (runbook: "any SEV1/SEV2"). */
export const POSTMORTEM_REQUIRED: readonly Severity[] = ['SEV1', 'SEV2'];
export const POSTMORTEM_DUE_BUSINESS_DAYS = 5;
