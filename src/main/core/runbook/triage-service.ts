import bundledRunbookData from '../../../../resources/runbooks/powernode.json';
import { ConsoleError } from '../../../shared/errors';
import type { Incident, TimelineEntry } from '../../../shared/model';
import { sectionById, type Runbook } from '../../../shared/runbook';
import { checklistEvidence, CHECKLIST_EVIDENCE_KINDS, followTheJournal, type StepEvidence } from '../../../shared/checklist-evidence';
import { deriveSeverityState, SEVERITY_STATE_KINDS } from '../../../shared/severity-timing';
import { compareSeverity, isDowngrade, TriageWalkError, walkTriage } from '../../../shared/triage';
import type { RunbookInfo, SeverityStatus } from '../../../shared/triage-schemas';
import type { Clock } from '../clock';
import type { Handlers, MethodsIn } from '../handlers';
import type { JournalPort } from '../journal/journal-port';
import { KindEntriesCache } from '../journal/kind-entries-cache';
import { loadRunbookFile, validateRunbook } from './runbook-loader';

export interface TriageServiceDeps {
  clock: Clock;
  journal: JournalPort;
  /** The runbook to start with; the shipped resources/runbooks/powernode.json when omitted. */
  runbook?: unknown;
}

export interface TriageService {
  handlers: Handlers<MethodsIn<'runbook' | 'triage'>>;
  /** The runbook in force (bundled, or loaded from a file): reminders read its severity table. */
  activeRunbook(): Runbook;
}

/** What the severity status is derived from: its own kinds, and those that can show a checklist step done. */
const STATUS_KINDS = [...SEVERITY_STATE_KINDS, ...CHECKLIST_EVIDENCE_KINDS];

/**
 * The runbook as data, and everything triage writes into the journal: severity (with the path
 * that justified it), acknowledgement, checklist ticks. State is derived from the journal, never
 * kept beside it. A runbook loaded from disk replaces the active one until the app restarts.
 */
export function createTriageService(deps: TriageServiceDeps): TriageService {
  let active: RunbookInfo = {
    runbook: validateRunbook(deps.runbook ?? bundledRunbookData, 'The bundled runbook'),
    origin: { kind: 'bundled' },
    loadedAt: deps.clock.now().toISOString(),
  };

  // Read after every append (the top bar shows it): only the kinds it is derived from, and of those only the new ones.
  const statusEntries = new KindEntriesCache(deps.journal, STATUS_KINDS);
  /** Per incident, the checklist evidence of the entries last read: grown entries are looked at from where it stopped. */
  const evidenceSeen = new Map<string, { runbook: Runbook; entries: readonly TimelineEntry[]; evidence: Record<string, StepEvidence> }>();
  const evidenceOf = (incidentId: string, entries: readonly TimelineEntry[]): Record<string, StepEvidence> => {
    const seen = evidenceSeen.get(incidentId);
    // The cache grows an incident's list by appending to a copy: the same last object means the same entries before it.
    const grown =
      seen &&
      seen.runbook === active.runbook &&
      seen.entries.length <= entries.length &&
      (seen.entries.length === 0 || entries[seen.entries.length - 1] === seen.entries.at(-1));
    const evidence = grown ? checklistEvidence(active.runbook, entries.slice(seen.entries.length), seen.evidence) : checklistEvidence(active.runbook, entries);
    evidenceSeen.set(incidentId, { runbook: active.runbook, entries, evidence });
    return evidence;
  };
  const status = (incidentId: string): SeverityStatus => {
    const now = deps.clock.now();
    const entries = statusEntries.entries(incidentId);
    const state = deriveSeverityState(entries, active.runbook.severities, now);
    return { ...state, ...followTheJournal(state, evidenceOf(incidentId, entries)), now: now.toISOString() };
  };

  const handlers: TriageService['handlers'] = {
    'runbook.get': () => active,
    'runbook.load': async ({ path }) => {
      const runbook = await loadRunbookFile(path);
      active = { runbook, origin: { kind: 'file', path }, loadedAt: deps.clock.now().toISOString() };
      return active;
    },
    'triage.status': ({ incidentId }) => status(incidentId),
    'triage.setSeverity': ({ incidentId, severity, reason, answers, occurredAt }): Incident => {
      const incident = deps.journal.getIncident(incidentId);
      const from = incident.severity;
      if (from === severity) throw new ConsoleError('SEVERITY_UNCHANGED', `The incident is already ${severity}`);
      if (occurredAt !== undefined) checkBackdate(occurredAt, incident, status(incidentId), deps.clock.now());
      const triage = answers === undefined ? undefined : walk(active.runbook, answers);
      const why = reason.trim();
      if (from !== null && !why) {
        const verb = isDowngrade(from, severity) ? 'Downgrading' : 'Upgrading';
        throw new ConsoleError('REASON_REQUIRED', `${verb} from ${from} to ${severity} needs a reason for the journal`);
      }
      if (triage && compareSeverity(severity, triage.suggested) < 0 && !why) {
        throw new ConsoleError(
          'REASON_REQUIRED',
          `Triage suggested ${triage.suggested}; choosing ${severity} is an under-call and needs a reason (${active.runbook.rules.severityChanges})`,
        );
      }
      const text = why || (triage ? `${severity} set from triage (suggested ${triage.suggested})` : `${severity} set`);
      deps.journal.append(incidentId, { kind: 'severity_changed', text, occurredAt, data: { from, to: severity, ...(triage ? { triage } : {}) } });
      return deps.journal.getIncident(incidentId);
    },
    'triage.acknowledge': ({ incidentId, note }): Incident => {
      const current = status(incidentId);
      if (current.acknowledgement) {
        throw new ConsoleError('ALREADY_ACKNOWLEDGED', `Already acknowledged by ${current.acknowledgement.by} at ${current.acknowledgement.at}`);
      }
      const elapsedMs = current.clock ? Math.max(0, Date.parse(current.now) - Date.parse(current.clock.origin)) : 0;
      const targetMs = current.clock?.targetMs ?? null;
      const verdict = targetMs === null ? '' : elapsedMs <= targetMs ? ' (within target)' : ' (target missed)';
      deps.journal.append(incidentId, {
        kind: 'acknowledged',
        // The instant the figures were computed at, so the entry's time and elapsedMs agree to the millisecond.
        occurredAt: current.now,
        text: note?.trim() || `Acknowledged${current.current ? ` at ${current.current}` : ''}${verdict}`,
        data: { severity: current.current, targetMs, elapsedMs },
      });
      return deps.journal.getIncident(incidentId);
    },
    'triage.setStep': ({ incidentId, sectionId, stepId, done }) => {
      const section = sectionById(active.runbook, sectionId);
      const step = section?.steps.find((candidate) => candidate.id === stepId);
      if (!section || !step) throw new ConsoleError('UNKNOWN_STEP', `The runbook has no step "${stepId}" in section "${sectionId}"`);
      const position = section.steps.indexOf(step) + 1;
      return deps.journal.append(incidentId, {
        kind: 'checklist_step',
        text: `${done ? 'Done' : 'Not done'}: ${section.title}, step ${position}: ${step.text}`,
        data: { sectionId, stepId, done },
      });
    },
  };
  return { handlers, activeRunbook: () => active.runbook };
}

/** Re-walks the answers in main, so the journaled path and suggestion come from the runbook, not the caller. */
function walk(runbook: Runbook, answers: { questionId: string; answerId: string }[]) {
  try {
    const result = walkTriage(runbook, answers);
    if (result.next || !result.suggested) {
      throw new ConsoleError('TRIAGE_INCOMPLETE', `Triage is not finished: "${result.next?.text ?? 'no severity reached'}" is still open`);
    }
    return { path: result.path, suggested: result.suggested, sections: result.sections };
  } catch (error) {
    if (error instanceof TriageWalkError) throw new ConsoleError('TRIAGE_INCOMPLETE', error.message);
    throw error;
  }
}

/** A backdated severity must fall between the incident's start (or the previous change) and now, so periods never overlap. */
function checkBackdate(occurredAt: string, incident: Incident, current: SeverityStatus, now: Date): void {
  const at = Date.parse(occurredAt);
  if (at > now.getTime()) throw new ConsoleError('BAD_TIME', 'A severity cannot be set in the future');
  const floor = Math.max(Date.parse(incident.startedAt), Date.parse(current.periods.at(-1)?.from ?? incident.startedAt));
  if (at < floor) {
    throw new ConsoleError(
      'BAD_TIME',
      `A severity can be backdated to ${new Date(floor).toISOString()} at the earliest (the incident's start or the previous change)`,
    );
  }
}
