import type { EntryData } from '../../../shared/model';
import type { JournalPort } from '../journal/journal-port';

/**
 * Which server kill-switch events the journal already records, by the server's event id, across
 * every incident: the journal keeps each event once, whoever made it and however the console
 * learnt of it (its own answer, a settled unknown outcome, or the event list). Read from the
 * journal once, then kept in step by the writes that go through here.
 */
export class KillSwitchLedger {
  private ids: Set<string> | null = null;

  constructor(private readonly journal: JournalPort) {}

  has(eventId: string): boolean {
    return this.load().has(eventId);
  }

  add(eventId: string): void {
    this.load().add(eventId);
  }

  private load(): Set<string> {
    if (this.ids) return this.ids;
    const ids = new Set<string>();
    try {
      // Every chain's entries of the kind, at once: pages by seq would skip entries of other devices' chains.
      for (const incident of this.journal.listIncidents()) {
        for (const entry of this.journal.entriesOfKinds(incident.id, ['killswitch_call'])) {
          const id = (entry.data as EntryData<'killswitch_call'> | null)?.serverEventId;
          if (id) ids.add(id);
        }
      }
    } catch {
      // The journal cannot be read now (it says why elsewhere, and refuses writes too): try again next time.
      return ids;
    }
    this.ids = ids;
    return ids;
  }
}
