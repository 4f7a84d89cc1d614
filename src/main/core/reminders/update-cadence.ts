import bundledRunbookData from '../../../../resources/runbooks/powernode.json';
import type { UpdateCadence } from '../../../shared/comms-schemas';
import { entryTime } from '../../../shared/entry-time';
import type { EntryData, Incident, TimelineEntry } from '../../../shared/model';
import type { SeverityLevel } from '../../../shared/runbook';
import type { JournalPort } from '../journal/journal-port';
import { validateRunbook } from '../runbook/runbook-loader';

/** What the update clock needs of the runbook's severity table ("Internal comms cadence"). */
export type CadenceLevel = Pick<SeverityLevel, 'id' | 'updateEveryMs' | 'updateChannel'>;

/** Where the clock reads that table from: the app hands in the active runbook's. */
export type CadenceLevels = () => readonly CadenceLevel[];

let bundled: readonly CadenceLevel[] | undefined;

/** The shipped runbook's table (SEV1 every 15 min in the war-room, SEV2 30 min, SEV3 hourly, SEV4 none), validated once. */
export const bundledCadenceLevels: CadenceLevels = () => (bundled ??= validateRunbook(bundledRunbookData, 'The bundled runbook').severities);

/** The only kinds the clock depends on. */
const CADENCE_KINDS = ['comms_sent', 'severity_changed'] as const;
/** The latest entries of those kinds read per count: far more than one incident posts between two severity changes. */
const CADENCE_ENTRIES_READ = 500;

/**
 * When the next internal update of `incident` is due: the runbook's cadence for the current
 * severity, counted from the last internal update posted, or from the latest severity change (or
 * the start) when none was posted yet. A resolved incident needs no more updates. The entries are
 * read by an indexed query (the latest few hundred of the two kinds that matter, newest first),
 * so a 10,000-entry incident is not read whole on every reminder check.
 */
export function updateCadence(journal: JournalPort, incident: Incident, now: Date, levels: readonly CadenceLevel[]): UpdateCadence {
  const entries = journal.pageEntries({ incidentId: incident.id, kinds: [...CADENCE_KINDS], order: 'desc', limit: CADENCE_ENTRIES_READ });
  const { lastUpdate, lastSeverityChange } = latestUpdateAndSeverityChange(entries);
  const level = incident.severity === null ? undefined : levels.find((row) => row.id === incident.severity);
  const cadenceMs = incident.status === 'resolved' ? null : (level?.updateEveryMs ?? null);
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
    channel: level?.updateChannel ?? null,
    countingFrom,
    countingFromWhat,
    nextUpdateDueAt,
    lastUpdate,
    now: now.toISOString(),
    overdue: nextUpdateDueAt !== null && now.toISOString() >= nextUpdateDueAt,
  };
}

/** The latest internal update posted and the latest severity change, by when they happened (entries may be backdated). */
function latestUpdateAndSeverityChange(entries: readonly TimelineEntry[]) {
  let lastUpdate: UpdateCadence['lastUpdate'] = null;
  let lastSeverityChange: string | null = null;
  for (const entry of entries) {
    if (entry.redacted || !entry.data) continue;
    const at = entryTime(entry);
    if (entry.kind === 'comms_sent') {
      const data = entry.data as EntryData<'comms_sent'>;
      if (data.audience === 'internal' && (!lastUpdate || at >= lastUpdate.at)) lastUpdate = { at, channel: data.channel, text: entry.text ?? '' };
    } else if (entry.kind === 'severity_changed' && (!lastSeverityChange || at >= lastSeverityChange)) {
      lastSeverityChange = at;
    }
  }
  return { lastUpdate, lastSeverityChange };
}
