import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleError } from '../../../shared/errors';
import { entryDataSchemas, type EntryKind, type Incident, type NewEntry, type TimelineEntry } from '../../../shared/model';
import type { Clock } from '../clock';
import type { JournalPort } from '../journal/journal-port';

/**
 * STOPGAP until the SQLite journal lands on main: a JournalPort kept in memory and appended,
 * one JSON line per incident or entry, to `<dataDir>/interim-journal.jsonl` so the entries the
 * kill switch writes can be checked. Delete this file when console.ts wires the real journal.
 */
export class InterimJournal implements JournalPort {
  private readonly incidents = new Map<string, Incident>();
  private readonly entries = new Map<string, TimelineEntry[]>();
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly operator: string,
    private readonly clock: Clock,
  ) {
    this.path = join(dataDir, 'interim-journal.jsonl');
  }

  createIncident(input: { title: string; detectedBy: string; startedAt?: string }): Incident {
    const now = this.clock.now().toISOString();
    const incident: Incident = {
      id: randomUUID(),
      title: input.title,
      detectedBy: input.detectedBy,
      startedAt: input.startedAt ?? now,
      createdAt: now,
      createdBy: this.operator,
      status: 'detected',
      severity: null,
      acknowledgedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      entryCount: 0,
      lastEntryAt: null,
    };
    this.incidents.set(incident.id, incident);
    this.entries.set(incident.id, []);
    appendFileSync(this.path, `${JSON.stringify({ incident })}\n`);
    this.append(incident.id, { kind: 'incident_opened', text: input.title, data: { title: input.title, detectedBy: input.detectedBy, startedAt: incident.startedAt } });
    return this.getIncident(incident.id);
  }

  append<K extends EntryKind>(incidentId: string, entry: NewEntry<K>): TimelineEntry {
    const incident = this.getIncident(incidentId);
    const data = entryDataSchemas[entry.kind].parse(entry.data) as Record<string, unknown>;
    const list = this.entries.get(incidentId) ?? [];
    const prevHash = list.at(-1)?.hash ?? '0'.repeat(64);
    const bodyHash = sha256(JSON.stringify({ text: entry.text, data }));
    const recordedAt = this.clock.now().toISOString();
    const stored: TimelineEntry = {
      id: randomUUID(),
      incidentId,
      seq: list.length + 1,
      kind: entry.kind,
      author: this.operator,
      recordedAt,
      occurredAt: entry.occurredAt ?? null,
      refersTo: entry.refersTo ?? null,
      text: entry.text,
      data,
      bodyHash,
      prevHash,
      hash: sha256(`${prevHash}|${entry.kind}|${recordedAt}|${bodyHash}`),
      pinned: false,
      redacted: false,
      amendedBy: [],
    };
    list.push(stored);
    this.entries.set(incidentId, list);
    this.incidents.set(incidentId, { ...incident, entryCount: list.length, lastEntryAt: recordedAt });
    appendFileSync(this.path, `${JSON.stringify({ entry: stored })}\n`);
    return stored;
  }

  getIncident(incidentId: string): Incident {
    const incident = this.incidents.get(incidentId);
    if (!incident) throw new ConsoleError('INCIDENT_NOT_FOUND', `No incident ${incidentId} in this console's journal.`);
    return incident;
  }

  allEntries(incidentId: string): TimelineEntry[] {
    this.getIncident(incidentId);
    return [...(this.entries.get(incidentId) ?? [])];
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
