import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleError, type ErrorCode, errorMessage } from '../../../shared/errors';
import type { JournalStatus } from '../../../shared/journal-schemas';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import { fileWriteError } from '../files/file-errors';
import { fileStamp } from '../files/file-stamp';
import type { SetAsideReporter } from '../files/set-aside-log';
import type { Handlers, MethodsIn } from '../handlers';
import { defaultExportFolder } from '../reports/export-folder';
import { Journal } from './journal';
import { DAMAGED_JOURNAL_ADVICE } from './journal-errors';
import type { JournalPort } from './journal-port';

export const JOURNAL_FILE_NAME = 'journal.sqlite';

export interface JournalServiceDeps {
  dataDir: string;
  clock: Clock;
  operator: string;
  /** This console install's device id, written into every entry it appends. */
  device?: string;
  events: EventBus;
  nativeBinding?: string;
  /** Told where a damaged journal went when a new one is started beside it. */
  reportSetAside?: SetAsideReporter;
}

export interface JournalService {
  /** The open journal, or undefined when it could not be opened (see status). */
  readonly journal: Journal | undefined;
  readonly status: JournalStatus;
  /** What other services write through; it answers with the journal's error when it is unavailable. */
  port: JournalPort;
  handlers: Handlers<MethodsIn<'journal' | 'incidents'>>;
  close(): void;
}

/** The renderer reads main's clock across a round trip: a backdated time a moment ahead of it is still "now". */
const FUTURE_GRACE_MS = 5_000;

/** Errors at open after which starting a new journal beside the file is the way on. */
const REPLACEABLE_OPEN_ERRORS: ReadonlySet<ErrorCode> = new Set(['JOURNAL_CORRUPT', 'JOURNAL_NOT_A_JOURNAL']);

/**
 * Opens the journal and serves it. A journal that cannot be opened does not stop the app: every
 * journal method then answers with the reason, and `journal.status` lets the UI explain it. Its
 * status changes once while the app runs (when the background check answers) and is pushed then.
 */
export function createJournalService(deps: JournalServiceDeps): JournalService {
  const path = join(deps.dataDir, JOURNAL_FILE_NAME);
  let journal: Journal | undefined;
  let openError: ConsoleError | undefined;

  const status = (): JournalStatus => {
    if (!journal) {
      return {
        path,
        available: false,
        readOnly: false,
        error: (openError ?? new ConsoleError('JOURNAL_UNAVAILABLE', `The journal ${path} is unavailable`)).toPayload(),
        canStartNew: openError !== undefined && REPLACEABLE_OPEN_ERRORS.has(openError.code),
      };
    }
    const state = journal.state;
    return {
      path,
      available: true,
      readOnly: journal.readOnly,
      ...(state.writableFailure
        ? { error: state.writableFailure }
        : state.readOnlyBecause
          ? { error: readOnlyReason(state.readOnlyBecause, state.integrity.findings, state.inMemoryCopy) }
          : {}),
      integrity: state.integrity,
      canStartNew: state.readOnlyBecause === 'damaged',
    };
  };
  const publish = () => deps.events.emit('journal.status', status());

  const openJournal = () => {
    try {
      journal = new Journal({
        path,
        clock: deps.clock,
        author: deps.operator,
        device: deps.device,
        nativeBinding: deps.nativeBinding,
        onAppended: (entry, incident) => deps.events.emit('journal.appended', { entry, incident }),
        onIncidentChanged: (incident) => deps.events.emit('incidents.changed', incident),
        onImported: (result) => deps.events.emit('chains.imported', result),
        onStateChanged: publish,
        onWarning: (message) => deps.events.emit('app.notice', { level: 'warning', message, at: deps.clock.now().toISOString() }),
      });
      openError = undefined;
    } catch (error) {
      journal = undefined;
      openError = error instanceof ConsoleError ? error : new ConsoleError('JOURNAL_UNAVAILABLE', errorMessage(error));
    }
  };
  openJournal();

  const open = (): Journal => {
    if (journal) return journal;
    const error = status().error!;
    throw new ConsoleError(error.code, error.message);
  };

  /** The damaged file and its WAL keep their bytes under a new name; a fresh journal takes the old one. */
  const startNew = (): JournalStatus => {
    if (!status().canStartNew) {
      throw new ConsoleError('JOURNAL_NOT_REPLACEABLE', 'The journal is not damaged; there is no reason to start a new one.');
    }
    const found = journal?.state.integrity.findings[0];
    const reason = `${found ? `SQLite's check found the journal damaged (${found})` : (openError?.message ?? 'The journal was damaged').replace(/\.$/, '')}; a new, empty journal took its place.`;
    journal?.close();
    journal = undefined;
    const at = deps.clock.now();
    const keptAs = `${path}.damaged-${fileStamp(at)}`;
    try {
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(`${path}${suffix}`)) renameSync(`${path}${suffix}`, `${keptAs}${suffix}`);
    } catch (error) {
      openJournal();
      throw fileWriteError(error, 'move the damaged journal aside', path, 'The journal was left where it was');
    }
    openJournal();
    deps.reportSetAside?.({ label: 'damaged journal', path, movedTo: keptAs, reason, at: at.toISOString() });
    publish();
    return status();
  };

  const handlers: JournalService['handlers'] = {
    'journal.status': () => status(),
    'journal.startNew': () => startNew(),
    'incidents.create': (input) => open().createIncident(input),
    'incidents.list': () => open().listIncidents(),
    'incidents.get': ({ incidentId }) => open().getIncident(incidentId),
    'incidents.removeDrills': () => {
      const removed = open().removeDrills();
      // A drill's exports went to its own default folder, unless the operator named another (which is theirs to keep).
      for (const drill of removed) rmSync(defaultExportFolder(deps.dataDir, drill.id), { recursive: true, force: true });
      if (removed.length > 0) deps.events.emit('incidents.removed', { removed });
      return { removed };
    },
    'incidents.setStatus': ({ incidentId, status: to, note }) => {
      const current = open().getIncident(incidentId);
      if (current.status === to) return current;
      open().append(incidentId, { kind: 'status_changed', text: note ?? `Status: ${current.status} → ${to}`, data: { from: current.status, to } });
      return open().getIncident(incidentId);
    },
    'journal.append': ({ incidentId, kind, text, occurredAt, refersTo }) => {
      if (occurredAt !== undefined && Date.parse(occurredAt) > deps.clock.now().getTime() + FUTURE_GRACE_MS) {
        throw new ConsoleError('JOURNAL_INVALID_ENTRY', 'An entry records what already happened: its time cannot be later than now.');
      }
      return open().append(incidentId, { kind, text, data: {}, occurredAt, refersTo });
    },
    'journal.entries': (query) => open().listEntries(query),
    'journal.search': ({ query, incidentId, limit }) => ({ hits: open().search(query, { incidentId, limit }) }),
    'journal.lookup': ({ entryIds }) => ({ entries: open().entriesByIds(entryIds) }),
    'journal.verify': ({ incidentId }) => open().verifyInSlices(incidentId),
  };

  const port: JournalPort = {
    append: (incidentId, entry) => open().append(incidentId, entry),
    createIncident: (input) => open().createIncident(input),
    getIncident: (incidentId) => open().getIncident(incidentId),
    readTimeline: (incidentId) => open().readTimeline(incidentId),
    entriesOfKinds: (incidentId, kinds) => open().entriesOfKinds(incidentId, kinds),
    listIncidents: () => open().listIncidents(),
    listEntries: (query) => open().listEntries(query),
    pageEntries: (query) => open().pageEntries(query),
    appendStating: (incidentId, build, key) => open().appendStating(incidentId, build, key),
    keysOfDevices: (deviceIds) => open().keysOfDevices(deviceIds),
    writersOf: (incidentId) => open().writersOf(incidentId),
    joinIncident: (input) => open().joinIncident(input),
    chainHeads: (incidentId) => open().chainHeads(incidentId),
    exportChains: (incidentId, options) => open().exportChains(incidentId, options),
    importChains: (incidentId, offer) => open().importChains(incidentId, offer),
  };

  return {
    get journal() {
      return journal;
    },
    get status() {
      return status();
    },
    port,
    handlers,
    close: () => journal?.close(),
  };
}

function readOnlyReason(because: 'file' | 'damaged', findings: string[], inMemoryCopy: string | null) {
  if (because === 'damaged') {
    const found = findings.length > 0 ? ` SQLite's check found: ${findings.slice(0, 3).join('; ')}.` : '';
    return new ConsoleError(
      'JOURNAL_DAMAGED',
      `The journal is damaged, so it is open read-only: nothing will be written to it, and the file is kept exactly as it is.${found} ${DAMAGED_JOURNAL_ADVICE}`,
    ).toPayload();
  }
  const where = inMemoryCopy
    ? ` SQLite could not open it in place (${inMemoryCopy}), so a copy of it was read into memory; once that is fixed, restart the console to record again.`
    : '';
  return new ConsoleError(
    'JOURNAL_READ_ONLY',
    `The journal file cannot be written: the timeline can be read, but nothing new can be recorded.${where}`,
  ).toPayload();
}
