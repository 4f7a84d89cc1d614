import { z } from 'zod';
import { Incident, type Severity } from '../shared/model';

/**
 * What the tray shows at a glance: the open incident's severity and the kill switch. Built from
 * core events, read tolerantly: a payload this version does not understand is ignored rather than
 * crashing the tray, and events that do not exist yet simply never arrive.
 */
export interface TrayState {
  /** Open (not resolved) incidents by id, so resolving one falls back to the next. */
  incidents: Map<string, Pick<Incident, 'id' | 'title' | 'severity' | 'status' | 'startedAt'>>;
  /** Kill-switch state per Powernode profile (running, halted, unknown, not_connected). */
  killSwitch: Map<string, string>;
}

export const emptyTrayState = (): TrayState => ({ incidents: new Map(), killSwitch: new Map() });

const IncidentLike = Incident.pick({ id: true, title: true, severity: true, status: true, startedAt: true });
const KillSwitchLike = z.object({ profile: z.string(), state: z.string() });
const KillSwitchList = z.object({ states: z.array(KillSwitchLike) });

export function applyIncidents(state: TrayState, incidents: unknown[]): void {
  for (const candidate of incidents) applyIncident(state, candidate);
}

function applyIncident(state: TrayState, payload: unknown): boolean {
  const parsed = IncidentLike.safeParse(payload);
  if (!parsed.success) return false;
  if (parsed.data.status === 'resolved') state.incidents.delete(parsed.data.id);
  else state.incidents.set(parsed.data.id, parsed.data);
  return true;
}

/** Returns whether the event changed what the tray knows. */
export function applyEvent(state: TrayState, name: string, payload: unknown): boolean {
  if (name === 'incidents.changed') return applyIncident(state, payload);
  if (name === 'journal.appended' && payload && typeof payload === 'object' && 'incident' in payload) {
    return applyIncident(state, (payload as { incident: unknown }).incident);
  }
  if (/^killSwitch\./.test(name)) return applyKillSwitch(state, payload);
  return false;
}

export function applyKillSwitch(state: TrayState, payload: unknown): boolean {
  const single = KillSwitchLike.safeParse(payload);
  if (single.success) {
    state.killSwitch.set(single.data.profile, single.data.state);
    return true;
  }
  const list = KillSwitchList.safeParse(payload);
  if (!list.success) return false;
  for (const item of list.data.states) state.killSwitch.set(item.profile, item.state);
  return true;
}

const SEVERITY_RANK: Record<Severity, number> = { SEV1: 1, SEV2: 2, SEV3: 3, SEV4: 4 };
export const SEVERITY_COLOURS: Record<Severity | 'none', string> = {
  SEV1: '#ff4d4f',
  SEV2: '#ff8a3d',
  SEV3: '#ffcc33',
  SEV4: '#7fb2ff',
  none: '#3ccf7e',
};

export interface TraySummary {
  severity: Severity | 'none' | 'untriaged';
  halted: boolean;
  /** One line per fact, for the tooltip and the tray menu's header items. */
  lines: string[];
  tooltip: string;
}

/** The most severe open incident wins (then the most recent); any halted profile counts as halted. */
export function summarizeTray(state: TrayState): TraySummary {
  const open = [...state.incidents.values()].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || b.startedAt.localeCompare(a.startedAt),
  );
  const top = open[0];
  const lines: string[] = [];
  if (top) {
    const more = open.length > 1 ? ` (+${open.length - 1} more open)` : '';
    lines.push(`${top.severity ?? 'Not triaged'}: ${top.title}${more}`);
  } else {
    lines.push('No open incident');
  }
  const profiles = [...state.killSwitch.entries()].sort(([a], [b]) => a.localeCompare(b));
  if (profiles.length === 0) lines.push('Kill switch: not connected');
  for (const [profile, value] of profiles) lines.push(`Kill switch (${profile}): ${value.replace('_', ' ')}`);
  const halted = profiles.some(([, value]) => value === 'halted');
  return {
    severity: top ? (top.severity ?? 'untriaged') : 'none',
    halted,
    lines,
    tooltip: ['Incident Console', ...lines].join('\n'),
  };
}

function rank(severity: Severity | null): number {
  return severity ? SEVERITY_RANK[severity] : 5;
}
