import { journalOrder } from './merged-order';
import { entryTime } from './entry-time';
import { entryDataSchemas, type EntryKind, type Severity, type TimelineEntry, type TriageStep } from './model';
import type { SeverityLevel } from './runbook';

/** 09:00 local time on the next weekday after `from`'s day (public holidays are not known). */
export function nextBusinessDay(from: Date, hour = 9): Date {
  const day = new Date(from.getFullYear(), from.getMonth(), from.getDate() + 1, hour, 0, 0, 0);
  while (day.getDay() === 0 || day.getDay() === 6) day.setDate(day.getDate() + 1);
  return day;
}

export function acknowledgementDeadline(level: Pick<SeverityLevel, 'acknowledgeWithin'>, origin: Date): Date {
  return level.acknowledgeWithin === 'next business day' ? nextBusinessDay(origin) : new Date(origin.getTime() + level.acknowledgeWithin);
}

export interface SeverityPeriod {
  severity: Severity;
  from: string;
  /** null while still in force. */
  to: string | null;
  ms: number;
  reason: string;
  author: string;
}

export interface Acknowledgement {
  at: string;
  by: string;
  severity: Severity | null;
  /** From the moment the severity in force was set to the acknowledgement. */
  elapsedMs: number;
  targetMs: number | null;
  met: boolean | null;
}

export interface AckClock {
  severity: Severity;
  origin: string;
  deadline: string;
  targetMs: number;
}

export interface ChecklistTick {
  done: boolean;
  at: string;
  by: string;
  /** The entry that ticked it (the later of a tick by hand and the journal's own evidence wins). */
  seq: number;
  /** Ticked by the journal: the entry that shows the step done (a settled halt, a command run…). */
  via?: { entryId: string; seq: number; summary: string };
}

export interface SeverityState {
  current: Severity | null;
  periods: SeverityPeriod[];
  /** Milliseconds spent in each severity, up to `now` for the one in force. */
  timeIn: Partial<Record<Severity, number>>;
  acknowledgement: Acknowledgement | null;
  /** The running countdown; null once acknowledged or while no severity is set. */
  clock: AckClock | null;
  /** The last triage that justified a severity (path and sections). */
  triage: { path: TriageStep[]; suggested: Severity; sections: string[] } | null;
  /** Every section a triage landed in or a tick touched, in first-seen order. */
  sections: string[];
  /** `sectionId/stepId` → its latest tick. */
  checklist: Record<string, ChecklistTick>;
}

export function checklistKey(sectionId: string, stepId: string): string {
  return `${sectionId}/${stepId}`;
}

/**
 * Severity, acknowledgement and checklist state derived from the journal alone, so the console,
 * the post-mortem and anyone holding an export compute the same figures.
 *
 * The acknowledgement clock starts when the severity in force was set (the `severity_changed`
 * entry's time), not at the incident's start: the start may be backdated to the first symptom in
 * the logs, and a target belongs to a declared severity. Changing severity before acknowledging
 * restarts the clock with the new target.
 */
/** The only kinds deriveSeverityState reads: a caller may hand it just these (an index read, not the whole timeline). */
export const SEVERITY_STATE_KINDS = ['severity_changed', 'acknowledged', 'status_changed', 'checklist_step'] as const satisfies readonly EntryKind[];

export function deriveSeverityState(entries: readonly TimelineEntry[], levels: readonly SeverityLevel[], now: Date): SeverityState {
  const ordered = journalOrder(entries);
  const periods: SeverityPeriod[] = [];
  const sections: string[] = [];
  const checklist: Record<string, ChecklistTick> = {};
  let acknowledgement: Acknowledgement | null = null;
  let triage: SeverityState['triage'] = null;
  let origin: number | null = null;

  for (const entry of ordered) {
    const at = Date.parse(entryTime(entry));
    if (entry.kind === 'severity_changed') {
      const data = entryDataSchemas.severity_changed.safeParse(entry.data);
      if (!data.success) continue; // redacted
      const open = periods.at(-1);
      if (open && open.to === null) {
        open.to = new Date(at).toISOString();
        open.ms = Math.max(0, at - Date.parse(open.from));
      }
      periods.push({ severity: data.data.to, from: new Date(at).toISOString(), to: null, ms: 0, reason: entry.text ?? '', author: entry.author });
      if (data.data.triage) {
        triage = data.data.triage;
        for (const id of data.data.triage.sections) if (!sections.includes(id)) sections.push(id);
      }
      if (!acknowledgement) origin = at;
    } else if ((entry.kind === 'acknowledged' || isAcknowledgingStatus(entry)) && !acknowledgement) {
      // Moving the incident on (acknowledged, mitigated, resolved) by its status also stops the clock.
      const severity = periods.at(-1)?.severity ?? null;
      const level = severity ? levels.find((row) => row.id === severity) : undefined;
      const elapsedMs = origin === null ? 0 : Math.max(0, at - origin);
      const targetMs = level && origin !== null ? acknowledgementDeadline(level, new Date(origin)).getTime() - origin : null;
      acknowledgement = {
        at: new Date(at).toISOString(),
        by: entry.author,
        severity,
        elapsedMs,
        targetMs,
        met: targetMs === null ? null : elapsedMs <= targetMs,
      };
    } else if (entry.kind === 'checklist_step') {
      const data = entryDataSchemas.checklist_step.safeParse(entry.data);
      if (!data.success) continue;
      checklist[checklistKey(data.data.sectionId, data.data.stepId)] = {
        done: data.data.done,
        at: new Date(at).toISOString(),
        by: entry.author,
        seq: entry.seq,
      };
      if (!sections.includes(data.data.sectionId)) sections.push(data.data.sectionId);
    }
  }

  const open = periods.at(-1);
  if (open && open.to === null) open.ms = Math.max(0, now.getTime() - Date.parse(open.from));
  const timeIn: Partial<Record<Severity, number>> = {};
  for (const period of periods) timeIn[period.severity] = (timeIn[period.severity] ?? 0) + period.ms;

  const current = open?.severity ?? null;
  let clock: AckClock | null = null;
  const level = current ? levels.find((row) => row.id === current) : undefined;
  if (!acknowledgement && current && level && origin !== null) {
    const deadline = acknowledgementDeadline(level, new Date(origin));
    clock = { severity: current, origin: new Date(origin).toISOString(), deadline: deadline.toISOString(), targetMs: deadline.getTime() - origin };
  }
  return { current, periods, timeIn, acknowledgement, clock, triage, sections, checklist };
}

function isAcknowledgingStatus(entry: TimelineEntry): boolean {
  if (entry.kind !== 'status_changed') return false;
  const data = entryDataSchemas.status_changed.safeParse(entry.data);
  return data.success && data.data.to !== 'detected';
}
