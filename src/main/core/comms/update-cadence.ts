import { updateCadenceMs, updateChannel, type CadenceLevel } from '../../../shared/comms-cadence';
import type { UpdateCadence } from '../../../shared/comms-schemas';
import type { EntryData, Incident, TimelineEntry } from '../../../shared/model';
import { entryTime } from '../reports/entry-time';

/**
 * When the next internal update is due: the runbook's cadence for the current severity, counted
 * from the last internal update posted, or from the latest severity change (or the start) when
 * none was posted yet. A resolved incident needs no more updates.
 */
export function computeUpdateCadence(incident: Incident, entries: readonly TimelineEntry[], now: Date, levels: readonly CadenceLevel[]): UpdateCadence {
  let lastUpdate: UpdateCadence['lastUpdate'] = null;
  let lastSeverityChange: string | null = null;
  for (const entry of entries) {
    if (entry.redacted || !entry.data) continue;
    if (entry.kind === 'comms_sent') {
      const data = entry.data as EntryData<'comms_sent'>;
      const at = entryTime(entry);
      if (data.audience === 'internal' && (!lastUpdate || at >= lastUpdate.at)) {
        lastUpdate = { at, channel: data.channel, text: entry.text ?? '' };
      }
    } else if (entry.kind === 'severity_changed') {
      const at = entryTime(entry);
      if (!lastSeverityChange || at >= lastSeverityChange) lastSeverityChange = at;
    }
  }
  const cadenceMs = incident.status === 'resolved' ? null : updateCadenceMs(incident.severity, levels);
  const [countingFrom, countingFromWhat]: [string, UpdateCadence['countingFromWhat']] = lastUpdate
    ? [lastUpdate.at, 'last_update']
    : lastSeverityChange
      ? [lastSeverityChange, 'severity_change']
      : [incident.startedAt, 'incident_start'];
  const nextUpdateDueAt = cadenceMs === null ? null : new Date(Date.parse(countingFrom) + cadenceMs).toISOString();
  return {
    incidentId: incident.id,
    severity: incident.severity,
    cadenceMs,
    channel: updateChannel(incident.severity, levels),
    countingFrom,
    countingFromWhat,
    nextUpdateDueAt,
    lastUpdate,
    now: now.toISOString(),
    overdue: nextUpdateDueAt !== null && now.toISOString() >= nextUpdateDueAt,
  };
}
