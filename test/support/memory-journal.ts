import { randomUUID } from 'node:crypto';
import type { JournalPort } from '../../src/main/core/journal/journal-port';
import { entryDataSchemas, type EntryKind, type Incident, type NewEntry, type TimelineEntry } from '../../src/shared/model';
import { ConsoleError } from '../../src/shared/errors';

/**
 * A stand-in JournalPort until the SQLite journal lands: it parses each entry's data against the
 * model like the real one, and keeps entries in memory.
 */
export class MemoryJournal implements JournalPort {
  readonly entries = new Map<string, TimelineEntry[]>();

  constructor(private readonly author = 'test-operator') {}

  openIncident(): string {
    const id = randomUUID();
    this.entries.set(id, []);
    return id;
  }

  append<K extends EntryKind>(incidentId: string, entry: NewEntry<K>): TimelineEntry {
    const list = this.entries.get(incidentId);
    if (!list) throw new ConsoleError('INCIDENT_NOT_FOUND', `No incident ${incidentId}`);
    const data = entryDataSchemas[entry.kind].parse(entry.data) as Record<string, unknown>;
    const stored: TimelineEntry = {
      id: randomUUID(),
      incidentId,
      seq: list.length + 1,
      kind: entry.kind,
      author: this.author,
      recordedAt: new Date().toISOString(),
      occurredAt: entry.occurredAt ?? null,
      refersTo: entry.refersTo ?? null,
      text: entry.text,
      data,
      bodyHash: '',
      prevHash: '',
      hash: '',
      pinned: false,
      redacted: false,
      amendedBy: [],
    };
    list.push(stored);
    return stored;
  }

  getIncident(incidentId: string): Incident {
    const list = this.entries.get(incidentId);
    if (!list) throw new ConsoleError('INCIDENT_NOT_FOUND', `No incident ${incidentId}`);
    const now = new Date().toISOString();
    return {
      id: incidentId, title: 'test', detectedBy: 'test', startedAt: now, createdAt: now, createdBy: this.author,
      status: 'detected', severity: null, acknowledgedAt: null, mitigatedAt: null, resolvedAt: null,
      entryCount: list.length, lastEntryAt: null,
    };
  }

  allEntries(incidentId: string): TimelineEntry[] {
    return [...(this.entries.get(incidentId) ?? [])];
  }
}
