import type { Incident } from '../../../shared/model';
import type { Clock } from '../clock';
import type { JournalPort } from '../journal/journal-port';
import { incidentsToCheck, PeriodicCheck } from '../periodic-check';
import type { Checkpoints } from './checkpoints';
import { RECORD_KINDS } from './record-kinds';

/** The longest an entry of the record waits for a checkpoint while entries keep coming. */
export const CHECKPOINT_INTERVAL_MS = 10 * 60_000;

/**
 * "At least every 10 minutes while entries are being appended": an incident whose record grew
 * since its last checkpoint gets one once 10 minutes have passed since that checkpoint (or at
 * once, when the first new entry came later than that). Evidence entries (checkpoints, key
 * changes, trusted times) never make one due, so a quiet incident stays quiet. Like the
 * reminders, `check()` runs every few seconds on the injected clock; tests call it.
 */
export class IntervalCheckpoints extends PeriodicCheck<string> {
  /** incidentId → when the next checkpoint is due (null: nothing new), valid for that entry count. */
  private readonly due = new Map<string, { entryCount: number; dueAt: number | null }>();

  constructor(
    private readonly deps: {
      journal: JournalPort;
      clock: Clock;
      checkpoints: Checkpoints;
      /** Makes the checkpoint (it may wait for the device key); failures are the caller's to report. */
      make: (incidentId: string) => void;
    },
  ) {
    super();
  }

  /** Asks for every interval checkpoint due now; answers the incidents it asked for. */
  check(): string[] {
    const incidents = incidentsToCheck(this.deps.journal);
    const now = this.deps.clock.now().getTime();
    const asked: string[] = [];
    for (const incident of incidents) {
      const dueAt = this.dueAt(incident);
      if (dueAt === null || now < dueAt) continue;
      this.due.delete(incident.id);
      this.deps.make(incident.id);
      asked.push(incident.id);
    }
    return asked;
  }

  private dueAt(incident: Incident): number | null {
    const known = this.due.get(incident.id);
    if (known && known.entryCount === incident.entryCount) return known.dueAt;
    const latest = this.deps.checkpoints.latest(incident.id);
    const lastAt = Date.parse(latest?.checkpoint.entry.recordedAt ?? incident.createdAt);
    const [firstNew] = this.deps.journal.pageEntries({
      incidentId: incident.id,
      afterSeq: latest?.checkpoint.entry.seq ?? 0,
      kinds: RECORD_KINDS,
      limit: 1,
    });
    const dueAt = firstNew ? Math.max(lastAt + CHECKPOINT_INTERVAL_MS, Date.parse(firstNew.recordedAt)) : null;
    this.due.set(incident.id, { entryCount: incident.entryCount, dueAt });
    return dueAt;
  }
}
