import { join } from 'node:path';
import { ConsoleError } from '../../../shared/errors';
import type { JournalStatus } from '../../../shared/journal-schemas';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { PartialHandlerMap } from '../handlers';
import { Journal } from './journal';
import { JournalErrorCode } from './journal-errors';
import type { JournalPort } from './journal-port';

export const JOURNAL_FILE_NAME = 'journal.sqlite';

export interface JournalServiceDeps {
  dataDir: string;
  clock: Clock;
  operator: string;
  events: EventBus;
  nativeBinding?: string;
}

export interface JournalService {
  /** The open journal, or undefined when it could not be opened (see status). */
  journal: Journal | undefined;
  status: JournalStatus;
  /** What other services write through; it answers with the journal's error when it is unavailable. */
  port: JournalPort;
  handlers: PartialHandlerMap;
  close(): void;
}

/**
 * Opens the journal and serves it. A journal that cannot be opened does not stop the app: every
 * journal method then answers with the reason, and `journal.status` lets the UI explain it.
 */
export function createJournalService(deps: JournalServiceDeps): JournalService {
  const path = join(deps.dataDir, JOURNAL_FILE_NAME);
  let journal: Journal | undefined;
  let status: JournalStatus;
  try {
    journal = new Journal({
      path,
      clock: deps.clock,
      author: deps.operator,
      nativeBinding: deps.nativeBinding,
      onAppended: (entry, incident) => deps.events.emit('journal.appended', { entry, incident }),
      onIncidentChanged: (incident) => deps.events.emit('incidents.changed', incident),
    });
    status = { path, available: true, readOnly: journal.readOnly };
  } catch (error) {
    const failure = error instanceof ConsoleError ? error : new ConsoleError(JournalErrorCode.unavailable, String(error));
    status = { path, available: false, readOnly: false, error: failure.toPayload() };
  }

  const open = (): Journal => {
    if (journal) return journal;
    throw new ConsoleError(status.error?.code ?? JournalErrorCode.unavailable, status.error?.message ?? `The journal ${path} is unavailable`);
  };

  const handlers: PartialHandlerMap = {
    'journal.status': () => status,
    'incidents.create': (input) => open().createIncident(input),
    'incidents.list': () => open().listIncidents(),
    'incidents.get': ({ incidentId }) => open().getIncident(incidentId),
    'incidents.setStatus': ({ incidentId, status: to, note }) => {
      const current = open().getIncident(incidentId);
      if (current.status === to) return current;
      open().append(incidentId, { kind: 'status_changed', text: note ?? `Status: ${current.status} → ${to}`, data: { from: current.status, to } });
      return open().getIncident(incidentId);
    },
    'journal.append': ({ incidentId, kind, text, occurredAt, refersTo }) =>
      open().append(incidentId, { kind, text, data: {}, occurredAt, refersTo }),
    'journal.entries': (query) => open().listEntries(query),
    'journal.search': ({ query, incidentId, limit }) => ({ hits: open().search(query, { incidentId, limit }) }),
    'journal.lookup': ({ entryIds }) => ({ entries: open().entriesByIds(entryIds) }),
    'journal.verify': ({ incidentId }) => open().verifyInSlices(incidentId),
  };

  const port: JournalPort = {
    append: (incidentId, entry) => open().append(incidentId, entry),
    createIncident: (input) => open().createIncident(input),
    getIncident: (incidentId) => open().getIncident(incidentId),
    allEntries: (incidentId) => open().allEntries(incidentId),
    listIncidents: () => open().listIncidents(),
    listEntries: (query) => open().listEntries(query),
  };

  return {
    journal,
    status,
    port,
    handlers,
    close: () => journal?.close(),
  };
}
