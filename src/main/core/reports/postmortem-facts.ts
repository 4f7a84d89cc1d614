import type { ActionItem, PostmortemFields } from '../../../shared/comms-schemas';
import type { EntryData, Incident, Severity, TimelineEntry } from '../../../shared/model';
import { currentActionItems } from './action-items';
import { entryTime } from '../../../shared/entry-time';
import { isPlatformChange } from '../../../shared/kill-switch-settled';
import { currentPostmortemFields } from './postmortem-fields';

export type MarkKind = 'halt' | 'resume' | 'ack' | 'mitigated' | 'resolved';

export interface TimelineRow {
  at: string;
  event: string;
  seq: number;
}

export interface SeverityPeriod {
  from: string;
  to: string;
  severity: Severity | null;
}

export interface StripMark {
  at: string;
  kind: MarkKind;
  label: string;
}

/** Everything the post-mortem documents show, derived once from the incident and its journal. */
export interface PostmortemFacts {
  title: string;
  /** An exercise, not an incident: every document says so at its top. */
  drill: boolean;
  startedAt: string;
  /** Resolution time, or null while the incident is open. */
  endedAt: string | null;
  /** End of the drawn window: resolution, else the last entry. */
  windowEnd: string;
  peakSeverity: Severity | null;
  finalSeverity: Severity | null;
  detectedBy: string;
  resolvedBy: string | null;
  timeline: TimelineRow[];
  severityPeriods: SeverityPeriod[];
  marks: StripMark[];
  fields: PostmortemFields;
  actionItems: ActionItem[];
  entryCount: number;
}

const SEVERITY_RANK: Record<Severity, number> = { SEV1: 1, SEV2: 2, SEV3: 3, SEV4: 4 };

/**
 * Reads the journal once: the key milestones (first symptom, severity changes, acknowledgement,
 * kill-switch halt and resume, mitigation, all-clear) plus every pinned entry make the timeline.
 */
export function postmortemFacts(incident: Incident, entries: readonly TimelineEntry[]): PostmortemFacts {
  const timeline: TimelineRow[] = [{ at: incident.startedAt, event: `First symptom: ${incident.title} (detected by ${incident.detectedBy})`, seq: 0 }];
  const marks: StripMark[] = [];
  const severityChanges: Array<{ at: string; to: Severity }> = [];
  let resolvedBy: string | null = null;
  let lastAt = incident.startedAt;

  const platformEvents = new Set<string>();
  for (const entry of entries) {
    const at = entryTime(entry);
    if (at > lastAt) lastAt = at;
    const milestone = entry.redacted || !entry.data ? undefined : milestoneOf(entry, platformEvents);
    if (milestone) {
      timeline.push({ at, event: milestone.event, seq: entry.seq });
      if (milestone.mark) marks.push({ at, kind: milestone.mark, label: milestone.markLabel ?? milestone.event });
      if (entry.kind === 'severity_changed') severityChanges.push({ at, to: (entry.data as EntryData<'severity_changed'>).to });
      if (entry.kind === 'status_changed' && (entry.data as EntryData<'status_changed'>).to === 'resolved') resolvedBy = entry.author;
    } else if (entry.pinned) {
      timeline.push({ at, event: pinnedEvent(entry), seq: entry.seq });
    }
  }
  timeline.sort((a, b) => (a.at === b.at ? a.seq - b.seq : a.at < b.at ? -1 : 1));
  marks.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const windowEnd = incident.resolvedAt && incident.resolvedAt > incident.startedAt ? incident.resolvedAt : lastAt;
  const fields = currentPostmortemFields(entries);
  return {
    title: incident.title,
    drill: incident.drill,
    startedAt: incident.startedAt,
    endedAt: incident.resolvedAt,
    windowEnd,
    peakSeverity: severityChanges.reduce<Severity | null>(
      (peak, change) => (peak === null || SEVERITY_RANK[change.to] < SEVERITY_RANK[peak] ? change.to : peak),
      incident.severity,
    ),
    finalSeverity: incident.severity,
    detectedBy: incident.detectedBy,
    resolvedBy: fields.resolvedBy?.trim() ? fields.resolvedBy.trim() : resolvedBy,
    timeline,
    severityPeriods: severityPeriods(incident.startedAt, windowEnd, severityChanges),
    marks,
    fields,
    actionItems: currentActionItems(entries),
    entryCount: entries.length,
  };
}

const MILESTONE_KINDS = new Set<string>(['severity_changed', 'acknowledged', 'killswitch_call', 'status_changed', 'role_assigned', 'command_handed_over']);

interface Milestone {
  event: string;
  mark?: MarkKind;
  markLabel?: string;
}

function milestoneOf(entry: TimelineEntry, platformEvents: Set<string>): Milestone | undefined {
  if (!MILESTONE_KINDS.has(entry.kind)) return undefined;
  const reason = entry.text?.trim() ? `: ${oneLine(entry.text)}` : '';
  switch (entry.kind) {
    case 'severity_changed': {
      const data = entry.data as EntryData<'severity_changed'>;
      return { event: data.from ? `Severity ${data.from} → ${data.to}${reason}` : `Severity set to ${data.to}${reason}` };
    }
    case 'acknowledged':
      return { event: `Acknowledged by ${entry.author}`, mark: 'ack', markLabel: 'Acknowledged' };
    case 'killswitch_call': {
      const data = entry.data as EntryData<'killswitch_call'>;
      if (!isPlatformChange(data, platformEvents)) return undefined;
      // A resume seen on the server has only the server's generated text ("AI activity resumed…").
      const words = data.result === 'observed' && data.action === 'resume' ? '' : reason;
      const by = data.by ? ` by ${data.by}` : '';
      const where = data.result === 'observed' ? `${data.profile}, seen on the server` : data.profile;
      return data.action === 'halt'
        ? { event: `Kill switch: platform halted${by} (${where})${words}`, mark: 'halt', markLabel: 'Halt' }
        : { event: `Kill switch: platform resumed${by} (${where})${words}`, mark: 'resume', markLabel: 'Resume' };
    }
    case 'role_assigned': {
      // Who led the response is part of its story; the other roles are on the Team screen and in the bundle.
      const data = entry.data as EntryData<'role_assigned'>;
      return data.role === 'commander' ? { event: `${data.responder.name} took command${reason}` } : undefined;
    }
    case 'command_handed_over': {
      const data = entry.data as EntryData<'command_handed_over'>;
      return { event: `Command handed over${data.from ? ` from ${data.from.name}` : ''} to ${data.to.name}${reason}` };
    }
    case 'status_changed': {
      const data = entry.data as EntryData<'status_changed'>;
      // The journal's default text ("Status: a → b") says nothing the milestone does not.
      if (entry.text?.startsWith('Status: ')) return statusMilestone(data, entry.author, '');
      return statusMilestone(data, entry.author, reason);
    }
    default:
      return undefined;
  }
}

function statusMilestone(data: EntryData<'status_changed'>, author: string, reason: string): Milestone {
  if (data.to === 'acknowledged') return { event: `Acknowledged by ${author}`, mark: 'ack', markLabel: 'Acknowledged' };
  if (data.to === 'mitigated') return { event: `Mitigated${reason}`, mark: 'mitigated', markLabel: 'Mitigated' };
  if (data.to === 'resolved') return { event: `All-clear (resolved)${reason}`, mark: 'resolved', markLabel: 'Resolved' };
  return { event: `Status ${data.from} → ${data.to}${reason}` };
}

function pinnedEvent(entry: TimelineEntry): string {
  if (entry.redacted) return '(redacted entry)';
  const text = oneLine(entry.text ?? '');
  switch (entry.kind) {
    case 'command_run': {
      const data = entry.data as EntryData<'command_run'>;
      return `Ran ${data.commandId} on ${data.host}: ${data.outcome}${data.exitCode === null ? '' : ` (exit ${data.exitCode})`}`;
    }
    case 'comms_sent': {
      const data = entry.data as EntryData<'comms_sent'>;
      return `${data.audience === 'customer' ? 'Customer' : 'Internal'} update posted (${data.channel})`;
    }
    case 'killswitch_call': {
      const data = entry.data as EntryData<'killswitch_call'>;
      return `Kill switch ${data.action}: ${data.outcome}`;
    }
    default:
      return text;
  }
}

function severityPeriods(start: string, end: string, changes: Array<{ at: string; to: Severity }>): SeverityPeriod[] {
  const periods: SeverityPeriod[] = [];
  let from = start;
  let severity: Severity | null = null;
  for (const change of changes) {
    const at = change.at < start ? start : change.at;
    if (at > from) periods.push({ from, to: at, severity });
    from = at;
    severity = change.to;
  }
  if (end > from || periods.length === 0) periods.push({ from, to: end > from ? end : from, severity });
  return periods;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
